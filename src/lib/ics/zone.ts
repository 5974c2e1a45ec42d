import { DAY_MS, naiveToWall, wallToNaive, type WallTime } from './wall-time';

/**
 * A time zone reduced to what conversions need: its UTC offset at any instant. Both IANA zones
 * (through the platform's Intl data) and a calendar's own VTIMEZONE definitions fit behind it.
 */
export interface Zone {
  readonly name: string;
  /** Offset from UTC, in milliseconds, in force at the instant. */
  offsetAt(instantMs: number): number;
}

export const UTC_ZONE: Zone = { name: 'UTC', offsetAt: () => 0 };

export function fixedZone(name: string, offsetMs: number): Zone {
  return { name, offsetAt: () => offsetMs };
}

// Creating an Intl.DateTimeFormat costs far more than using one, and a feed converts thousands of
// times in the same few zones. Only zones Intl accepts are kept, so the cache stays small.
const ianaZones = new Map<string, Zone>();
const DAY_CACHE_SIZE = 100_000;

/** The IANA zone of that name (legacy aliases such as US/Pacific included), or null. */
export function ianaZone(name: string): Zone | null {
  const cached = ianaZones.get(name);
  if (cached) return cached;
  // Offsets such as "+01:00" are accepted by recent Intl versions but are not zones with rules.
  if (!/^[A-Za-z]/.test(name)) return null;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
  } catch {
    return null;
  }
  const exact = (instantMs: number): number => {
    const seconds = Math.floor(instantMs / 1000) * 1000;
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(seconds)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const wall: WallTime = {
      year: p.year ?? 1970,
      month: p.month ?? 1,
      day: p.day ?? 1,
      hour: (p.hour ?? 0) % 24, // some engines still write midnight as 24
      minute: p.minute ?? 0,
      second: p.second ?? 0
    };
    return wallToNaive(wall) - seconds;
  };
  // formatToParts costs microseconds and a year of daily occurrences needs thousands of offsets.
  // Offsets are remembered per UTC day when the day starts and ends with the same one (no zone
  // has ever changed and changed back within a day); a day with a change is asked exactly.
  const days = new Map<number, number | null>();
  const zone: Zone = {
    name: format.resolvedOptions().timeZone,
    offsetAt(instantMs) {
      const day = Math.floor(instantMs / DAY_MS);
      let known = days.get(day);
      if (known === undefined) {
        const first = exact(day * DAY_MS);
        known = first === exact(day * DAY_MS + DAY_MS - 1000) ? first : null;
        if (days.size >= DAY_CACHE_SIZE) days.clear();
        days.set(day, known);
      }
      return known ?? exact(instantMs);
    }
  };
  ianaZones.set(name, zone);
  return zone;
}

/**
 * The instant of a wall-clock time in a zone. A time skipped when clocks go forward is read
 * with the offset in force before the gap, which moves it forward by the gap's length
 * (02:30 on the March night becomes 03:30); a time that happens twice gives the earlier
 * instant. Both rules are RFC 5545's (§3.3.5) and keep every conversion deterministic.
 */
export function toInstant(wall: WallTime, zone: Zone): number {
  const naive = wallToNaive(wall);
  // Offsets never exceed a day, so the offsets a day before and after bracket any change that
  // could affect this wall time.
  const before = zone.offsetAt(naive - DAY_MS);
  const after = zone.offsetAt(naive + DAY_MS);
  let best: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = naive - offset;
    if (zone.offsetAt(instant) === offset && (best === undefined || instant < best)) best = instant;
  }
  return best ?? naive - before;
}

/** The wall clock of an instant in a zone. */
export function toWall(instantMs: number, zone: Zone): WallTime {
  return naiveToWall(instantMs + zone.offsetAt(instantMs));
}

/**
 * The instant (epoch milliseconds) of a wall-clock time in any IANA zone, with the DST rules of
 * the platform's Intl data. Month is 1–12. Throws RangeError for a zone Intl does not know.
 */
export function wallTimeToInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  zone: string
): number {
  const z = ianaZone(zone);
  if (!z) throw new RangeError(`unknown IANA time zone "${zone}"`);
  return toInstant({ year, month, day, hour, minute, second }, z);
}
