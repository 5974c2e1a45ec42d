import type ICAL from 'ical.js';
import { dateOnly, parseJcalTime, type WallTime } from './wall-time';
import { toInstant, UTC_ZONE, type Zone } from './zone';
import { PARIS_ZONE, type ZoneResolver } from './zones';

// Values of a VEVENT read from the raw jCal that ical.js produces, never through its Time
// objects: those take their zone from the global TimezoneService at the moment a property is
// first read, which would make the result depend on what else registered zones before.

/** A DATE or DATE-TIME with the zone its wall clock is read in. */
export interface IcsTime {
  wall: WallTime;
  isDate: boolean;
  zone: Zone;
}

/** One value of a time property; a PERIOD also carries its end, as a time or a DURATION. */
export interface IcsTimeValue {
  start: IcsTime;
  end?: IcsTime;
  duration?: string;
}

/** The instant an IcsTime stands for; a DATE is midnight in Paris, whatever its TZID says. */
export function instantOf(t: IcsTime): number {
  return t.isDate ? toInstant(dateOnly(t.wall), PARIS_ZONE) : toInstant(t.wall, t.zone);
}

function tzidOf(prop: ICAL.Property): string | null {
  const raw = prop.getParameter('tzid');
  const tzid = Array.isArray(raw) ? raw[0] : raw;
  return typeof tzid === 'string' && tzid.length > 0 ? tzid : null;
}

/**
 * Every value of a DATE, DATE-TIME or PERIOD property (EXDATE and RDATE may list several).
 * Values without Z or TZID are read in `floating`. Unreadable values are left out.
 */
export function readTimes(prop: ICAL.Property, resolver: ZoneResolver, floating: Zone): IcsTimeValue[] {
  const tzid = tzidOf(prop);
  const read = (value: unknown): IcsTime | null => {
    const raw = parseJcalTime(value);
    if (!raw) return null;
    // A TZID on a DATE value (seen from SabreDAV) means nothing: all-day is Paris days.
    if (raw.isDate) return { wall: raw.wall, isDate: true, zone: PARIS_ZONE };
    const zone = raw.utc ? UTC_ZONE : tzid ? resolver.resolve(tzid) : floating;
    return { wall: raw.wall, isDate: false, zone };
  };
  const values: IcsTimeValue[] = [];
  for (const value of prop.jCal.slice(3) as unknown[]) {
    if (prop.type === 'period' && Array.isArray(value)) {
      const start = read(value[0]);
      if (!start) continue;
      const end = read(value[1]);
      values.push(end ? { start, end } : { start, duration: String(value[1]) });
    } else {
      const start = read(value);
      if (start) values.push({ start });
    }
  }
  return values;
}

/** The first value of a time property, or null when it is missing or unreadable. */
export function readTime(event: ICAL.Component, name: string, resolver: ZoneResolver, floating: Zone): IcsTime | null {
  const prop = event.getFirstProperty(name);
  return prop ? (readTimes(prop, resolver, floating)[0]?.start ?? null) : null;
}

/** The raw value of the first property of that name, as a trimmed string ('' when absent). */
export function textOf(event: ICAL.Component, name: string): string {
  const value = event.getFirstProperty(name)?.jCal[3];
  return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
}
