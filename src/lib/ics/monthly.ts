import type { RawRule } from './rule';
import { wallToNaive, type WallTime } from './wall-time';

// FREQ=MONTHLY expanded here rather than by ical.js 2.2.1, which gets it wrong without an error:
// BYMONTH is walked as an index into its list while months are stepped (a list that skips
// months or is in school-year order loses instances), BYDAY with BYMONTHDAY misses days that
// match both, and BYSETPOS is ignored when BYMONTHDAY is present. Every month of the period is
// read as RFC 5545 §3.3.10 says: BYMONTH limits, BYMONTHDAY and BYDAY (ordinals counted within
// the month) expand or limit each other, then BYSETPOS picks from the month's set.

export interface MonthlyRule {
  interval: number;
  months: Set<number> | null;
  /** Weekday 0 (Sunday)–6 with an ordinal, 0 meaning every such weekday of the month. */
  byday: Array<{ ordinal: number; weekday: number }> | null;
  bymonthday: number[] | null;
  bysetpos: number[] | null;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
/** Parts this expander understands; a rule with any other (BYHOUR…) is left to ical.js. */
const PARTS = new Set(['freq', 'interval', 'count', 'until', 'bymonth', 'byday', 'bymonthday', 'bysetpos', 'wkst']);

function ints(value: unknown, ok: (n: number) => boolean): number[] | null | false {
  if (value === undefined || value === null) return null;
  const values = (Array.isArray(value) ? value : [value]).map(Number);
  return values.length > 0 && values.every((n) => Number.isInteger(n) && ok(n)) ? values : false;
}

function weekdays(value: unknown): MonthlyRule['byday'] | false {
  if (value === undefined || value === null) return null;
  const out: NonNullable<MonthlyRule['byday']> = [];
  for (const entry of Array.isArray(value) ? value : [value]) {
    const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/i.exec(String(entry).trim());
    const ordinal = m?.[1] === undefined ? 0 : Number(m[1]);
    if (!m || Math.abs(ordinal) > 5) return false;
    out.push({ ordinal, weekday: WEEKDAYS.indexOf(m[2]!.toUpperCase()) });
  }
  return out.length > 0 ? out : false;
}

/** The rule as this expander reads it, or null when it is not MONTHLY or uses parts left to ical.js. */
export function readMonthly(rule: RawRule): MonthlyRule | null {
  if (String(rule.freq).toUpperCase() !== 'MONTHLY') return null;
  if (Object.keys(rule).some((part) => !PARTS.has(part))) return null;
  const interval = rule.interval === undefined ? 1 : Number(rule.interval);
  const months = ints(rule.bymonth, (n) => n >= 1 && n <= 12);
  const bymonthday = ints(rule.bymonthday, (n) => n !== 0 && Math.abs(n) <= 31);
  const bysetpos = ints(rule.bysetpos, (n) => n !== 0 && Math.abs(n) <= 366);
  const byday = weekdays(rule.byday);
  // Malformed values are left to ical.js, which rejects them with its own message.
  if (!Number.isInteger(interval) || interval < 1 || months === false || bymonthday === false || bysetpos === false || byday === false) return null;
  return { interval, months: months ? new Set(months) : null, byday, bymonthday, bysetpos };
}

/** The days of one month the rule produces, in order. */
function daysOf(rule: MonthlyRule, year: number, month: number, dtstartDay: number): number[] {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const { byday, bymonthday } = rule;
  let days: number[] = [];
  for (let day = 1; day <= length; day++) {
    const weekday = (firstWeekday + day - 1) % 7;
    const dayOk =
      !byday ||
      byday.some(
        (d) =>
          d.weekday === weekday &&
          (d.ordinal === 0 || (d.ordinal > 0 ? Math.ceil(day / 7) === d.ordinal : Math.floor((length - day) / 7) + 1 === -d.ordinal))
      );
    const monthDayOk = bymonthday ? bymonthday.some((v) => v === day || v === day - length - 1) : byday !== null || day === dtstartDay;
    if (dayOk && monthDayOk) days.push(day);
  }
  if (rule.bysetpos) {
    const picked = new Set(rule.bysetpos.map((p) => days[p > 0 ? p - 1 : days.length + p]).filter((d) => d !== undefined));
    days = [...picked].sort((a, b) => a - b);
  }
  return days;
}

/**
 * The rule's instances from DTSTART's month on, at DTSTART's time of day, leaving out those
 * before DTSTART, until a month starts after `horizonNaive()`; callers apply COUNT and UNTIL.
 * `spend` is called once per month: a rule that never matches (BYMONTHDAY=31;BYMONTH=2) ends
 * at the horizon, or by the budget when there is none.
 */
export function* monthlyWalls(rule: MonthlyRule, dtstart: WallTime, spend: () => void, horizonNaive: () => number): Generator<WallTime> {
  const first = wallToNaive(dtstart);
  for (let index = dtstart.year * 12 + dtstart.month - 1; ; index += rule.interval) {
    spend();
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (wallToNaive({ year, month, day: 1, hour: 0, minute: 0, second: 0 }) > horizonNaive()) return;
    if (rule.months && !rule.months.has(month)) continue;
    for (const day of daysOf(rule, year, month, dtstart.day)) {
      const wall: WallTime = { year, month, day, hour: dtstart.hour, minute: dtstart.minute, second: dtstart.second };
      if (wallToNaive(wall) >= first) yield wall;
    }
  }
}
