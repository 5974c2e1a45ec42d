// The design documents' parity samples, shared by the Node run (ddoc-parity.test.ts, the
// functions evaluated here) and the QuickJS run on a real CouchDB (tests/couchdb/ddoc-parity.test.ts,
// the same documents through `_bulk_docs`): one list, two engines.
import fc from 'fast-check';
import { PHOTO_MAX_BYTES, RECEIPT_PDF_MAX_BYTES, SIGNATURE_MAX_BYTES } from '$lib/domain/attachments';
import type { DbName } from '$lib/domain/common';
import { appointment, appointmentSettingsFixture } from '$lib/testing/appointment-fixtures';
import { call, ticket } from '$lib/testing/queue-fixtures';
import { attachmentStub, checkin, checklist, conflict, inlineAttachment, meeting, receipt, room, service, site, visit, withAttachments } from '$lib/testing/fixtures';
import { boardPrint, equipment, feed, loan, roomCheck, roomIssue } from '$lib/testing/building-fixtures';
import { adviser, shift } from '$lib/testing/shift-fixtures';

export type Doc = { _id: string; type?: string } & Record<string, unknown>;

/** The same samples as the zod schema tests (src/lib/testing/fixtures.ts), by database. */
export const VALID: [DbName, Doc][] = [
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
export const MALFORMED: [DbName, string, Doc][] = [
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
export const REQUIRED: Record<string, string[]> = {
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

export const without = (doc: Doc, key: string) => {
  const copy = { ...doc };
  delete copy[key];
  return copy;
};
/** JSON round trip: what CouchDB stores (undefined fields vanish). */
export const stored = (doc: Doc) => JSON.parse(JSON.stringify(doc)) as Doc;

/** Ids that do not match their type and site: the structure ddoc blames `_id`. */
export const MISMATCHED: [DbName, Doc][] = [
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

/** The calendar, computed: the judge both sides must agree with. */
export const daysInMonth = (y: number, m: number) => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
export const realDate = (y: number, m: number, d: number) => y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
export function isRealDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && realDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
export function isRealInstant(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/.exec(s);
  if (!m || !isRealDay(m[1]!)) return false;
  const [h, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const zoneOk = m[5] === 'Z' || (Number(m[6]) <= 23 && Number(m[7]) <= 59);
  return h <= 23 && min <= 59 && sec <= 59 && zoneOk;
}
export const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** Days that exist, leap days often. */
export const realDay = fc.oneof(
  fc
    .record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }) })
    .chain(({ y, m }) => fc.integer({ min: 1, max: daysInMonth(y, m) }).map((d) => ymd(y, m, d))),
  fc.integer({ min: 1, max: 2499 }).map((k) => k * 4).filter((y) => y % 100 !== 0 || y % 400 === 0).map((y) => ymd(y, 2, 29))
);
/** Well-formed YYYY-MM-DD strings of days that do not exist. */
export const impossibleDay = fc
  .oneof(
    fc.record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 0, max: 99 }), d: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 28, max: 32 }) }),
    fc.record({ y: fc.integer({ min: 1, max: 99 }).map((c) => c * 100), m: fc.constant(2), d: fc.constant(29) }),
    fc.record({ y: fc.constant(0), m: fc.integer({ min: 0, max: 12 }), d: fc.integer({ min: 0, max: 31 }) })
  )
  .map(({ y, m, d }) => ymd(y, m, d))
  .filter((s) => !isRealDay(s));
/** Near misses of the format: other separators and widths, spaces, stray characters. */
export const malformedDay = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789-/ T:Z.'), maxLength: 12 }),
  realDay.chain((day) =>
    fc.constantFrom(` ${day}`, `${day} `, `${day}\n`, `${day}T00:00:00Z`, day.replace(/-/g, '/'), day.slice(1), `+${day}`, day.replace(/-0/g, '-'), `1${day}`)
  )
);
export const anyDay = fc.oneof(realDay, impossibleDay, malformedDay);

/** Instants assembled from parts, each part sometimes out of range. */
export const anyInstant = fc
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
export const WITH_DAY: [string, DbName, (day: string) => Doc, string][] = [
  ['ticket', 'accueil', (day) => ticket({ _id: `ticket:curial:${day}:A12`, day }), 'day'],
  ['roomcheck', 'accueil', (day) => roomCheck({ day }), 'day'],
  ['call', 'planning', (day) => call({ _id: `call:curial:${day}:A12:desk-curial`, day }), 'day'],
  ['boardprint', 'planning', (day) => boardPrint({ _id: `boardprint:hdv:${day}`, day }), 'day'],
  ['service closedDays', 'referentiel', (day) => service({ appointments: appointmentSettingsFixture({ closedDays: ['2025-12-29', day] }) }), 'appointments.closedDays.1']
];

/** Instants of several types and databases: one field set, the rest of the sample valid. */
export const WITH_INSTANT: [string, DbName, (at: string) => Doc, string][] = [
  ['ticket issuedAt', 'accueil', (at) => ticket({ issuedAt: at }), 'issuedAt'],
  ['visit vigipirate.doorOpenedAt', 'accueil', (at) => visit({ vigipirate: { ...visit().vigipirate!, doorOpenedAt: at } }), 'vigipirate.doorOpenedAt'],
  ['call calledAt', 'planning', (at) => call({ calledAt: at }), 'calledAt'],
  ['checklist updatedAt', 'referentiel', (at) => checklist({ updatedAt: at }), 'updatedAt'],
  ['checkin consentAt', 'borne', (at) => checkin({ consentAt: at }), 'consentAt']
];

/** The authority ddocs' cases: every kind of caller × database × create, update, delete. */
const user = (name: string | null, ...roles: string[]) => ({ name, roles });
export const AUTHORITY_USERS = {
  admin: user('admin', '_admin'),
  coordinator: user('coordinator', 'coordinator', 'site:curial'),
  desk: user('desk-curial', 'desk', 'site:curial'),
  kiosk: user('kiosk-curial', 'kiosk', 'site:curial'),
  display: user('display-hdv', 'display', 'site:hdv'),
  revoked: user('old', 'revoked'),
  roleless: user('someone'),
  anonymous: user(null)
};
export const AUTHORITY_SAMPLE: Record<DbName, Doc> = { accueil: visit(), planning: meeting(), referentiel: service(), borne: checkin({ kiosk: 'kiosk-curial' }) };
export const AUTHORITY_WRITERS: Record<DbName, (keyof typeof AUTHORITY_USERS)[]> = {
  accueil: ['admin', 'coordinator', 'desk'],
  planning: ['admin', 'coordinator', 'desk'],
  referentiel: ['admin', 'coordinator'],
  borne: ['admin', 'coordinator']
};
export const authorityOps = (doc: Doc) => ({
  create: [doc, null],
  update: [{ ...doc, _rev: '1-a' }, { ...doc, _rev: '1-a' }],
  delete: [{ _id: doc._id, _rev: '1-a', _deleted: true }, { ...doc, _rev: '1-a' }]
});

export const AUTHORITY_CASES = (Object.keys(AUTHORITY_SAMPLE) as DbName[]).flatMap((db) =>
  (Object.keys(AUTHORITY_USERS) as (keyof typeof AUTHORITY_USERS)[]).flatMap((who) =>
    (['create', 'update', 'delete'] as const).map((op) => {
      const allowed = AUTHORITY_WRITERS[db].includes(who) || (db === 'borne' && who === 'kiosk' && op === 'create');
      const denial = who === 'anonymous' || who === 'revoked' ? 'unauthorized' : 'forbidden';
      return [db, who, op, allowed ? 'allowed' : denial] as const;
    })
  )
);
