import type { WallTime } from '$lib/ics/wall-time';

// A deliberately naive reading of RFC 5545 §3.3.10 for FREQ=MONTHLY, to check the real
// expansion against: every month of the period is walked and every day of it tested, so there
// is no index bookkeeping that could go wrong the way ical.js's does. Test use only.

export interface MonthlyRule {
  interval?: number;
  count?: number;
  /** Inclusive, as a wall time in DTSTART's zone. */
  until?: WallTime;
  bymonth?: number[];
  byday?: string[];
  bymonthday?: number[];
  bysetpos?: number[];
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

const key = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

function matchesByday(entry: string, year: number, month: number, day: number, length: number): boolean {
  const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(entry);
  if (!m) throw new Error(`bad BYDAY ${entry}`);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDay() !== WEEKDAYS.indexOf(m[2]!)) return false;
  if (m[1] === undefined) return true;
  const ordinal = Number(m[1]);
  return ordinal > 0 ? Math.ceil(day / 7) === ordinal : Math.floor((length - day) / 7) + 1 === -ordinal;
}

/** The instances of the rule from DTSTART (which is always the first), until `lastYear` ends. */
export function monthlyReference(dtstart: WallTime, rule: MonthlyRule, lastYear: number): WallTime[] {
  const out: WallTime[] = [dtstart];
  const first = key(dtstart);
  const count = rule.count ?? Number.POSITIVE_INFINITY;
  for (let k = 0; ; k++) {
    const index = dtstart.year * 12 + dtstart.month - 1 + k * (rule.interval ?? 1);
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (year > lastYear) break;
    if (rule.bymonth && !rule.bymonth.includes(month)) continue;
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    let days: number[] = [];
    for (let day = 1; day <= length; day++) {
      const byday = !rule.byday || rule.byday.some((e) => matchesByday(e, year, month, day, length));
      const bymonthday = !rule.bymonthday || rule.bymonthday.some((v) => v === day || (v < 0 && day === length + 1 + v));
      const plain = rule.byday || rule.bymonthday || day === dtstart.day;
      if (byday && bymonthday && plain) days.push(day);
    }
    if (rule.bysetpos) {
      const picked = rule.bysetpos.map((p) => days[p > 0 ? p - 1 : days.length + p]).filter((d) => d !== undefined);
      days = [...new Set(picked)].sort((a, b) => a - b);
    }
    for (const day of days) {
      const wall = { year, month, day, hour: dtstart.hour, minute: dtstart.minute, second: dtstart.second };
      if (key(wall) < first) continue;
      if (rule.until && key(wall) > key(rule.until)) return out;
      if (key(wall) === first) continue; // already there
      if (out.length >= count) return out;
      out.push(wall);
    }
  }
  return out;
}
