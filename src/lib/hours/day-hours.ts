import { holidayName } from '$lib/domain/holidays';
import type { OpeningRange } from '$lib/domain/reference';
import { isoWeekday, parisInstant } from '$lib/domain/zoned';
import type { DayRange, ExceptionalHours } from './schema';

/** The hours of one Paris day, and why they differ from the weekly ones when they do. */
export type DayHours = {
  /** The ranges in force, in order; empty when closed all day. */
  ranges: DayRange[];
  /** The exception in force that day, if any: it wins over holidays and weekly hours. */
  exception?: ExceptionalHours;
  /** The holiday name(s), when the day is a public holiday. */
  holiday?: string;
};

/**
 * The hours of a Paris day "YYYY-MM-DD": an exception covering the day replaces everything (when
 * several overlap, the last one in the list wins: it is the coordinator's latest word); otherwise
 * a public holiday closes when `holidaysClosed`; otherwise the weekly ranges of that weekday.
 */
export function dayHours(
  weekly: readonly OpeningRange[],
  exceptions: readonly ExceptionalHours[] = [],
  day: string,
  holidaysClosed = true
): DayHours {
  const holiday = holidayName(day);
  const exception = exceptions.findLast((e) => e.from <= day && day <= e.to);
  const base = { ...(exception && { exception }), ...(holiday && { holiday }) };
  if (exception) return { ...base, ranges: exception.closed ? [] : [...exception.ranges!].sort(byOpen) };
  if (holiday && holidaysClosed) return { ...base, ranges: [] };
  const weekday = isoWeekday(day);
  const ranges = weekly
    .filter((r) => r.weekday === weekday)
    .map(({ open, close, breakStart, breakEnd }) => ({ open, close, ...(breakStart && breakEnd && { breakStart, breakEnd }) }))
    .sort(byOpen);
  return { ...base, ranges };
}

const byOpen = (a: DayRange, b: DayRange) => a.open.localeCompare(b.open);

/** A stretch of opening as instants: start included, end excluded. */
export type Interval = { start: Date; end: Date };

/**
 * The opening intervals of a day as instants, breaks cut out, overlapping or touching ranges
 * merged (so "open until" is the real closing, not the seam between two ranges).
 */
export function dayIntervals(ranges: readonly DayRange[], day: string): Interval[] {
  const pieces: [string, string][] = [];
  for (const r of ranges) {
    if (r.breakStart && r.breakEnd) pieces.push([r.open, r.breakStart], [r.breakEnd, r.close]);
    else pieces.push([r.open, r.close]);
  }
  const merged: [string, string][] = [];
  for (const [start, end] of pieces.filter(([s, e]) => s < e).sort(([a], [b]) => a.localeCompare(b))) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = end > last[1] ? end : last[1];
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => ({ start: wallInstant(day, start), end: wallInstant(day, end) }));
}

/**
 * The instant of a Paris wall-clock time. A time in the hour skipped in March (02:00–02:59) does
 * not exist: the clocks read 03:00 at that instant, so we take the same time one hour later.
 */
function wallInstant(day: string, time: string): Date {
  const instant = parisInstant(day, time);
  if (instant) return instant;
  const [h, m] = time.split(':').map(Number) as [number, number];
  const later = parisInstant(day, `${String(h + 1).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  if (!later) throw new Error(`no Paris instant for ${day} ${time}`);
  return later;
}
