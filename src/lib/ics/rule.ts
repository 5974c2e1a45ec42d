import ICAL from 'ical.js';
import { addDays, dateOnly, DAY_MS, parseJcalTime, wallToNaive, type WallTime } from './wall-time';
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
 * The start wall times of an RRULE, in order, from DTSTART (or from a later equivalent start
 * when none of the skipped ones can end after `skipBeforeNaive`). Stops when the rule ends;
 * callers stop earlier for infinite rules. Throws RecurrenceLimitError when the budget runs out.
 *
 * RFC 5545 makes DTSTART the first instance even when the rule would not produce it; ical.js
 * leaves it out. Callers add DTSTART themselves, and COUNT is lowered here so that it still
 * counts DTSTART.
 */
export function* iterateRule(
  rule: RawRule,
  start: RuleStart,
  budget: StepBudget,
  skipBeforeNaive = Number.NEGATIVE_INFINITY
): Generator<WallTime> {
  let first = start.wall;
  const period = skipPeriodDays(rule, start);
  if (period > 0) {
    const periods = Math.floor((skipBeforeNaive - wallToNaive(first)) / (period * DAY_MS));
    if (periods > 0) first = addDays(first, periods * period);
  }

  const data: RawRule = { ...rule };
  delete data.until;
  const until = rule.until === undefined ? null : untilWall(rule.until, start);
  const floating = ICAL.Timezone.localTimezone;
  if (until) data.until = ICAL.Time.fromData({ ...until, isDate: start.isDate }, floating);
  const dtstart = ICAL.Time.fromData({ ...first, isDate: start.isDate }, floating);

  const open = (count: unknown) => {
    const recur = ICAL.Recur.fromData((count === undefined ? data : { ...data, count }) as Parameters<typeof ICAL.Recur.fromData>[0]);
    const iterator = recur.iterator(dtstart);
    // ical.js calls this once per candidate inside next(), including in loops that never end.
    const check = iterator.check_contracting_rules.bind(iterator);
    iterator.check_contracting_rules = () => {
      budget.spend();
      return check();
    };
    return iterator;
  };
  const toWallTime = (t: ICAL.Time): WallTime => ({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second });

  let iterator = open(data.count);
  budget.spend();
  const head = iterator.next();
  if (!head) return;
  let pending: WallTime | null = toWallTime(head);
  const count = Number(data.count);
  if (Number.isInteger(count) && count > 0 && wallToNaive(pending) !== wallToNaive(first)) {
    if (count === 1) return;
    iterator = open(count - 1);
    pending = null;
  }

  let previous = Number.NEGATIVE_INFINITY;
  for (;;) {
    let wall = pending;
    pending = null;
    if (!wall) {
      budget.spend();
      const t = iterator.next();
      if (!t) return;
      wall = toWallTime(t);
    }
    const naive = wallToNaive(wall);
    if (naive <= previous) return; // never seen, but going backwards would never reach the window's end
    previous = naive;
    yield wall;
  }
}
