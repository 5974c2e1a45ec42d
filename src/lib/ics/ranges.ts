import { instantOf, readTime, type IcsTime } from './event-values';
import { readFields, type EventFields } from './fields';
import { fits, lengthOf, type Length } from './length';
import type { Override } from './revisions';
import { dateOnly, DAY_MS, wallToNaive } from './wall-time';
import { toWall, UTC_ZONE, type Zone } from './zone';
import type { ZoneResolver } from './zones';

// RECURRENCE-ID;RANGE=THISANDFUTURE (RFC 5545 §3.8.4.4): the override's changes apply to its
// instance and every later one. Later instances move by the override's shift from its
// RECURRENCE-ID, measured on the series' wall clock so that a move from 10:00 to 14:00 in
// January is still 14:00 in July, take its length when it gives one, and show its fields.

/** A change from one instance of the series on; instants are naive wall clocks of the series. */
export interface RangeChange {
  fromNaive: number;
  shiftNaive: number;
  /** The override's own length, or null to keep the series'. */
  length: Length | null;
  fields: EventFields;
}

interface SeriesStart {
  start: IcsTime;
}

/** A time as a naive wall clock of the series: its day for all-day series, else DTSTART's zone. */
export function seriesNaive(t: IcsTime, master: SeriesStart, floating: Zone): number {
  if (t.isDate) return wallToNaive(t.wall);
  if (!master.start.isDate) return wallToNaive(toWall(instantOf(t), master.start.zone));
  return wallToNaive(dateOnly(t.zone === UTC_ZONE ? toWall(instantOf(t), floating) : t.wall));
}

/** The THISANDFUTURE overrides as changes, in RECURRENCE-ID order. */
export function rangeChanges(overrides: Override[], master: SeriesStart, resolver: ZoneResolver): RangeChange[] {
  const allDay = master.start.isDate;
  const changes: RangeChange[] = [];
  for (const o of overrides) {
    if (!o.thisAndFuture) continue;
    const start = readTime(o.event, 'dtstart', resolver, resolver.floating) ?? o.recurrenceId;
    const fromNaive = seriesNaive(o.recurrenceId, master, resolver.floating);
    let shiftNaive = seriesNaive(start, master, resolver.floating) - fromNaive;
    if (allDay) shiftNaive = Math.round(shiftNaive / DAY_MS) * DAY_MS;
    const own = lengthOf(o.event, start, resolver);
    changes.push({ fromNaive, shiftNaive, length: own && fits(own, allDay) ? own : null, fields: readFields(o.event) });
  }
  return changes.sort((a, b) => a.fromNaive - b.fromNaive);
}

/** The change in force for an instance that originally starts at `naive`: the latest one at or before it. */
export function rangeAt(changes: RangeChange[], naive: number): RangeChange | null {
  let found: RangeChange | null = null;
  for (const c of changes) {
    if (c.fromNaive > naive) break;
    found = c;
  }
  return found;
}

/** The largest shift of any change, to widen the part of the series that must be expanded. */
export function maxShiftMs(changes: RangeChange[]): number {
  return changes.reduce((max, c) => Math.max(max, Math.abs(c.shiftNaive)), 0);
}
