import { appointmentDoc, type AppointmentDoc } from '../../../src/lib/domain/appointment';
import { checkinDoc, type CheckinDoc } from '../../../src/lib/domain/checkin';
import { parisDay } from '../../../src/lib/domain/dates';
import { KIOSK_SERIES, ticketDoc, ticketId, type TicketDoc } from '../../../src/lib/domain/ticket';
import { RECEPTION_SERVICE, visitDoc, type VisitDoc } from '../../../src/lib/domain/visit';
import { type CouchClient, docPath } from '../couch-client';

/** Who the worker writes as, in `createdBy`/`updatedBy`. */
export const INTAKE_ACTOR = 'intake';
/** The service of a kiosk arrival who chose no service: the adviser orients them on admission. */
export const UNORIENTED_SERVICE = RECEPTION_SERVICE;

export type IntakeOutcome = 'visit' | 'appointment' | 'duplicate' | 'invalid';
export interface IntakeResult {
  moved: number;
  outcomes: Record<string, IntakeOutcome>;
}

type Row<T> = { id: string; doc?: T & { _rev: string } };
const range = (prefix: string) =>
  `startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`;
const revGen = (rev: string) => Number.parseInt(rev.split('-')[0] ?? '0', 10);

/** PUT that tells "created" from "already there" (409): the worker's idempotence rests on it. */
async function create(client: CouchClient, db: string, doc: { _id: string }): Promise<boolean> {
  const res = await client.request('PUT', docPath(db, doc._id), doc);
  if (res.status === 409) return false;
  if (res.status >= 400) throw new Error(`intake: PUT ${doc._id}: ${res.status} ${JSON.stringify(res.body)}`);
  return true;
}

/** Lower-cased, accent- and space-folded: "Jean  DUPONT" finds "Jean Dupont". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
/** How far from its start a visitor may check in for an appointment found by name. */
const NAME_MATCH_WINDOW_MS = 2 * 3600_000;

/**
 * Today's booked appointment in that building for this check-in: by confirmation code, or, for
 * a visitor who said they have an appointment but gave no code, by name and time (the one
 * closest to the check-in, within two hours of its start).
 */
async function findAppointment(client: CouchClient, c: CheckinDoc): Promise<(AppointmentDoc & { _rev: string }) | null> {
  if (!c.appointmentCode && !c.withAppointment) return null;
  // A scan of the appointment ids: a view by code is the next step when agendas grow.
  const res = await client.get<{ rows: Row<AppointmentDoc>[] }>(`/accueil/_all_docs?include_docs=true&${range('appointment:')}`);
  const day = parisDay(c.createdAt);
  const today = res.rows.flatMap((r) =>
    r.doc && r.doc.site === c.site && parisDay(r.doc.start) === day && r.doc.status !== 'cancelled' ? [r.doc] : []
  );
  if (c.appointmentCode) return today.find((a) => a.code === c.appointmentCode) ?? null;
  const at = Date.parse(c.createdAt);
  const byName = today
    .filter((a) => fold(a.person.name) === fold(c.visitorName) && Math.abs(Date.parse(a.start) - at) <= NAME_MATCH_WINDOW_MS)
    .sort((a, b) => Math.abs(Date.parse(a.start) - at) - Math.abs(Date.parse(b.start) - at));
  return byName[0] ?? null;
}

/** Marks an appointment arrived with its visit (re-read and retried if a desk wrote it meanwhile). */
async function markArrived(client: CouchClient, id: string, visitId: string, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await client.find<AppointmentDoc & { _rev: string }>(docPath('accueil', id));
    if (!current || current.status === 'arrived' || current.status === 'cancelled') return;
    const gen = revGen(current._rev) + 1;
    const next = appointmentDoc.parse({
      ...current,
      status: 'arrived',
      visitId,
      updatedAt: now.toISOString(),
      updatedBy: INTAKE_ACTOR,
      fieldGen: { ...current.fieldGen, status: gen, visitId: gen }
    });
    const res = await client.request('PUT', docPath('accueil', id), { ...next, _rev: current._rev });
    if (res.status !== 409) {
      if (res.status >= 400) throw new Error(`intake: appointment ${id}: ${res.status}`);
      return;
    }
  }
}

/** Today's tickets of a building (few: a day's queue). */
async function ticketsOfDay(client: CouchClient, site: string, day: string): Promise<TicketDoc[]> {
  const res = await client.get<{ rows: Row<TicketDoc>[] }>(`/accueil/_all_docs?include_docs=true&${range(`ticket:${site}:${day}:`)}`);
  return res.rows.flatMap((r) => (r.doc ? [r.doc] : []));
}

/** The next kiosk number: the worker is the only writer of series K, so counting is enough. */
function nextKioskNumber(tickets: TicketDoc[]): string {
  const max = tickets.filter((t) => t.number.startsWith(KIOSK_SERIES)).reduce((m, t) => Math.max(m, Number.parseInt(t.number.slice(1), 10)), 0);
  return `${KIOSK_SERIES}${max + 1}`;
}

/**
 * Moves one check-in into `accueil`: a visit waiting at the desk (no Vigipirate facts until an
 * adviser admits the visitor) and a queue ticket; with an appointment code, the appointment is
 * marked arrived. Ids are derived so that doing it twice writes nothing new:
 * - an appointment's visit is `visit:<site>:<start>:rdv:<seat id>` and its ticket
 *   `ticket:<site>:<day>:rdv:<seat id>`: two check-ins for one appointment (two kiosks, both
 *   offline) meet a 409 on the second and make one arrival;
 * - a walk-in's visit takes the check-in's own id, so a run interrupted before the check-in was
 *   deleted finds its visit (409) and its ticket (by `visitId`) on the next run.
 */
export async function intakeCheckin(client: CouchClient, raw: unknown, now = new Date()): Promise<IntakeOutcome> {
  const parsed = checkinDoc.safeParse(raw);
  if (!parsed.success) return 'invalid';
  const c = parsed.data;
  const attachments = (raw as { _attachments?: Record<string, unknown> })._attachments;
  const appointment = await findAppointment(client, c);
  const seat = appointment ? appointment._id.slice('appointment:'.length) : null;
  const day = parisDay(c.createdAt);
  const at = now.toISOString();

  const visit: VisitDoc = visitDoc.parse({
    _id: appointment ? `visit:${c.site}:${appointment.start}:rdv:${seat}` : `visit:${c._id.slice('checkin:'.length)}`,
    type: 'visit',
    v: 1,
    site: c.site,
    visitorName: c.visitorName,
    reason: appointment ? `Rendez-vous ${appointment.code} : ${appointment.reason}`.slice(0, 200) : c.reason,
    serviceId: appointment?.serviceId ?? c.serviceId ?? UNORIENTED_SERVICE,
    source: 'kiosk',
    arrivedAt: c.createdAt,
    ...(c.consent === 'at-desk' ? { consentAtDesk: true } : {}),
    createdBy: c.kiosk,
    updatedAt: at,
    updatedBy: INTAKE_ACTOR,
    fieldGen: {}
  });
  // The signature moves with the visit, so the retention purge removes it with the visit.
  const visitCreated = await create(client, 'accueil', attachments ? { ...visit, _attachments: attachments } : visit);

  const tickets = await ticketsOfDay(client, c.site, day);
  const hasTicket = tickets.some((t) => t.visitId === visit._id);
  if (!hasTicket) {
    // The number the kiosk already showed the visitor, unless another kiosk of the building
    // took it (one kiosk per building keeps series K to itself).
    const number = c.ticketNumber && !tickets.some((t) => t.number === c.ticketNumber) ? c.ticketNumber : nextKioskNumber(tickets);
    const ticket = ticketDoc.parse({
      _id: appointment ? `ticket:${c.site}:${day}:rdv:${seat}` : ticketId(c.site, day, number),
      type: 'ticket',
      v: 1,
      site: c.site,
      day,
      number,
      category: appointment?.serviceId ?? c.serviceId ?? 'general',
      source: 'kiosk',
      issuedAt: c.createdAt,
      visitId: visit._id,
      ...(appointment ? { appointmentId: appointment._id } : {}),
      status: 'waiting',
      createdBy: c.kiosk,
      updatedAt: at,
      updatedBy: INTAKE_ACTOR,
      fieldGen: {}
    });
    await create(client, 'accueil', ticket);
  }
  if (appointment) await markArrived(client, appointment._id, visit._id, now);
  if (!visitCreated && appointment) return 'duplicate';
  return appointment ? 'appointment' : 'visit';
}

/**
 * Empties the kiosk inbox: every check-in is moved into `accueil` then deleted from `borne`, so
 * the inbox keeps nothing personal. Polling `_all_docs` rather than following `_changes` with
 * a checkpoint: the inbox is emptied on every run, so it is always small, and a check-in that
 * failed stays there and is simply tried again next time.
 */
export async function runIntake(client: CouchClient, now = new Date()): Promise<IntakeResult> {
  const res = await client.get<{ rows: { id: string; value: { rev: string } }[] }>(`/borne/_all_docs?${range('checkin:')}`);
  const outcomes: Record<string, IntakeOutcome> = {};
  let moved = 0;
  for (const row of res.rows) {
    const doc = await client.find<CheckinDoc & { _rev: string }>(`${docPath('borne', row.id)}?attachments=true`);
    if (!doc) continue;
    const outcome = await intakeCheckin(client, doc, now);
    outcomes[row.id] = outcome;
    // An invalid check-in stays for the coordinator to see; the structure ddoc makes it rare.
    if (outcome === 'invalid') continue;
    await client.request('DELETE', `${docPath('borne', row.id)}?rev=${encodeURIComponent(doc._rev)}`);
    moved++;
  }
  return { moved, outcomes };
}
