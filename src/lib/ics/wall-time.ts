// Wall-clock times as iCalendar writes them: a calendar date and a time of day with no zone
// attached. Arithmetic happens on a "naive" millisecond count (the wall time read as if it were
// UTC), which has no DST and so adds days and compares exactly like the calendar does.

export interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A DATE or DATE-TIME value as read from jCal, before any time zone is applied. */
export interface RawTime {
  wall: WallTime;
  isDate: boolean;
  /** The value ended in Z. */
  utc: boolean;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The wall time read as if it were UTC. */
export function wallToNaive(w: WallTime): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

export function naiveToWall(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds()
  };
}

export function addDays(w: WallTime, days: number): WallTime {
  return naiveToWall(wallToNaive(w) + days * DAY_MS);
}

/** Midnight of the wall time's day. */
export function dateOnly(w: WallTime): WallTime {
  return { year: w.year, month: w.month, day: w.day, hour: 0, minute: 0, second: 0 };
}

/** "YYYY-MM-DD" of the wall time's day, used to match DATE values (EXDATE, RECURRENCE-ID). */
export function dateKey(w: WallTime): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Whole calendar days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: WallTime, to: WallTime): number {
  return Math.round((wallToNaive(dateOnly(to)) - wallToNaive(dateOnly(from))) / DAY_MS);
}

// ical.js turns "20190304T140000Z" into "2019-03-04T14:00:00Z" and "20190304" into "2019-03-04";
// an implicit date on a DATE-TIME property ("DTSTART:20021028") comes out as "2002-10-28T::".
const JCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T::|T(\d{2}):(\d{2})(?::(\d{2}))?(Z)?)?$/i;

/** Reads a jCal date or date-time string; null when it is not one (garbage in the feed). */
export function parseJcalTime(value: unknown): RawTime | null {
  if (typeof value !== 'string') return null;
  const m = JCAL_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, z] = m;
  const isDate = h === undefined;
  const wall: WallTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: isDate ? 0 : Number(h),
    minute: isDate ? 0 : Number(mi),
    second: isDate || s === undefined ? 0 : Number(s)
  };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31) return null;
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 60) return null;
  return { wall, isDate, utc: z !== undefined };
}
