import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_RULES, PHOTO_MAX_BYTES, RECEIPT_PDF_MAX_BYTES, SIGNATURE_MAX_BYTES } from '$lib/domain/attachments';
import { DB_NAMES, type DbName, ISO_DAY } from '$lib/domain/common';
import { parseDocument } from '$lib/domain/documents';
import { appointment, appointmentSettingsFixture } from '$lib/testing/appointment-fixtures';
import { call, ticket } from '$lib/testing/queue-fixtures';
import { attachmentStub, checkin, checklist, conflict, inlineAttachment, meeting, receipt, room, service, site, visit, withAttachments } from '$lib/testing/fixtures';
import { boardPrint, equipment, feed, loan, roomCheck, roomIssue } from '$lib/testing/building-fixtures';
import { adviser, shift } from '$lib/testing/shift-fixtures';
import { compileDesignFunction, type ValidateFn } from '../../../sync-server/src/couch/ddoc-eval';
import { DDOCS_DIR, type DesignDoc, loadDesignDocs, loadSharedFragments } from '../../../sync-server/src/setup/design-docs';

type Doc = { _id: string; type?: string } & Record<string, unknown>;
const ADMIN = { name: 'admin', roles: ['_admin'] };
const SEC = { members: { names: [], roles: [] }, admins: { names: [], roles: [] } };

/** What the server installs: the design documents with their shared fragments inlined. */
let ddocs: Record<string, DesignDoc[]>;
const source = (db: string, name: string): string => {
  const src = ddocs[db]?.find((d) => d._id === `_design/${name}`)?.validate_doc_update;
  if (!src) throw new Error(`no ${name} validate_doc_update in ${db}`);
  return src;
};
const fn = (db: string, name: string): ValidateFn => compileDesignFunction<ValidateFn>(source(db, name), `${db}/${name}`);

/** Runs a validator; returns null when it accepts, else what it threw. */
function verdict(validate: ValidateFn, doc: unknown, oldDoc: unknown = null, userCtx: unknown = ADMIN): { forbidden?: string; unauthorized?: string } | null {
  try {
    validate(structuredClone(doc), oldDoc, userCtx, SEC);
    return null;
  } catch (e) {
    return e as { forbidden?: string; unauthorized?: string };
  }
}

beforeAll(async () => {
  ddocs = await loadDesignDocs();
});

/** The same samples as the zod schema tests (src/lib/testing/fixtures.ts), by database. */
const VALID: [DbName, Doc][] = [
  ['accueil', visit()],
  ['accueil', visit({ organisation: '', checkedOutAt: '2025-03-11T01:15:00+01:00', checkedOutBy: 'desk', fieldGen: { reason: 2, checkedOutAt: 3 } })],
  ['accueil', visit({ vigipirate: { idChecked: false, doorOpenedBy: 'P', doorOpenedAt: '2025-03-10T23:30:00Z', refusedReason: 'Refus de contrôle' } })],
  ['accueil', visit({ sentTo: 'hdv' })],
  ['accueil', visit({ history: [{ event: 'checkout', at: '2025-03-11T00:10:00.000Z', by: 'Anne' }, { event: 'checkout-undone', at: '2025-03-11T00:10:05.000Z', by: 'Anne' }], fieldGen: { history: 3 } })],
  ['accueil', visit({ sentTo: 'hdv', receivedAt: '2025-03-11T00:30:00.000Z', receivedBy: 'Chloé', fieldGen: { receivedAt: 2, receivedBy: 2 } })],
  ['accueil', conflict()],
  ['accueil', appointment()],
  ['accueil', appointment({ person: { name: 'Jean Dupont' }, notes: undefined, status: 'arrived', visitId: 'visit:curial:x', history: [{ code: 'ABCDEF', status: 'cancelled', at: '2025-03-02T10:00:00.000Z', by: 'desk-hdv' }], fieldGen: { status: 3, history: 2 } })],
  ['accueil', conflict({ fields: [{ field: 'reason', kept: null, discarded: { a: 1 } }], reviewedAt: '2025-03-12T08:00:00.000Z', reviewedBy: 'coordinator' })],
  ['planning', room()],
  ['planning', room({ calendarUrl: 'https://agenda.example.fr/salle.ics', equipment: [], floor: '', directions: '' })],
  ['planning', meeting()],
  ['planning', meeting({ expectedAttendees: 0, source: 'ics', organiser: '' })],
  ['planning', meeting({ _id: 'meeting:hdv:ics:0a1b2c3d', source: 'zimbra', icsUid: 'abc@zimbra', recurrenceId: '2025-06-01T22:30:00.000Z', allDay: false, cancelled: true, updatedAt: '2025-06-01T06:00:00.000Z', updatedBy: 'server' })],
  ['planning', feed()],
  ['planning', feed({ okAt: undefined, error: 'HTTP 503', failures: 3, meetings: 0 })],
  ['planning', boardPrint()],
  ['planning', boardPrint({ entries: [] })],
  ['accueil', roomCheck()],
  ['accueil', roomCheck({ round: 'closing', note: 'Fenêtre du fond bloquée' })],
  ['accueil', roomIssue()],
  ['accueil', roomIssue({ status: 'fixed', fixedAt: '2025-06-03T08:00:00.000Z', fixedBy: 'desk-hdv-2', fixNote: 'Serrure changée' })],
  ['accueil', equipment()],
  ['accueil', equipment({ kind: 'key', notes: 'Trousseau bleu', retired: true, reference: '' })],
  ['accueil', loan()],
  ['accueil', adviser()],
  ['accueil', adviser({ active: false, pin: { ...adviser().pin, iterations: 100_000 } })],
  ['accueil', shift()],
  ['accueil', shift({ endedAt: '2026-12-01T11:00:00.000Z', endReason: 'idle' })],
  ['accueil', loan({ returnedAt: '2025-06-02T14:00:00.000Z', returnedTo: 'desk-curial-2', note: 'Chargeur manquant', service: '' })],
  ['planning', conflict({ docId: 'meeting:hdv:x', docType: 'meeting' })],
  ['accueil', receipt()],
  ['accueil', receipt({ _id: 'receipt:hdv:H-2025-AB23-0012', site: 'hdv', number: 'H-2025-AB23-0012', kind: 'remise', dossier: undefined, person: { name: 'Paul Girard', idChecked: false }, documents: ['Carte électorale', "Acte de naissance"] })],
  ['accueil', receipt({ dossier: { checklistId: 'checklist:x', procedure: 'Permis', items: [] } })],
  ['referentiel', checklist()],
  ['referentiel', checklist({ notes: undefined, items: [{ label: 'Formulaire Cerfa', required: false }] })],
  ['referentiel', site()],
  ['referentiel', site({ openingHours: [] })],
  ['referentiel', service()],
  ['referentiel', service({ keywords: undefined, phone: undefined })],
  ['referentiel', service({ appointments: appointmentSettingsFixture() })],
  ['referentiel', service({ appointments: { ...appointmentSettingsFixture(), closedDays: undefined, bring: undefined } as never })],
  ['borne', checkin()],
  ['borne', checkin({ ticketNumber: 'K12' })],
  ['borne', checkin({ withAppointment: true })],
  // Fixtures leave `_attachments` out of their type (PouchDB's typings refuse the schema's): added beside.
  ['borne', { ...checkin({ serviceId: 'service:etat-civil', language: 'en', consentAt: '2025-03-10T09:00:00.000Z' }), _attachments: { 'signature.png': { content_type: 'image/png', data: 'iVBORw0KGgo=' } } }],
  ['accueil', ticket()],
  ['accueil', ticket({ _id: 'ticket:hdv:2025-03-10:rdv:etat-civil:2025-03-10T09:00:00.000Z:1', site: 'hdv', number: 'K3', source: 'kiosk', category: 'service:etat-civil', visitId: 'visit:hdv:x', appointmentId: 'appointment:etat-civil:2025-03-10T09:00:00.000Z:1' })],
  ['accueil', ticket({ status: 'called', calledAt: '2025-03-10T08:10:00.000Z', calledBy: 'Anne', guichet: 2, fieldGen: { status: 2, calledAt: 2, calledBy: 2, guichet: 2 } })],
  ['accueil', ticket({ status: 'closed', closedAt: '2025-03-10T17:30:00.000Z', closedReason: 'Fermeture' })],
  ['borne', checkin({ appointmentCode: 'ABC234' })],
  ['borne', checkin({ appointmentCode: 'ABC2345' })],
  ['borne', checkin({ consent: 'at-desk' })],
  ['borne', checkin({ consent: 'signed', consentAt: '2025-03-10T09:00:00.000Z' })],
  ['referentiel', service({ reasonsEn: ['Birth certificate'] })],
  ['accueil', visit({ consentAtDesk: true })],
  ['accueil', visit({ consentAtDesk: true, consentRecordedAt: '2025-03-11T00:30:00.000Z', consentRecordedBy: 'Chloé', fieldGen: { consentRecordedAt: 2, consentRecordedBy: 2 } })],
  ['planning', call()],
  // Leap days and the ends of the range of days.
  ['accueil', ticket({ _id: 'ticket:curial:2024-02-29:A12', day: '2024-02-29' })],
  ['accueil', ticket({ _id: 'ticket:curial:2000-02-29:A12', day: '2000-02-29' })],
  ['planning', call({ _id: 'call:curial:0001-01-01:A12:desk-curial', day: '0001-01-01' })],
  ['planning', boardPrint({ _id: 'boardprint:hdv:9999-12-31', day: '9999-12-31' })],
  ['referentiel', service({ appointments: appointmentSettingsFixture({ closedDays: ['2028-02-29', '2025-12-31'] }) })],
  // The files the app attaches, inline (a new revision) or as stubs (an edit of a stored one).
  ['accueil', withAttachments(visit(), { 'signature.png': inlineAttachment('image/png') })],
  ['accueil', withAttachments(visit(), { 'signature.png': attachmentStub('image/png', SIGNATURE_MAX_BYTES) })],
  ['borne', withAttachments(checkin(), { 'signature.png': inlineAttachment('image/png', SIGNATURE_MAX_BYTES) })],
  ['accueil', withAttachments(receipt(), { 'signature.png': inlineAttachment('image/png', 2000), 'recepisse.pdf': inlineAttachment('application/pdf', 30_000) })],
  ['accueil', withAttachments(receipt(), { 'signature.png': attachmentStub('image/png', 2000), 'recepisse.pdf': attachmentStub('application/pdf', RECEIPT_PDF_MAX_BYTES) })],
  ['accueil', withAttachments(roomIssue(), { 'photo.jpg': inlineAttachment('image/jpeg', 150_000) })],
  ['accueil', withAttachments(roomIssue(), { 'photo.jpg': attachmentStub('image/heic', PHOTO_MAX_BYTES) })],
  ['accueil', withAttachments(roomIssue({ status: 'fixed', fixedAt: '2025-06-03T08:00:00.000Z' }), { 'photo.jpg': attachmentStub('image/jpeg', 150_000) })],
  ['accueil', withAttachments(ticket(), {})]
];

/** Malformed documents: each must fail both the zod schema and the structure ddoc. */
const MALFORMED: [DbName, string, Doc][] = [
  ['accueil', 'visit v 2', visit({ v: 2 as 1 })],
  ['accueil', 'visit blank name', visit({ visitorName: '   ' })],
  ['accueil', 'visit name too long', visit({ visitorName: 'x'.repeat(121) })],
  ['accueil', 'visit organisation null', visit({ organisation: null as never })],
  ['accueil', 'visit organisation too long', visit({ organisation: 'x'.repeat(121) })],
  ['accueil', 'visit reason too long', visit({ reason: 'x'.repeat(201) })],
  ['accueil', 'visit history event unknown', visit({ history: [{ event: 'deleted' as 'checkout', at: '2025-03-11T00:10:00.000Z', by: 'Anne' }] })],
  ['accueil', 'visit bad site', visit({ site: 'lyon' as never })],
  ['accueil', 'visit id of the other site', visit({ site: 'hdv' })],
  ['accueil', 'visit serviceId prefix', visit({ serviceId: 'etat-civil' })],
  ['accueil', 'visit vigipirate extra key', visit({ vigipirate: { ...visit().vigipirate, extra: true } as never })],
  ['accueil', 'visit vigipirate idChecked string', visit({ vigipirate: { ...visit().vigipirate!, idChecked: 'yes' as never } })],
  ['accueil', 'visit vigipirate missing doorOpenedAt', visit({ vigipirate: { idChecked: true, doorOpenedBy: 'P' } as never })],
  ['accueil', 'visit arrivedAt without seconds', visit({ arrivedAt: '2025-03-10T23:30Z' })],
  ['accueil', 'visit arrivedAt without zone', visit({ arrivedAt: '2025-03-10T23:30:00' })],
  ['accueil', 'visit arrivedAt 30 February', visit({ arrivedAt: '2025-02-30T10:00:00Z' })],
  ['accueil', 'visit checkout before arrival', visit({ checkedOutAt: '2025-03-10T22:00:00.000Z' })],
  // Later as a string, earlier as an instant: both compare instants.
  ['accueil', 'visit checkout before arrival, with an offset', visit({ checkedOutAt: '2025-03-11T00:15:00+01:00' })],
  ['accueil', 'visit fieldGen unknown field', visit({ fieldGen: { site: 2 } as never })],
  ['accueil', 'visit sent to its own building', visit({ sentTo: 'curial' })],
  ['accueil', 'visit sent to an unknown building', visit({ sentTo: 'lyon' as never })],
  ['accueil', 'visit received without being sent', visit({ receivedAt: '2025-03-11T00:30:00.000Z' })],
  ['accueil', 'visit received at a bad time', visit({ sentTo: 'hdv', receivedAt: 'hier' })],
  ['accueil', 'visit fieldGen zero', visit({ fieldGen: { reason: 0 } })],
  ['accueil', 'visit fieldGen fraction', visit({ fieldGen: { reason: 1.5 } })],
  ['accueil', 'visit fieldGen array', visit({ fieldGen: [] as never })],
  ['accueil', 'unknown type', { _id: 'note:1', type: 'note', v: 1 }],
  ['accueil', 'no type', { _id: 'x', v: 1 }],
  ['accueil', 'checkin in accueil', checkin()],
  ['accueil', 'conflict fields missing kept', conflict({ fields: [{ field: 'a', discarded: 1 } as never] })],
  ['accueil', 'conflict empty docId', conflict({ docId: '' })],
  ['accueil', 'conflict detectedAt bad', conflict({ detectedAt: 'yesterday' })],
  ['accueil', 'appointment id of another seat', appointment({ seat: 2 })],
  ['accueil', 'appointment seat 0', appointment({ seat: 0, _id: 'appointment:etat-civil:2025-03-10T08:00:00.000Z:0' })],
  ['accueil', 'appointment end before start', appointment({ end: '2025-03-10T07:00:00.000Z' })],
  ['accueil', 'appointment status', appointment({ status: 'late' as never })],
  ['accueil', 'appointment code lower case', appointment({ code: 'k7qx2m' })],
  ['accueil', 'appointment blank name', appointment({ person: { name: ' ' } })],
  ['accueil', 'appointment bad e-mail', appointment({ person: { name: 'A', email: 'a@b' } })],
  ['accueil', 'appointment phone too long', appointment({ person: { name: 'A', phone: '0'.repeat(31) } })],
  ['accueil', 'appointment notes too long', appointment({ notes: 'x'.repeat(501) })],
  ['accueil', 'appointment visitId prefix', appointment({ visitId: 'x' })],
  ['accueil', 'appointment history entry without by', appointment({ history: [{ code: 'ABCDEF', status: 'cancelled', at: '2025-03-02T10:00:00.000Z' } as never] })],
  ['accueil', 'appointment fieldGen unknown field', appointment({ fieldGen: { seat: 2 } as never })],
  ['referentiel', 'service appointments capacity 0', service({ appointments: appointmentSettingsFixture({ capacity: 0 }) })],
  ['referentiel', 'service appointments no hours', service({ appointments: appointmentSettingsFixture({ hours: [] }) })],
  ['referentiel', 'service appointments end before start', service({ appointments: appointmentSettingsFixture({ hours: [{ weekday: 1, start: '11:00', end: '09:00' }] }) })],
  ['referentiel', 'service appointments 30 February', service({ appointments: appointmentSettingsFixture({ closedDays: ['2025-02-30'] }) })],
  ['referentiel', 'service appointments horizon 0', service({ appointments: appointmentSettingsFixture({ horizonDays: 0 }) })],
  ['referentiel', 'service appointments blank bring', service({ appointments: appointmentSettingsFixture({ bring: [' '] }) })],
  ['planning', 'room capacity 0', room({ capacity: 0 })],
  ['planning', 'room capacity 2001', room({ capacity: 2001 })],
  ['planning', 'room capacity 1.5', room({ capacity: 1.5 })],
  ['planning', 'room capacity string', room({ capacity: '10' as never })],
  ['planning', 'room 31 equipments', room({ equipment: Array.from({ length: 31 }, (_, i) => `e${i}`) })],
  ['planning', 'room blank equipment', room({ equipment: [' '] })],
  ['planning', 'room floor too long', room({ floor: 'x'.repeat(41) })],
  ['planning', 'room calendarUrl not a URL', room({ calendarUrl: 'not a url' })],
  ['planning', 'meeting end before start', meeting({ end: '2025-06-01T22:00:00.000Z' })],
  ['planning', 'meeting end equals start', meeting({ end: meeting().start })],
  ['planning', 'meeting roomId prefix', meeting({ roomId: 'salle-du-conseil' })],
  ['planning', 'meeting source', meeting({ source: 'outlook' as never })],
  ['planning', 'meeting allDay string', meeting({ allDay: 'yes' as never })],
  ['planning', 'meeting icsUid blank', meeting({ icsUid: ' ' })],
  ['planning', 'meeting recurrenceId not an instant', meeting({ recurrenceId: '20250601' })],
  ['planning', 'feed id of another room', feed({ _id: 'feed:room:hdv:autre' })],
  ['planning', 'feed failures negative', feed({ failures: -1 })],
  ['planning', 'feed error too long', feed({ error: 'x'.repeat(301) })],
  ['planning', 'boardprint id of another day', boardPrint({ day: '2025-06-03' })],
  ['planning', 'boardprint entry without title', boardPrint({ entries: [{ ...boardPrint().entries[0]!, title: '' }] })],
  ['planning', 'boardprint entry cancelled missing', boardPrint({ entries: [{ ...boardPrint().entries[0]!, cancelled: undefined as never }] })],
  ['planning', 'boardprint 501 entries', boardPrint({ entries: Array.from({ length: 501 }, () => boardPrint().entries[0]!) })],
  ['accueil', 'roomcheck id of another round', { ...roomCheck(), round: 'closing' }],
  ['accueil', 'roomcheck item state', roomCheck({ items: { ...roomCheck().items, lights: 'broken' as never } })],
  ['accueil', 'roomcheck item missing', roomCheck({ items: { lights: 'ok', windows: 'ok', doors: 'ok', equipment: 'ok' } as never })],
  ['accueil', 'roomcheck unknown item', roomCheck({ items: { ...roomCheck().items, heating: 'ok' } as never })],
  ['accueil', 'roomissue fixed without when', roomIssue({ status: 'fixed' })],
  ['accueil', 'roomissue blank description', roomIssue({ description: ' ' })],
  ['accueil', 'roomissue unknown item', roomIssue({ item: 'roof' as never })],
  ['accueil', 'roomissue id of the other site', roomIssue({ site: 'curial' })],
  ['accueil', 'equipment kind', equipment({ kind: 'car' as never })],
  ['accueil', 'equipment retired string', equipment({ retired: 'yes' as never })],
  ['accueil', 'loan due before lent', loan({ dueAt: '2025-06-02T06:00:00.000Z' })],
  ['accueil', 'loan returned before lent', loan({ returnedAt: '2025-06-02T06:00:00.000Z' })],
  ['accueil', 'loan equipmentId prefix', loan({ equipmentId: 'pc-3' })],
  ['accueil', 'loan blank agent', loan({ agent: '' })],
  ['accueil', 'adviser id not a slug', adviser({ _id: 'adviser:Chloé' })],
  ['accueil', 'adviser PIN in clear', adviser({ pin: { ...adviser().pin, hash: '1234' } })],
  ['accueil', 'adviser PIN hash too cheap', adviser({ pin: { ...adviser().pin, iterations: 1000 } })],
  ['accueil', 'adviser PIN extra field', adviser({ pin: { ...adviser().pin, pin: '1234' } as never })],
  ['accueil', 'adviser blank name', adviser({ name: ' ' })],
  ['accueil', 'shift id not its start', shift({ _id: 'shift:curial:desk-curial:1' })],
  ['accueil', 'shift ended without reason', shift({ endedAt: '2026-12-01T11:00:00.000Z' })],
  ['accueil', 'shift reason without end', shift({ endReason: 'idle' })],
  ['accueil', 'shift ends before it starts', shift({ endedAt: '2026-12-01T07:00:00.000Z', endReason: 'sign-out' })],
  ['accueil', 'shift unknown end reason', shift({ endedAt: '2026-12-01T11:00:00.000Z', endReason: 'lunch' as never })],
  ['planning', 'meeting attendees negative', meeting({ expectedAttendees: -1 })],
  ['planning', 'visit in planning', visit()],
  ['referentiel', 'site time zone', site({ timeZone: 'UTC' as never })],
  ['referentiel', 'site vigipirate level', site({ vigipirateLevel: 'rouge' as never })],
  ['referentiel', 'site weekday 8', site({ openingHours: [{ weekday: 8, open: '08:00', close: '17:00' }] })],
  ['referentiel', 'site open after close', site({ openingHours: [{ weekday: 1, open: '18:00', close: '08:00' }] })],
  ['referentiel', 'site half a break', site({ openingHours: [{ weekday: 1, open: '08:00', close: '17:00', breakStart: '12:00' }] })],
  ['referentiel', 'site bad time', site({ openingHours: [{ weekday: 1, open: '8:00', close: '17:00' }] })],
  ['referentiel', 'site 15 ranges', site({ openingHours: Array.from({ length: 15 }, () => ({ weekday: 1, open: '08:00', close: '09:00' })) })],
  ['referentiel', 'service phone too long', service({ phone: '0'.repeat(31) })],
  ['referentiel', 'service blank reason', service({ reasons: [''] })],
  ['referentiel', 'service reasons not an array', service({ reasons: 'Passeport' as never })],
  ['referentiel', 'service keywords null', service({ keywords: null as never })],
  ['accueil', 'receipt kind', receipt({ kind: 'pret' as never })],
  ['accueil', 'receipt number format', receipt({ number: 'C-2025-1-1', _id: 'receipt:curial:C-2025-1-1' })],
  ['accueil', 'receipt id of another number', receipt({ _id: 'receipt:curial:C-2025-K7QX-0002' })],
  ['accueil', 'receipt id of the other site', receipt({ site: 'hdv' })],
  ['accueil', 'receipt no documents', receipt({ documents: [] })],
  ['accueil', 'receipt blank document', receipt({ documents: [' '] })],
  ['accueil', 'receipt deposit without dossier', receipt({ dossier: undefined })],
  ['accueil', 'receipt handover with dossier', receipt({ kind: 'remise' })],
  ['accueil', 'receipt person extra key', receipt({ person: { name: 'A', idChecked: true, phone: '06' } as never })],
  ['accueil', 'receipt person idChecked string', receipt({ person: { name: 'A', idChecked: 'oui' as never } })],
  ['accueil', 'receipt dossier item present missing', receipt({ dossier: { checklistId: 'checklist:x', procedure: 'P', items: [{ label: 'A', required: true } as never] } })],
  ['accueil', 'receipt dossier checklistId prefix', receipt({ dossier: { checklistId: 'x', procedure: 'P', items: [] } })],
  ['accueil', 'receipt createdAt date only', receipt({ createdAt: '2025-03-10' })],
  ['referentiel', 'checklist no items', checklist({ items: [] })],
  ['referentiel', 'checklist blank label', checklist({ items: [{ label: ' ', required: true }] })],
  ['referentiel', 'checklist required string', checklist({ items: [{ label: 'A', required: 'oui' as never }] })],
  ['referentiel', 'checklist item extra key', checklist({ items: [{ label: 'A', required: true, x: 1 } as never] })],
  ['referentiel', 'checklist notes too long', checklist({ notes: 'x'.repeat(1001) })],
  ['accueil', 'checklist in accueil', checklist()],
  ['borne', 'checkin blank kiosk', checkin({ kiosk: ' ' })],
  ['borne', 'checkin consent unknown', checkin({ consent: 'later' as never })],
  ['borne', 'checkin consent at the desk with a consent time', checkin({ consent: 'at-desk', consentAt: '2025-03-10T09:00:00.000Z' })],
  ['borne', 'checkin consent at the desk with a signature', withAttachments(checkin({ consent: 'at-desk' }), { 'signature.png': inlineAttachment('image/png') })],
  ['borne', 'checkin code of 8 characters', checkin({ appointmentCode: 'ABC23456' })],
  ['referentiel', 'service more English reasons than reasons', service({ reasonsEn: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] })],
  ['referentiel', 'service English reason blank', service({ reasonsEn: [' '] })],
  ['accueil', 'visit consentAtDesk false', visit({ consentAtDesk: false as never })],
  ['accueil', 'visit consentRecordedAt not an instant', visit({ consentRecordedAt: 'hier' })],
  ['borne', 'checkin createdAt date only', checkin({ createdAt: '2025-03-10' })],
  ['borne', 'checkin name too long', checkin({ visitorName: 'x'.repeat(121) })],
  ['borne', 'checkin serviceId prefix', checkin({ serviceId: 'etat-civil' })],
  ['borne', 'checkin ticket number of another series', checkin({ ticketNumber: 'A12' })],
  ['borne', 'checkin ticket number zero', checkin({ ticketNumber: 'K0' })],
  ['borne', 'checkin withAppointment as text', checkin({ withAppointment: 'oui' as never })],
  ['borne', 'checkin language de', checkin({ language: 'de' as never })],
  ['borne', 'checkin consentAt not a date', checkin({ consentAt: 'oui' })],
  ['accueil', 'ticket number padded', ticket({ number: 'A012' })],
  ['accueil', 'ticket id of another day', ticket({ day: '2025-03-11' })],
  ['accueil', 'ticket bad status', ticket({ status: 'lost' as never })],
  ['accueil', 'ticket called without guichet', ticket({ status: 'called', calledAt: '2025-03-10T08:10:00.000Z' })],
  ['accueil', 'ticket guichet 0', ticket({ status: 'called', calledAt: '2025-03-10T08:10:00.000Z', guichet: 0 })],
  ['accueil', 'ticket bad category', ticket({ category: 'etat-civil' as never })],
  ['accueil', 'ticket fieldGen of an immutable field', ticket({ fieldGen: { number: 2 } as never })],
  ['accueil', 'visit without vigipirate from the desk', visit({ vigipirate: undefined })],
  ['accueil', 'visit bad source', visit({ source: 'web' as never })],
  ['planning', 'call id of another device', call({ device: 'desk-hdv' })],
  ['planning', 'call guichet 21', call({ guichet: 21 })],
  ['borne', 'checkin appointmentCode with O', checkin({ appointmentCode: 'ABCDEO' })],
  ['accueil', 'ticket on 30 February', ticket({ _id: 'ticket:curial:2025-02-30:A12', day: '2025-02-30' })],
  ['accueil', 'ticket on 29 February of 1900', ticket({ _id: 'ticket:curial:1900-02-29:A12', day: '1900-02-29' })],
  ['planning', 'call in month 13', call({ _id: 'call:curial:2025-13-45:A12:desk-curial', day: '2025-13-45' })],
  ['planning', 'boardprint on day 0000-00-00', boardPrint({ _id: 'boardprint:hdv:0000-00-00', day: '0000-00-00' })],
  ['planning', 'boardprint in year 0', boardPrint({ _id: 'boardprint:hdv:0000-01-01', day: '0000-01-01' })],
  ['accueil', 'roomcheck on 31 April', roomCheck({ day: '2025-04-31' })],
  ['accueil', 'ticket issued in year 0', ticket({ issuedAt: '0000-03-10T08:00:00.000Z' })],
  ['planning', 'meeting starting on 29 February of 2100', meeting({ start: '2100-02-29T08:00:00.000Z', end: '2100-03-01T08:00:00.000Z' })],
  ['accueil', 'visit with an HTML page attached', withAttachments(visit(), { 'page.html': inlineAttachment('text/html') })],
  ['accueil', 'visit signature sent as HTML', withAttachments(visit(), { 'signature.png': inlineAttachment('text/html') })],
  ['accueil', 'visit signature with a charset', withAttachments(visit(), { 'signature.png': inlineAttachment('image/png; charset=utf-8') })],
  ['accueil', 'visit signature over 512 KiB', withAttachments(visit(), { 'signature.png': attachmentStub('image/png', SIGNATURE_MAX_BYTES + 1) })],
  ['accueil', 'visit attachment named like an Object member', withAttachments(visit(), { constructor: inlineAttachment('image/png') })],
  ['borne', 'checkin signature over 512 KiB, inline', withAttachments(checkin(), { 'signature.png': inlineAttachment('image/png', SIGNATURE_MAX_BYTES + 1) })],
  ['borne', 'checkin with a PDF', withAttachments(checkin(), { 'recepisse.pdf': inlineAttachment('application/pdf') })],
  ['borne', 'checkin with JavaScript', withAttachments(checkin(), { 'signature.png': inlineAttachment('image/png'), 'app.js': inlineAttachment('application/javascript') })],
  ['accueil', 'roomissue with an SVG photo', withAttachments(roomIssue(), { 'photo.jpg': inlineAttachment('image/svg+xml') })],
  ['accueil', 'roomissue with an SVG file', withAttachments(roomIssue(), { 'x.svg': inlineAttachment('image/svg+xml') })],
  ['accueil', 'roomissue photo over 8 MiB', withAttachments(roomIssue(), { 'photo.jpg': attachmentStub('image/jpeg', PHOTO_MAX_BYTES + 1) })],
  ['accueil', 'roomissue photo stub without length', withAttachments(roomIssue(), { 'photo.jpg': { content_type: 'image/jpeg', stub: true } })],
  ['accueil', 'roomissue photo without content type', withAttachments(roomIssue(), { 'photo.jpg': { data: 'iYmJ' } })],
  ['accueil', 'roomissue photo data not base64', withAttachments(roomIssue(), { 'photo.jpg': { content_type: 'image/jpeg', data: '<svg onload=alert(1)>' } })],
  ['accueil', 'roomissue photo data a number', withAttachments(roomIssue(), { 'photo.jpg': { content_type: 'image/jpeg', data: 12 } })],
  ['accueil', 'roomissue photo entry null', withAttachments(roomIssue(), { 'photo.jpg': null })],
  ['accueil', 'receipt PDF over 5 MiB', withAttachments(receipt(), { 'recepisse.pdf': attachmentStub('application/pdf', RECEIPT_PDF_MAX_BYTES + 1) })],
  ['accueil', 'receipt PDF sent as HTML', withAttachments(receipt(), { 'recepisse.pdf': inlineAttachment('text/html') })],
  ['accueil', 'ticket with any attachment', withAttachments(ticket(), { 'signature.png': inlineAttachment('image/png') })],
  ['accueil', 'appointment with a PDF', withAttachments(appointment(), { 'recepisse.pdf': inlineAttachment('application/pdf') })],
  ['planning', 'meeting with an HTML page', withAttachments(meeting(), { 'index.html': inlineAttachment('text/html') })],
  ['referentiel', 'service with a logo', withAttachments(service(), { 'logo.png': inlineAttachment('image/png') })],
  ['accueil', 'attachments as an array', { ...visit(), _attachments: [] }]
];

/** Required fields, as documents.test.ts lists them: removing any must fail both. */
const REQUIRED: Record<string, string[]> = {
  visit: ['type', 'v', 'site', 'visitorName', 'reason', 'serviceId', 'vigipirate', 'arrivedAt', 'createdBy', 'updatedAt', 'updatedBy', 'fieldGen'],
  conflict: ['type', 'v', 'docId', 'docType', 'fields', 'keptRev', 'discardedRev', 'detectedAt', 'detectedBy'],
  appointment: ['type', 'v', 'serviceId', 'site', 'start', 'end', 'seat', 'person', 'reason', 'status', 'code', 'createdBy', 'updatedAt', 'updatedBy', 'fieldGen'],
  room: ['type', 'v', 'site', 'name', 'floor', 'capacity', 'equipment', 'directions'],
  meeting: ['type', 'v', 'site', 'roomId', 'title', 'organiser', 'start', 'end', 'source'],
  site: ['type', 'v', 'code', 'name', 'address', 'timeZone', 'openingHours', 'vigipirateLevel'],
  service: ['type', 'v', 'name', 'site', 'location', 'reasons'],
  checkin: ['type', 'v', 'site', 'visitorName', 'reason', 'createdAt', 'kiosk'],
  receipt: ['type', 'v', 'kind', 'site', 'number', 'person', 'documents', 'createdAt', 'adviser', 'createdBy'],
  checklist: ['type', 'v', 'name', 'items', 'updatedAt', 'updatedBy'],
  ticket: ['type', 'v', 'site', 'day', 'number', 'category', 'source', 'issuedAt', 'status', 'createdBy', 'updatedAt', 'updatedBy', 'fieldGen'],
  call: ['type', 'v', 'site', 'day', 'number', 'guichet', 'calledAt', 'issuedAt', 'device'],
  feed: ['type', 'v', 'site', 'roomId', 'checkedAt', 'failures', 'meetings'],
  boardprint: ['type', 'v', 'site', 'day', 'printedAt', 'printedBy', 'entries'],
  roomcheck: ['type', 'v', 'site', 'day', 'round', 'roomId', 'items', 'checkedAt', 'checkedBy'],
  roomissue: ['type', 'v', 'site', 'roomId', 'item', 'description', 'reportedAt', 'reportedBy', 'status'],
  equipment: ['type', 'v', 'site', 'kind', 'label', 'reference'],
  loan: ['type', 'v', 'site', 'equipmentId', 'agent', 'service', 'lentAt', 'dueAt', 'lentBy']
};

const without = (doc: Doc, key: string) => {
  const copy = { ...doc };
  delete copy[key];
  return copy;
};
/** JSON round trip: what CouchDB stores (undefined fields vanish). */
const stored = (doc: Doc) => JSON.parse(JSON.stringify(doc)) as Doc;

describe('structure ddocs and zod schemas agree', () => {
  it.each(VALID.map(([db, doc], i) => [db, doc.type, i, doc] as const))('both accept valid %s %s #%i', (db, _type, _i, doc) => {
    expect(parseDocument(db, stored(doc))).toMatchObject({ ok: true });
    expect(verdict(fn(db, 'structure'), stored(doc))).toBeNull();
  });

  it.each(MALFORMED)('both reject in %s: %s', (db, _label, doc) => {
    expect(parseDocument(db, stored(doc)).ok).toBe(false);
    expect(verdict(fn(db, 'structure'), stored(doc))?.forbidden).toEqual(expect.any(String));
  });

  it.each(VALID.flatMap(([db, doc]) => (REQUIRED[doc.type ?? ''] ?? []).map((key) => [db, doc.type, key, doc] as const)))(
    'both reject %s %s without %s',
    (db, _type, key, doc) => {
      expect(parseDocument(db, without(stored(doc), key)).ok).toBe(false);
      expect(verdict(fn(db, 'structure'), without(stored(doc), key))?.forbidden).toEqual(expect.any(String));
    }
  );

  it('both accept a kiosk arrival without Vigipirate facts (waiting to be admitted), and only from the kiosk', () => {
    const waiting = stored(visit({ vigipirate: undefined, source: 'kiosk' }));
    expect(parseDocument('accueil', waiting)).toMatchObject({ ok: true });
    expect(verdict(fn('accueil', 'structure'), waiting)).toBeNull();
    const fromDesk = stored(visit({ vigipirate: undefined, source: 'desk' }));
    expect(parseDocument('accueil', fromDesk).ok).toBe(false);
    expect(verdict(fn('accueil', 'structure'), fromDesk)?.forbidden).toEqual(expect.any(String));
  });

  it('both accept tombstones and design documents as they are', () => {
    for (const db of ['accueil', 'planning', 'referentiel', 'borne'] as const) {
      for (const doc of [{ _id: 'anything', _rev: '2-a', _deleted: true }, { _id: '_design/x', views: {} }]) {
        expect(parseDocument(db, doc).ok).toBe(true);
        expect(verdict(fn(db, 'structure'), doc)).toBeNull();
      }
    }
  });

  it('both refuse ids that do not match their type and site', () => {
    const mismatched: [DbName, Doc][] = [
      ['planning', room({ _id: 'salle-du-conseil' })],
      ['planning', room({ _id: 'room:curial:salle-du-conseil' })],
      ['planning', meeting({ _id: 'conseil' })],
      ['referentiel', site({ _id: 'site:hdv' })],
      ['referentiel', service({ _id: 'etat-civil' })],
      ['referentiel', checklist({ _id: 'carte-identite' })],
      ['accueil', receipt({ _id: 'receipt:C-2025-K7QX-0001' })],
      ['borne', checkin({ _id: 'checkin:hdv:x' })],
      ['accueil', conflict({ _id: 'x' })],
      ['accueil', appointment({ _id: 'appointment:etat-civil:2025-03-10T09:00:00+01:00:1' })]
    ];
    for (const [db, doc] of mismatched) {
      expect(parseDocument(db, doc).ok, doc._id).toBe(false);
      expect(verdict(fn(db, 'structure'), doc)?.forbidden, doc._id).toContain('_id');
    }
  });

  it('inlines the shared prelude exactly once into every installed structure and authority function', async () => {
    const fragments = await loadSharedFragments();
    // The loader indents a fragment like its `// @include` line: compare line by line, trimmed.
    const flat = (text: string) => text.split('\n').map((line) => line.trim()).join('\n');
    const count = (text: string, part: string) => flat(text).split(flat(part)).length - 1;
    for (const name of ['structure', 'authority']) {
      const fragment = fragments[`${name}-prelude`] ?? '';
      expect(fragment.length, `${name}-prelude`).toBeGreaterThan(500);
      for (const db of DB_NAMES) {
        // The tree holds the fragment once: each database's file only names it.
        const file = await readFile(join(DDOCS_DIR, db, name, 'validate_doc_update.js'), 'utf8');
        expect(count(file, `// @include ${name}-prelude`), `${db}/${name} file`).toBe(1);
        expect(count(file, fragment), `${db}/${name} file`).toBe(0);
        expect(count(source(db, name), fragment), `${db}/${name}`).toBe(1);
        expect(() => fn(db, name), `${db}/${name}`).not.toThrow();
      }
    }
    for (const [db, list] of Object.entries(ddocs)) {
      for (const d of list) expect(JSON.stringify(d), `${db}/${d._id}`).not.toContain('@include');
    }
  });

  it('refuses to load a design function that includes a missing fragment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ddocs-'));
    try {
      await mkdir(join(dir, 'accueil', 'structure'), { recursive: true });
      await writeFile(join(dir, 'accueil', 'structure', 'validate_doc_update.js'), 'function (newDoc) {\n  // @include nowhere\n}\n');
      await expect(loadDesignDocs(dir)).rejects.toThrow('_shared/nowhere.js');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives reasons in the form "<type>: <field>: <problem>"', () => {
    expect(verdict(fn('accueil', 'structure'), visit({ visitorName: '' }))?.forbidden).toBe('visit: visitorName: must not be empty');
    expect(verdict(fn('planning', 'structure'), room({ capacity: 0 }))?.forbidden).toBe('room: capacity: must be at least 1');
  });

  it('has only self-contained ES5 functions (no require, arrows, let/const, template literals)', () => {
    for (const [db, list] of Object.entries(ddocs)) {
      for (const d of list) {
        const sources = [d.validate_doc_update, ...Object.values(d.views ?? {}).map((v) => v.map)].filter((x): x is string => !!x);
        for (const src of sources) {
          expect(src, `${db}/${d._id}`).toMatch(/^function \(/);
          expect(src, `${db}/${d._id}`).not.toMatch(/\brequire\(|=>|\blet\b|\bconst\b|`/);
        }
      }
    }
  });
});

/** The calendar, computed: the judge both sides must agree with. */
const daysInMonth = (y: number, m: number) => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const realDate = (y: number, m: number, d: number) => y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
function isRealDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && realDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
function isRealInstant(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/.exec(s);
  if (!m || !isRealDay(m[1]!)) return false;
  const [h, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const zoneOk = m[5] === 'Z' || (Number(m[6]) <= 23 && Number(m[7]) <= 59);
  return h <= 23 && min <= 59 && sec <= 59 && zoneOk;
}
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** Days that exist, leap days often. */
const realDay = fc.oneof(
  fc
    .record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }) })
    .chain(({ y, m }) => fc.integer({ min: 1, max: daysInMonth(y, m) }).map((d) => ymd(y, m, d))),
  fc.integer({ min: 1, max: 2499 }).map((k) => k * 4).filter((y) => y % 100 !== 0 || y % 400 === 0).map((y) => ymd(y, 2, 29))
);
/** Well-formed YYYY-MM-DD strings of days that do not exist. */
const impossibleDay = fc
  .oneof(
    fc.record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 0, max: 99 }), d: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 28, max: 32 }) }),
    fc.record({ y: fc.integer({ min: 1, max: 99 }).map((c) => c * 100), m: fc.constant(2), d: fc.constant(29) }),
    fc.record({ y: fc.constant(0), m: fc.integer({ min: 0, max: 12 }), d: fc.integer({ min: 0, max: 31 }) })
  )
  .map(({ y, m, d }) => ymd(y, m, d))
  .filter((s) => !isRealDay(s));
/** Near misses of the format: other separators and widths, spaces, stray characters. */
const malformedDay = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789-/ T:Z.'), maxLength: 12 }),
  realDay.chain((day) =>
    fc.constantFrom(` ${day}`, `${day} `, `${day}\n`, `${day}T00:00:00Z`, day.replace(/-/g, '/'), day.slice(1), `+${day}`, day.replace(/-0/g, '-'), `1${day}`)
  )
);
const anyDay = fc.oneof(realDay, impossibleDay, malformedDay);

/** Instants assembled from parts, each part sometimes out of range. */
const anyInstant = fc
  .record({
    day: fc.oneof({ weight: 3, arbitrary: realDay }, { weight: 1, arbitrary: impossibleDay }),
    h: fc.integer({ min: 0, max: 25 }),
    min: fc.integer({ min: 0, max: 61 }),
    sec: fc.integer({ min: 0, max: 61 }),
    fraction: fc.constantFrom('', '', '.000', '.5', '.123456789', '.'),
    zone: fc.oneof(
      fc.constantFrom('Z', 'Z', 'z', '', '+0100', '+01'),
      fc.record({ sign: fc.constantFrom('+', '-'), h: fc.integer({ min: 0, max: 25 }), m: fc.integer({ min: 0, max: 61 }) }).map((z) => `${z.sign}${pad(z.h, 2)}:${pad(z.m, 2)}`)
    )
  })
  .map((p) => `${p.day}T${pad(p.h, 2)}:${pad(p.min, 2)}:${pad(p.sec, 2)}${p.fraction}${p.zone}`);

/** Each document type with a day, built around one day (its id follows, so only the day is judged). */
const WITH_DAY: [string, DbName, (day: string) => Doc, string][] = [
  ['ticket', 'accueil', (day) => ticket({ _id: `ticket:curial:${day}:A12`, day }), 'day'],
  ['roomcheck', 'accueil', (day) => roomCheck({ day }), 'day'],
  ['call', 'planning', (day) => call({ _id: `call:curial:${day}:A12:desk-curial`, day }), 'day'],
  ['boardprint', 'planning', (day) => boardPrint({ _id: `boardprint:hdv:${day}`, day }), 'day'],
  ['service closedDays', 'referentiel', (day) => service({ appointments: appointmentSettingsFixture({ closedDays: ['2025-12-29', day] }) }), 'appointments.closedDays.1']
];

/** Instants of several types and databases: one field set, the rest of the sample valid. */
const WITH_INSTANT: [string, DbName, (at: string) => Doc, string][] = [
  ['ticket issuedAt', 'accueil', (at) => ticket({ issuedAt: at }), 'issuedAt'],
  ['visit vigipirate.doorOpenedAt', 'accueil', (at) => visit({ vigipirate: { ...visit().vigipirate!, doorOpenedAt: at } }), 'vigipirate.doorOpenedAt'],
  ['call calledAt', 'planning', (at) => call({ calledAt: at }), 'calledAt'],
  ['checklist updatedAt', 'referentiel', (at) => checklist({ updatedAt: at }), 'updatedAt'],
  ['checkin consentAt', 'borne', (at) => checkin({ consentAt: at }), 'consentAt']
];

/** Both sides' verdicts on one document, with the field each blamed. */
function judge(db: DbName, doc: Doc) {
  const z = parseDocument(db, stored(doc));
  const d = verdict(fn(db, 'structure'), stored(doc));
  return { zodOk: z.ok, zodReason: z.ok ? '' : z.reason, ddocOk: d === null, ddocReason: d?.forbidden ?? '' };
}

describe('generated dates: zod and the design documents agree with the calendar', () => {
  it('impossible dates such as 2025-02-30 are refused by zod and by the design documents alike', () => {
    for (const [what, db, make, field] of WITH_DAY) {
      for (const day of ['2025-02-30', '2025-13-45', '0000-00-00', '2023-02-29', '2100-02-29', '2025-04-31', '0000-01-01']) {
        const v = judge(db, make(day));
        expect(v.zodOk, `${what} ${day}`).toBe(false);
        expect(v.ddocOk, `${what} ${day}`).toBe(false);
        expect(v.zodReason, `${what} ${day}`).toContain(`: ${field}: `);
        expect(v.ddocReason, `${what} ${day}`).toContain(`: ${field}: `);
      }
    }
  });

  it.each(WITH_DAY)('%s: generated days, valid and not, get the same verdict from zod, the ddoc and the calendar', (what, db, make, field) => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const v = judge(db, make(day));
        const real = isRealDay(day);
        expect(v.zodOk, `zod on ${JSON.stringify(day)}: ${v.zodReason}`).toBe(real);
        expect(v.ddocOk, `ddoc on ${JSON.stringify(day)}: ${v.ddocReason}`).toBe(real);
        // Refused for the day itself, not for a side effect of it.
        if (!real) {
          expect(v.zodReason).toContain(`: ${field}: `);
          expect(v.ddocReason).toContain(`: ${field}: `);
        }
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it.each(WITH_INSTANT)('%s: generated instants get the same verdict from zod, the ddoc and the calendar', (what, db, make, field) => {
    fc.assert(
      fc.property(anyInstant, (at) => {
        const v = judge(db, make(at));
        const real = isRealInstant(at);
        expect(v.zodOk, `zod on ${at}: ${v.zodReason}`).toBe(real);
        expect(v.ddocOk, `ddoc on ${at}: ${v.ddocReason}`).toBe(real);
        if (!real) {
          expect(v.zodReason).toContain(`: ${field}: `);
          expect(v.ddocReason).toContain(`: ${field}: `);
        }
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it('every structure ddoc tests days with the pattern zod uses', () => {
    for (const db of DB_NAMES) expect(source(db, 'structure'), db).toContain(`var ISO_DAY = /${ISO_DAY.source}/;`);
  });
});

describe('attachments: only the files the app makes, on the documents that carry them', () => {
  /** Each type's allowed files, and what a writer could try instead. */
  const ATTACHABLE: [string, DbName, Doc, string, string[], number][] = [
    ['visit', 'accueil', visit(), 'signature.png', ['image/png'], SIGNATURE_MAX_BYTES],
    ['checkin', 'borne', checkin(), 'signature.png', ['image/png'], SIGNATURE_MAX_BYTES],
    ['receipt signature', 'accueil', receipt(), 'signature.png', ['image/png'], SIGNATURE_MAX_BYTES],
    ['receipt PDF', 'accueil', receipt(), 'recepisse.pdf', ['application/pdf'], RECEIPT_PDF_MAX_BYTES],
    ['roomissue photo', 'accueil', roomIssue(), 'photo.jpg', ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'], PHOTO_MAX_BYTES]
  ];
  const CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/heic', 'application/pdf', 'text/html', 'image/svg+xml', 'application/javascript', 'text/plain', 'application/octet-stream', 'IMAGE/PNG', ''];
  const NAMES = ['signature.png', 'recepisse.pdf', 'photo.jpg', 'page.html', 'x.svg', 'signature.PNG', 'photo.jpg ', '__defineGetter__', 'hasOwnProperty'];

  it.each(ATTACHABLE)('%s: generated names, types and sizes get the same verdict from zod and the ddoc', (what, db, doc, name, types, max) => {
    const entry = fc.oneof(
      fc.record({ type: fc.constantFrom(...CONTENT_TYPES, ...types), length: fc.oneof(fc.integer({ min: 0, max: 2 * max }), fc.constantFrom(max, max + 1)) }).map((e) => ({ ...e, att: attachmentStub(e.type, e.length) as unknown })),
      fc.record({ type: fc.constantFrom(...CONTENT_TYPES, ...types), length: fc.integer({ min: 0, max: 3000 }) }).map((e) => ({ ...e, att: inlineAttachment(e.type, e.length) as unknown }))
    );
    // The table the app reads says the same as this row; its other names are judged by it.
    const rules = ATTACHMENT_RULES[doc.type!]!;
    expect(rules[name], what).toEqual({ types, maxBytes: max });
    fc.assert(
      fc.property(fc.constantFrom(name, name, ...NAMES), entry, (attName, e) => {
        const v = judge(db, withAttachments(doc, { [attName]: e.att }));
        const rule = Object.prototype.hasOwnProperty.call(rules, attName) ? rules[attName] : undefined;
        const allowed = !!rule && rule.types.includes(e.type) && e.length <= rule.maxBytes;
        expect(v.zodOk, `zod on ${attName} ${e.type} ${e.length}: ${v.zodReason}`).toBe(allowed);
        expect(v.ddocOk, `ddoc on ${attName} ${e.type} ${e.length}: ${v.ddocReason}`).toBe(allowed);
        if (!allowed) {
          expect(v.zodReason).toContain(': _attachments.');
          expect(v.ddocReason).toContain(': _attachments.');
        }
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it('no other document type carries any attachment, whatever its type', () => {
    const others = VALID.filter(([, doc]) => !['visit', 'checkin', 'receipt', 'roomissue'].includes(doc.type ?? ''));
    expect(new Set(others.map(([, d]) => d.type)).size).toBeGreaterThanOrEqual(14);
    for (const [db, doc] of others) {
      for (const type of ['image/png', 'application/pdf', 'text/html']) {
        const v = judge(db, withAttachments(doc, { 'signature.png': inlineAttachment(type) }));
        expect(v.zodOk, `${doc.type} ${type}`).toBe(false);
        expect(v.ddocOk, `${doc.type} ${type}`).toBe(false);
      }
    }
  });
});

describe('authority ddocs', () => {
  const user = (name: string | null, ...roles: string[]) => ({ name, roles });
  const USERS = {
    admin: user('admin', '_admin'),
    coordinator: user('coordinator', 'coordinator', 'site:curial'),
    desk: user('desk-curial', 'desk', 'site:curial'),
    kiosk: user('kiosk-curial', 'kiosk', 'site:curial'),
    display: user('display-hdv', 'display', 'site:hdv'),
    revoked: user('old', 'revoked'),
    roleless: user('someone'),
    anonymous: user(null)
  };
  const SAMPLE: Record<DbName, Doc> = { accueil: visit(), planning: meeting(), referentiel: service(), borne: checkin({ kiosk: 'kiosk-curial' }) };
  const WRITERS: Record<DbName, (keyof typeof USERS)[]> = {
    accueil: ['admin', 'coordinator', 'desk'],
    planning: ['admin', 'coordinator', 'desk'],
    referentiel: ['admin', 'coordinator'],
    borne: ['admin', 'coordinator']
  };
  const ops = (doc: Doc) => ({
    create: [doc, null],
    update: [{ ...doc, _rev: '1-a' }, { ...doc, _rev: '1-a' }],
    delete: [{ _id: doc._id, _rev: '1-a', _deleted: true }, { ...doc, _rev: '1-a' }]
  });

  const cases = (Object.keys(SAMPLE) as DbName[]).flatMap((db) =>
    (Object.keys(USERS) as (keyof typeof USERS)[]).flatMap((who) =>
      (['create', 'update', 'delete'] as const).map((op) => {
        const allowed = WRITERS[db].includes(who) || (db === 'borne' && who === 'kiosk' && op === 'create');
        const denial = who === 'anonymous' || who === 'revoked' ? 'unauthorized' : 'forbidden';
        return [db, who, op, allowed ? 'allowed' : denial] as const;
      })
    )
  );

  it.each(cases)('%s: %s %s -> %s', (db, who, op, expected) => {
    const [newDoc, oldDoc] = ops(SAMPLE[db])[op];
    const result = verdict(fn(db, 'authority'), newDoc, oldDoc, USERS[who]);
    if (expected === 'allowed') expect(result).toBeNull();
    else expect(Object.keys(result ?? {})).toEqual([expected]);
  });

  it('only coordinators (and the server) change rooms, the reference data that names Zimbra feeds', () => {
    const authority = fn('planning', 'authority');
    for (const [op, [newDoc, oldDoc]] of Object.entries(ops(room()))) {
      expect(verdict(authority, newDoc, oldDoc, USERS.coordinator), op).toBeNull();
      expect(verdict(authority, newDoc, oldDoc, USERS.admin), op).toBeNull();
      expect(verdict(authority, newDoc, oldDoc, USERS.desk)?.forbidden, op).toContain('Only a coordinator');
      expect(verdict(authority, newDoc, oldDoc, USERS.display)?.forbidden, op).toBe('A display device may not write to planning.');
    }
  });

  it('only the server writes or deletes feed states and meetings polled from Zimbra', () => {
    const authority = fn('planning', 'authority');
    const zimbra = meeting({ _id: 'meeting:hdv:ics:0a1b2c3d', source: 'zimbra' });
    for (const who of ['desk', 'coordinator'] as const) {
      expect(verdict(authority, feed(), null, USERS[who])?.forbidden).toContain('Only the server');
      expect(verdict(authority, zimbra, null, USERS[who])?.forbidden).toContain('Only the server');
      // Turning a Zimbra meeting into a desk one, or deleting it, is the same edit in disguise.
      expect(verdict(authority, { ...zimbra, source: 'manual', _rev: '1-a' }, { ...zimbra, _rev: '1-a' }, USERS[who])?.forbidden).toContain('Only the server');
      expect(verdict(authority, { _id: zimbra._id, _rev: '1-a', _deleted: true }, { ...zimbra, _rev: '1-a' }, USERS[who])?.forbidden).toContain('Only the server');
      expect(verdict(authority, meeting({ source: 'ics' }), null, USERS[who])).toBeNull();
      expect(verdict(authority, boardPrint(), null, USERS[who])).toBeNull();
    }
    expect(verdict(authority, feed(), null, USERS.admin)).toBeNull();
    expect(verdict(authority, zimbra, null, USERS.admin)).toBeNull();
  });

  it('a kiosk may only create its own check-ins, at its own site, and nothing else', () => {
    const authority = fn('borne', 'authority');
    expect(verdict(authority, checkin({ kiosk: 'kiosk-hdv' }), null, USERS.kiosk)?.forbidden).toContain("kiosk's own name");
    expect(verdict(authority, checkin({ site: 'hdv', _id: 'checkin:hdv:1', kiosk: 'kiosk-curial' }), null, USERS.kiosk)?.forbidden).toContain('own site');
    expect(verdict(authority, { ...visit(), _id: 'visit:curial:x' }, null, USERS.kiosk)?.forbidden).toContain('only write checkin');
  });

  it('nobody but the server admin writes design documents', () => {
    for (const db of Object.keys(SAMPLE)) {
      expect(verdict(fn(db, 'authority'), { _id: '_design/x' }, null, USERS.coordinator)?.forbidden).toContain('design documents');
    }
  });
});
