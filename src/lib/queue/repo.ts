import type { LocalStore } from '$lib/db/store';
import { RevisionConflictError } from '$lib/db/errors';
import { stampChanges } from '$lib/domain/merge';
import { parisDay } from '$lib/domain/dates';
import type { SiteCode } from '$lib/domain/common';
import { callDoc, ticketDoc, ticketId, TICKET_MUTABLE_FIELDS, type TicketDoc } from '$lib/domain/ticket';
import { visitStatus, type VisitDoc } from '$lib/domain/visit';
import type { Actor } from '$lib/visitors/repo';
import { admitVisit } from './admission';
import { nextNumber, pickSeries } from './numbering';

type Stored = TicketDoc & { _rev: string };
type Mutable = Partial<Pick<TicketDoc, (typeof TICKET_MUTABLE_FIELDS)[number]>>;

const SERIES_KEY = 'queue.series';

/**
 * This device's series letter: chosen once from the letters unused in its building, then kept,
 * until this device learns that another one issues tickets in it too (two tablets set up while
 * cut off from each other): then it moves to a free letter, so the two stop sharing numbers.
 */
export async function deviceSeries(store: LocalStore, site: SiteCode, device: string, alsoTaken: string[] = []): Promise<string> {
  const tickets = await store.rm.tickets.where('site').equals(site).toArray();
  const byOthers = new Set([...alsoTaken, ...tickets.filter((t) => t.source === 'desk' && t.createdBy !== device).map((t) => t.number.charAt(0))]);
  const kept = (await store.rm.syncState.get(SERIES_KEY))?.value;
  if (kept && !byOthers.has(kept)) return kept;
  const series = pickSeries(byOthers);
  await store.rm.syncState.put({ key: SERIES_KEY, value: series });
  return series;
}

/** Issues a ticket at the desk in this device's series. */
export async function issueTicket(
  store: LocalStore,
  site: SiteCode,
  category: TicketDoc['category'],
  actor: Actor,
  now = new Date(),
  /** For an appointment's arrival: the ticket's id derives from the seat, as the kiosk intake's does. */
  link?: { id: string; visitId: string; appointmentId: string }
): Promise<Stored> {
  const day = parisDay(now);
  const taken: string[] = [];
  const seen: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const series = await deviceSeries(store, site, actor.device, taken);
    const today = await store.rm.tickets.where('[site+day]').equals([site, day]).toArray();
    const number = nextNumber(series, [...today.map((t) => t.number), ...seen]);
    try {
      return await writeTicket(store, { site, day, number, category, actor, now, link });
    } catch (err) {
      // The number is already here, and the read model did not show it yet (a ticket that just
      // arrived by replication, or this desk's previous one). Another device's, in our series:
      // move to a free letter. Either way, try the next number.
      if (!(err instanceof RevisionConflictError) || link || attempt >= 5) throw err;
      seen.push(number);
      const there = await store.get<TicketDoc>('accueil', ticketId(site, day, number));
      if (there && there.createdBy !== actor.device) taken.push(series);
    }
  }
}

async function writeTicket(
  store: LocalStore,
  t: { site: SiteCode; day: string; number: string; category: TicketDoc['category']; actor: Actor; now: Date; link?: { id: string; visitId: string; appointmentId: string } }
): Promise<Stored> {
  const { site, day, number, category, actor, now, link } = t;
  const at = now.toISOString();
  const doc = ticketDoc.parse({
    _id: link?.id ?? ticketId(site, day, number),
    ...(link ? { visitId: link.visitId, appointmentId: link.appointmentId } : {}),
    type: 'ticket',
    v: 1,
    site,
    day,
    number,
    category,
    source: 'desk',
    issuedAt: at,
    status: 'waiting',
    createdBy: actor.device,
    updatedAt: at,
    updatedBy: actor.device,
    fieldGen: {}
  });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/** Changes some fields, each stamped with the new revision's generation (per-field merge). */
async function updateTicket(store: LocalStore, id: string, changes: Mutable, actor: Actor, now: Date): Promise<Stored> {
  const current = await store.get<TicketDoc>('accueil', id);
  if (!current) throw new Error(`ticket ${id} not found`);
  const { next, fieldGen } = stampChanges(current, changes);
  const doc = ticketDoc.parse({ ...next, fieldGen, updatedAt: now.toISOString(), updatedBy: actor.device });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/**
 * Calls a ticket to a guichet, and posts the call for the hallway display (in `planning`,
 * number and guichet only). Calling a ticket again (the visitor did not come) re-posts it.
 */
export async function callTicket(store: LocalStore, id: string, guichet: number, actor: Actor, now = new Date()): Promise<Stored> {
  const at = now.toISOString();
  const ticket = await updateTicket(store, id, { status: 'called', calledAt: at, calledBy: actor.adviser, guichet }, actor, now);
  const call = callDoc.parse({
    _id: `call:${ticket.site}:${ticket.day}:${ticket.number}:${actor.device}`,
    type: 'call',
    v: 1,
    site: ticket.site,
    day: ticket.day,
    number: ticket.number,
    guichet,
    calledAt: at,
    issuedAt: ticket.issuedAt,
    device: actor.device
  });
  const previous = await store.get<typeof call>('planning', call._id);
  await store.put('planning', previous ? { ...call, _rev: previous._rev } : call);
  return ticket;
}

/** A served or closed ticket stays as it ended: ending it twice (two clicks, two runs) writes nothing. */
async function ended(store: LocalStore, id: string): Promise<Stored | null> {
  const current = await store.get<TicketDoc>('accueil', id);
  return current && (current.status === 'served' || current.status === 'closed') ? current : null;
}

/** Serving a kiosk arrival nobody admitted at the door: the adviser must confirm the identity check first. */
export class NotAdmittedError extends Error {
  readonly name = 'NotAdmittedError';
  constructor(
    readonly ticketId: string,
    readonly visitId: string
  ) {
    super(`ticket ${ticketId}: visit ${visitId} was never admitted (no Vigipirate check)`);
  }
}

/**
 * The visitor was received at the guichet. A kiosk arrival's visit is still waiting if nobody
 * pressed « Admettre »; yet the visitor is inside now, so they must be on the evacuation list:
 * serving admits them, which needs the adviser's identity check (`admission`), else throws
 * NotAdmittedError and writes nothing.
 */
export async function serveTicket(store: LocalStore, id: string, actor: Actor, now = new Date(), admission?: { idChecked: true }): Promise<Stored> {
  const done = await ended(store, id);
  if (done) return done;
  const ticket = await store.get<TicketDoc>('accueil', id);
  if (ticket?.visitId) {
    const visit = await store.get<VisitDoc>('accueil', ticket.visitId);
    // A visit not synced yet cannot be admitted: asking keeps the gap visible rather than silent.
    if (!visit || visitStatus(visit) === 'waiting') {
      if (!admission?.idChecked || !visit) throw new NotAdmittedError(id, ticket.visitId);
      await admitVisit(store, visit._id, actor, { idChecked: true }, now);
    }
  }
  return updateTicket(store, id, { status: 'served', servedAt: now.toISOString() }, actor, now);
}

/** The ticket ends without service (gone, closing time…), with the reason. */
export async function closeTicket(store: LocalStore, id: string, reason: string, actor: Actor, now = new Date()): Promise<Stored> {
  return (await ended(store, id)) ?? updateTicket(store, id, { status: 'closed', closedAt: now.toISOString(), closedReason: reason }, actor, now);
}

export const CLOSING_REASON = 'Fermeture de l’accueil';

/**
 * Closes the tickets still open in a building: today's at closing time (the adviser's button),
 * or those of earlier days (run when the desk opens the next day). Returns how many closed.
 */
export async function closeOpenTickets(store: LocalStore, site: SiteCode, actor: Actor, opts: { beforeDay?: string } = {}, now = new Date()): Promise<number> {
  const open = [
    ...(await store.rm.tickets.where('[site+status]').equals([site, 'waiting']).toArray()),
    ...(await store.rm.tickets.where('[site+status]').equals([site, 'called']).toArray())
  ].filter((t) => (opts.beforeDay ? t.day < opts.beforeDay : true));
  for (const t of open) await closeTicket(store, t.id, CLOSING_REASON, actor, now);
  return open.length;
}
