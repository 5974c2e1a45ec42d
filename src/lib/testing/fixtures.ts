import type { CheckinDoc } from '$lib/domain/checkin';
import type { ConflictDoc } from '$lib/domain/conflict';
import type { MeetingDoc, RoomDoc } from '$lib/domain/planning';
import type { ChecklistDoc, ReceiptDoc } from '$lib/domain/receipt';
import type { ServiceDoc, SiteDoc } from '$lib/domain/reference';
import type { VisitDoc } from '$lib/domain/visit';
import type { VisitFormInput } from '$lib/visitors/form';

/**
 * A document as tests write it: without the loosely typed `_attachments` of the schemas,
 * which PouchDB's own typings refuse.
 */
export type Fixture<T> = Omit<T, '_attachments'>;

/** 23:30 UTC on 10 March is already 11 March in Paris (UTC+1): catches days computed in UTC. */
export const LATE_ARRIVAL = '2025-03-10T23:30:00.000Z';

export function visit(overrides: Partial<Fixture<VisitDoc>> = {}): Fixture<VisitDoc> {
  return {
    _id: `visit:curial:${LATE_ARRIVAL}:a1b2c3d4`,
    type: 'visit',
    v: 1,
    site: 'curial',
    visitorName: 'Élodie Martin',
    organisation: 'CAF de la Savoie',
    reason: "Carte d'identité",
    serviceId: 'service:etat-civil',
    vigipirate: { idChecked: true, doorOpenedBy: 'Paul Girard', doorOpenedAt: LATE_ARRIVAL },
    arrivedAt: LATE_ARRIVAL,
    createdBy: 'desk-curial-1',
    updatedAt: LATE_ARRIVAL,
    updatedBy: 'desk-curial-1',
    fieldGen: {},
    ...overrides
  };
}

export function service(overrides: Partial<Fixture<ServiceDoc>> = {}): Fixture<ServiceDoc> {
  return {
    _id: 'service:etat-civil',
    type: 'service',
    v: 1,
    name: 'État civil',
    site: 'curial',
    location: 'Rez-de-chaussée, guichet 2',
    phone: '04 79 60 20 00',
    reasons: ["Carte d'identité", 'Passeport'],
    keywords: ['Mariage', 'naissance'],
    ...overrides
  };
}

export function site(overrides: Partial<Fixture<SiteDoc>> = {}): Fixture<SiteDoc> {
  return {
    _id: 'site:curial',
    type: 'site',
    v: 1,
    code: 'curial',
    name: 'Espace Curial',
    address: '1 place Métropole, 73000 Chambéry',
    timeZone: 'Europe/Paris',
    openingHours: [{ weekday: 1, open: '08:30', close: '17:00', breakStart: '12:00', breakEnd: '13:30' }],
    vigipirateLevel: 'urgence-attentat',
    ...overrides
  };
}

export function room(overrides: Partial<Fixture<RoomDoc>> = {}): Fixture<RoomDoc> {
  return {
    _id: 'room:hdv:salle-du-conseil',
    type: 'room',
    v: 1,
    site: 'hdv',
    name: 'Salle du conseil',
    floor: '1er étage',
    capacity: 80,
    equipment: ['Vidéoprojecteur', 'Sonorisation'],
    directions: 'Escalier d’honneur, première porte à gauche',
    ...overrides
  };
}

/** Starts 22:30 UTC on 1 June, which is 00:30 on 2 June in Paris (UTC+2). */
export function meeting(overrides: Partial<Fixture<MeetingDoc>> = {}): Fixture<MeetingDoc> {
  return {
    _id: 'meeting:hdv:2025-06-01T22:30:00.000Z:conseil',
    type: 'meeting',
    v: 1,
    site: 'hdv',
    roomId: 'room:hdv:salle-du-conseil',
    title: 'Conseil municipal',
    organiser: 'Cabinet du maire',
    start: '2025-06-01T22:30:00.000Z',
    end: '2025-06-02T01:00:00.000Z',
    source: 'manual',
    ...overrides
  };
}

export function checkin(overrides: Partial<Fixture<CheckinDoc>> = {}): Fixture<CheckinDoc> {
  return {
    _id: 'checkin:curial:2025-03-10T08:00:00.000Z:k1',
    type: 'checkin',
    v: 1,
    site: 'curial',
    visitorName: 'Jean Dupont',
    reason: 'Rendez-vous urbanisme',
    createdAt: '2025-03-10T08:00:00.000Z',
    kiosk: 'borne-curial',
    ...overrides
  };
}

export function conflict(overrides: Partial<Fixture<ConflictDoc>> = {}): Fixture<ConflictDoc> {
  return {
    _id: `conflict:visit:curial:${LATE_ARRIVAL}:a1b2c3d4:2-bbb`,
    type: 'conflict',
    v: 1,
    docId: `visit:curial:${LATE_ARRIVAL}:a1b2c3d4`,
    docType: 'visit',
    fields: [{ field: 'reason', kept: 'Passeport', discarded: 'Mariage' }],
    keptRev: '2-aaa',
    discardedRev: '2-bbb',
    detectedAt: '2025-03-11T08:00:00.000Z',
    detectedBy: 'desk-curial-1',
    ...overrides
  };
}

export function checklist(overrides: Partial<Fixture<ChecklistDoc>> = {}): Fixture<ChecklistDoc> {
  return {
    _id: 'checklist:carte-identite',
    type: 'checklist',
    v: 1,
    name: "Carte nationale d'identité",
    items: [
      { label: 'Pré-demande en ligne (numéro)', required: true },
      { label: "Photo d'identité de moins de 6 mois", required: true },
      { label: 'Justificatif de domicile', required: true },
      { label: 'Ancienne carte', required: false }
    ],
    notes: 'Sur rendez-vous.',
    updatedAt: '2025-03-01T08:00:00.000Z',
    updatedBy: 'coordinator',
    ...overrides
  };
}

/** A dossier taken in at Curial with its photo missing. */
export function receipt(overrides: Partial<Fixture<ReceiptDoc>> = {}): Fixture<ReceiptDoc> {
  return {
    _id: 'receipt:curial:C-2025-K7QX-0001',
    type: 'receipt',
    v: 1,
    kind: 'depot',
    site: 'curial',
    number: 'C-2025-K7QX-0001',
    person: { name: 'Élodie Martin', idChecked: true, idDocument: "Carte nationale d'identité" },
    documents: ["Dossier de carte nationale d'identité"],
    dossier: {
      checklistId: 'checklist:carte-identite',
      procedure: "Carte nationale d'identité",
      items: [
        { label: 'Pré-demande en ligne (numéro)', required: true, present: true },
        { label: "Photo d'identité de moins de 6 mois", required: true, present: false }
      ]
    },
    createdAt: LATE_ARRIVAL,
    adviser: 'Anne Roux',
    createdBy: 'desk-curial-1',
    ...overrides
  };
}

/** A complete, valid registration form. */
export function visitFormInput(overrides: Partial<VisitFormInput> = {}): VisitFormInput {
  return {
    site: 'curial',
    visitorName: 'Élodie Martin',
    organisation: 'CAF de la Savoie',
    reason: "Carte d'identité",
    serviceId: 'service:etat-civil',
    idChecked: true,
    doorOpenedBy: 'Paul Girard',
    ...overrides
  };
}

/** An inline attachment entry of `bytes` bytes, as PouchDB sends it (base64 `data`). */
export function inlineAttachment(contentType: string, bytes = 8): { content_type: string; data: string } {
  // Bytes 0x89 (a PNG's first byte): "iYmJ" per three, without building a huge buffer.
  const tail = ['', 'iQ==', 'iYk='][bytes % 3]!;
  return { content_type: contentType, data: 'iYmJ'.repeat(Math.floor(bytes / 3)) + tail };
}

/** An attachment stub, as a document read back without its files carries it (and Apache CouchDB validates it). */
export function attachmentStub(contentType: string, length: number): { content_type: string; stub: true; length: number; digest: string; revpos: number } {
  return { content_type: contentType, stub: true, length, digest: 'md5-AAAAAAAAAAAAAAAAAAAAAA==', revpos: 1 };
}

/** A fixture with attachments, kept apart from its typed fields (see {@link Fixture}). */
export function withAttachments<T extends object>(doc: T, attachments: Record<string, unknown>): T & { _attachments: Record<string, unknown> } {
  return { ...doc, _attachments: attachments };
}
