import type { CallRow, ReadModel, TicketRow } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';

// Queriers for `useLive`/`liveQuery`: Dexie re-runs them when the tables they read change.

/** Tickets waiting in a building today, first issued first. */
export async function waitingTickets(rm: ReadModel, site: SiteCode, day: string): Promise<TicketRow[]> {
  const rows = await rm.tickets.where('[site+status]').equals([site, 'waiting']).toArray();
  return rows.filter((t) => t.day === day).sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt));
}

/** Tickets called in a building today and not yet served or closed, latest call first. */
export async function calledTickets(rm: ReadModel, site: SiteCode, day: string): Promise<TicketRow[]> {
  const rows = await rm.tickets.where('[site+status]').equals([site, 'called']).toArray();
  return rows.filter((t) => t.day === day).sort((a, b) => Date.parse(b.calledAt ?? '') - Date.parse(a.calledAt ?? ''));
}

/** Whether tickets of earlier days are still open (the desk closes them when it opens). */
export async function staleOpenTickets(rm: ReadModel, site: SiteCode, day: string): Promise<number> {
  const open = [
    ...(await rm.tickets.where('[site+status]').equals([site, 'waiting']).toArray()),
    ...(await rm.tickets.where('[site+status]').equals([site, 'called']).toArray())
  ];
  return open.filter((t) => t.day < day).length;
}

/**
 * The calls of a building today for the display, latest first, one per ticket number: when two
 * desks called one ticket offline, the earliest call is the one kept (as the ticket merge does).
 */
export async function displayCalls(rm: ReadModel, site: SiteCode, day: string, limit = 6): Promise<CallRow[]> {
  const rows = await rm.calls.where('[site+day]').equals([site, day]).toArray();
  return latestCalls(rows).slice(0, limit);
}

/** One call per ticket number: the earliest of its first call by each device, then latest first. */
export function latestCalls(rows: CallRow[]): CallRow[] {
  const byNumber = new Map<string, CallRow>();
  for (const c of rows) {
    const kept = byNumber.get(c.number);
    if (!kept || Date.parse(c.calledAt) < Date.parse(kept.calledAt)) byNumber.set(c.number, c);
  }
  return [...byNumber.values()].sort((a, b) => Date.parse(b.calledAt) - Date.parse(a.calledAt));
}

/** Recent calls of a building, as samples for the wait estimate (see estimate.ts). */
export function recentCalls(rm: ReadModel, site: SiteCode, day: string): Promise<CallRow[]> {
  return rm.calls.where('[site+day]').equals([site, day]).toArray();
}
