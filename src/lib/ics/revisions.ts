import type ICAL from 'ical.js';
import { instantOf, readTime, textOf, type IcsTime } from './event-values';
import { dateKey, parseJcalTime, wallToNaive } from './wall-time';
import type { ZoneResolver } from './zones';

// Which VEVENTs of one UID are current. A feed or an export may hold several revisions of the
// same event (a client that appended instead of replacing, two copies merged): RFC 5546 §2.1.5
// orders them by SEQUENCE, then DTSTAMP. Only the latest master is expanded; otherwise every
// revision shows, and instances deleted or moved in the latest come back from the older ones.

export interface Override {
  event: ICAL.Component;
  recurrenceId: IcsTime;
  sequence: number;
  /** RANGE=THISANDFUTURE: the change also applies to every later instance (RFC 5545 §3.8.4.4). */
  thisAndFuture: boolean;
}

export const sequenceOf = (event: ICAL.Component): number => {
  const n = Number(textOf(event, 'sequence'));
  return Number.isInteger(n) && n >= 0 ? n : 0;
};

const dtstampOf = (event: ICAL.Component): number => {
  const t = parseJcalTime(event.getFirstProperty('dtstamp')?.jCal[3]);
  return t ? wallToNaive(t.wall) : Number.NEGATIVE_INFINITY; // DTSTAMP is UTC by definition
};

/** Whether `a` is a later revision than `b`; at a tie the one later in the file (`a`) wins. */
function newer(a: ICAL.Component, b: ICAL.Component): boolean {
  const bySequence = sequenceOf(a) - sequenceOf(b);
  return bySequence !== 0 ? bySequence > 0 : dtstampOf(a) >= dtstampOf(b);
}

/** The latest revision among the masters, in file order; null when there are none. */
export function latestMaster<T extends { event: ICAL.Component }>(masters: T[]): T | null {
  let best: T | null = null;
  for (const m of masters) if (!best || newer(m.event, best.event)) best = m;
  return best;
}

/**
 * The overrides that apply to the kept master, one per instance. When the file held several
 * revisions of the master, an override with a lower SEQUENCE than the kept one belongs to an
 * older revision and is dropped. With a single master all are kept: producers do not always
 * raise an exception's SEQUENCE when they edit the series (RFC 5546 leaves it to them), and
 * dropping one would bring back an instance that was moved or cancelled.
 */
export function currentOverrides(
  uid: string,
  overrides: ICAL.Component[],
  master: { event: ICAL.Component; start: IcsTime } | null,
  severalMasters: boolean,
  resolver: ZoneResolver,
  warn: (message: string) => void
): Override[] {
  const floor = master && severalMasters ? sequenceOf(master.event) : 0;
  const chosen = new Map<string, Override>();
  let stale = 0;
  for (const event of overrides) {
    // A floating RECURRENCE-ID is read in the series' zone.
    const recurrenceId = readTime(event, 'recurrence-id', resolver, master?.start.zone ?? resolver.floating);
    if (!recurrenceId) {
      warn(`override of "${uid}" skipped: unreadable RECURRENCE-ID`);
      continue;
    }
    const sequence = sequenceOf(event);
    if (sequence < floor) {
      stale++;
      continue;
    }
    const key = recurrenceId.isDate ? `D${dateKey(recurrenceId.wall)}` : `T${instantOf(recurrenceId)}`;
    const range = event.getFirstProperty('recurrence-id')?.getParameter('range');
    const thisAndFuture = String(Array.isArray(range) ? range[0] : range).toUpperCase() === 'THISANDFUTURE';
    // Of two overrides for the same instance, the later revision wins.
    const previous = chosen.get(key);
    if (!previous || newer(event, previous.event)) chosen.set(key, { event, recurrenceId, sequence, thisAndFuture });
  }
  if (stale > 0) warn(`event "${uid}": ${stale} override(s) of an older revision ignored (SEQUENCE below ${floor})`);
  return [...chosen.values()];
}
