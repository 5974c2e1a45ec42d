import { TIME_ZONE } from './dates';

// Wall-clock time in Europe/Paris ↔ instants, with the platform's Intl time zone data only: no
// dependency to ship offline, and the browser's tz database is kept up to date by its vendor.

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit'
});

/** The Paris wall clock of an instant as "YYYY-MM-DD" and "HH:MM". */
export function parisWallClock(ms: number): { day: string; time: string } {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Paris offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetAt(ms: number): number {
  const { day, time } = parisWallClock(ms);
  const asUtc = Date.parse(`${day}T${time}:00Z`);
  return asUtc - (ms - (((ms % 60_000) + 60_000) % 60_000));
}

/**
 * The instant of a Paris wall-clock time, or null when that time does not exist (the hour
 * skipped when clocks go forward in March). A time that happens twice (October) gives the
 * first occurrence.
 */
export function parisInstant(day: string, time: string): Date | null {
  const naive = Date.parse(`${day}T${time}:00Z`);
  if (Number.isNaN(naive)) return null;
  // The offset is one of those in force half a day around: try both, keep those that read back.
  const candidates = [...new Set([offsetAt(naive - 12 * 3600_000), offsetAt(naive + 12 * 3600_000)])]
    .map((offset) => naive - offset)
    .filter((ms) => {
      const w = parisWallClock(ms);
      return w.day === day && w.time === time;
    })
    .sort((a, b) => a - b);
  return candidates.length ? new Date(candidates[0]!) : null;
}

/** Weekday of a "YYYY-MM-DD" day, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
