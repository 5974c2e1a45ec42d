import ICAL from 'ical.js';
import { addDays, dateOnly, DAY_MS, parseJcalTime, wallToNaive, type WallTime } from './wall-time';
import { monthlyWalls, readMonthly } from './monthly';
import { toWall, type Zone } from './zone';

/** Thrown when a rule has used up its share of iteration steps. */
export class RecurrenceLimitError extends Error {
  override name = 'RecurrenceLimitError';
}

/**
 * Iteration steps a parse may spend. ical.js has no guard of its own for some impossible rules
 * (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 loops forever inside a single next()), and a
 * FREQ=SECONDLY rule from 1970 would take hours to reach today: every step is counted here,
 * inside ical.js's loop too, and the count is capped per series and per parse.
 */
export class StepBudget {
  constructor(
    private remaining: number,
    private readonly parent?: StepBudget
  ) {}

  /** A budget capped at `limit` that also spends from this one. */
  child(limit: number): StepBudget {
    return new StepBudget(limit, this);
  }

  spend(): void {
    this.parent?.spend();
    if (--this.remaining < 0) throw new RecurrenceLimitError('recurrence expansion step limit reached');
  }
}

/** Where a rule starts: DTSTART's wall clock, and the zone its UNTIL is converted into. */
export interface RuleStart {
  wall: WallTime;
  isDate: boolean;
  zone: Zone;
}

/** An RRULE value as jCal holds it: lower-case part names, strings and numbers. */
export type RawRule = Record<string, unknown>;

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * UNTIL as a wall time in the series' own zone. The iteration then runs entirely on floating
 * wall clocks, which is what makes it independent of ical.js's global TimezoneService.
 */
function untilWall(raw: unknown, start: RuleStart): WallTime | null {
  const until = parseJcalTime(raw);
  if (!until) return null;
  const wall = until.utc ? toWall(wallToNaive(until.wall), start.zone) : until.wall;
  if (start.isDate) return dateOnly(wall);
  // A DATE UNTIL on a DATE-TIME series breaks RFC 5545 but is what Outlook and Zimbra write for
  // "End by Jun 2": that whole day is still part of the series.
  if (until.isDate) return { ...wall, hour: 23, minute: 59, second: 59 };
  return wall;
}

/**
 * Days by which DTSTART can be moved forward without changing the occurrences that follow, or
 * 0 when the rule is not simple enough to be sure. Only plain DAILY and WEEKLY rules qualify
 * (no COUNT, no BY-part other than weekdays, DTSTART on one of those weekdays): they repeat
 * exactly every INTERVAL days or weeks. Other rules are cheap enough to run from DTSTART.
 */
function skipPeriodDays(rule: RawRule, start: RuleStart): number {
  if (rule.count !== undefined) return 0;
  const limiting = ['bysetpos', 'bymonthday', 'byyearday', 'byweekno', 'bymonth', 'byhour', 'byminute', 'bysecond'];
  if (limiting.some((part) => rule[part] !== undefined)) return 0;
  const interval = rule.interval === undefined ? 1 : Number(rule.interval);
  if (!Number.isInteger(interval) || interval < 1) return 0;
  const days = list(rule.byday).map((d) => String(d).toUpperCase());
  if (days.some((d) => !WEEKDAYS.includes(d))) return 0;
  const weekday = WEEKDAYS[new Date(wallToNaive(start.wall)).getUTCDay()]!;
  if (days.length > 0 && !days.includes(weekday)) return 0;
  if (rule.freq === 'DAILY') return days.length > 0 ? 7 * interval : interval;
  if (rule.freq === 'WEEKLY') return 7 * interval;
  return 0;
}

/**
 * The months a MONTHLY rule's BYMONTH keeps, for rules left to ical.js (those with BYHOUR…).
 * ical.js 2.2.1 walks BYMONTH as an index while it steps months itself and loses instances. For
 * MONTHLY, BYMONTH only limits and a month's candidates all share it, so expanding without it
 * and dropping the other months gives the same set, BYSETPOS included (its set is the month).
 */
function monthLimit(rule: RawRule): Set<number> | null {
  if (String(rule.freq).toUpperCase() !== 'MONTHLY' || rule.bymonth === undefined) return null;
  const months = list(rule.bymonth).map(Number);
  if (months.some((m) => !Number.isInteger(m) || m < 1 || m > 12)) return null;
  return new Set(months);
}

/** ical.js's instances of the rule without COUNT, each candidate counted against the budget. */
function* icalWalls(rule: RawRule, first: RuleStart, until: WallTime | null, budget: StepBudget, horizonNaive: () => number): Generator<WallTime> {
  const months = monthLimit(rule);
  const data: RawRule = { ...rule };
  delete data.until;
  delete data.count;
  if (months) delete data.bymonth;
  const floating = ICAL.Timezone.localTimezone;
  if (until) data.until = ICAL.Time.fromData({ ...until, isDate: first.isDate }, floating);
  const dtstart = ICAL.Time.fromData({ ...first.wall, isDate: first.isDate }, floating);
  const iterator = ICAL.Recur.fromData(data as Parameters<typeof ICAL.Recur.fromData>[0]).iterator(dtstart);
  // ical.js calls this once per candidate inside next(), including in loops that never end.
  const check = iterator.check_contracting_rules.bind(iterator);
  iterator.check_contracting_rules = () => {
    budget.spend();
    return check();
  };
  for (;;) {
    budget.spend();
    const t = iterator.next();
    if (!t) return;
    const wall: WallTime = { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
    if (wallToNaive(wall) > horizonNaive()) return;
    if (!months || months.has(t.month)) yield wall;
  }
}

/** Where iterateRule may start and must stop, as naive wall-clock milliseconds. */
export interface RuleBounds {
  /** Instances that end before this may be skipped by starting from a later equivalent DTSTART. */
  skipBeforeNaive?: number;
  /** Nothing after this is needed (it may shrink while iterating). */
  horizonNaive?: () => number;
}

/**
 * The start wall times of an RRULE, in order, from DTSTART (or from a later equivalent start,
 * see RuleBounds). Stops when the rule ends or passes the horizon. Throws RecurrenceLimitError
 * when the budget runs out.
 *
 * RFC 5545 makes DTSTART the first instance even when the rule would not produce it; ical.js
 * leaves it out. Callers add DTSTART themselves. COUNT is counted here, not by ical.js, over
 * what is yielded plus DTSTART when the rule does not produce it.
 */
export function* iterateRule(rule: RawRule, start: RuleStart, budget: StepBudget, bounds: RuleBounds = {}): Generator<WallTime> {
  let first = start.wall;
  const period = skipPeriodDays(rule, start);
  if (period > 0 && bounds.skipBeforeNaive !== undefined) {
    const periods = Math.floor((bounds.skipBeforeNaive - wallToNaive(first)) / (period * DAY_MS));
    if (periods > 0) first = addDays(first, periods * period);
  }
  const until = rule.until === undefined ? null : untilWall(rule.until, start);
  const untilNaive = until ? wallToNaive(until) : Number.POSITIVE_INFINITY;
  const horizon = bounds.horizonNaive ?? (() => Number.POSITIVE_INFINITY);
  const monthly = readMonthly(rule);
  const source = monthly
    ? monthlyWalls(monthly, first, () => budget.spend(), () => Math.min(horizon(), untilNaive))
    : icalWalls(rule, { ...start, wall: first }, until, budget, horizon);

  const count = rule.count === undefined ? Number.NaN : Number(rule.count);
  let left = Number.isInteger(count) && count > 0 ? count : Number.POSITIVE_INFINITY;
  let previous = Number.NEGATIVE_INFINITY;
  let head = true;
  for (const wall of source) {
    const naive = wallToNaive(wall);
    if (naive > untilNaive) return;
    // DTSTART, which the caller adds, takes one of the COUNT when the rule does not produce it.
    if (head && naive !== wallToNaive(first)) left--;
    head = false;
    if (left <= 0) return;
    if (naive <= previous) return; // never seen, but going backwards would never reach the window's end
    previous = naive;
    left--;
    yield wall;
    if (left <= 0) return;
  }
}
