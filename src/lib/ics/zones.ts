import type ICAL from 'ical.js';
import { TIME_ZONE } from '../domain/dates';
import type { StepBudget } from './rule';
import { vtimezoneZone } from './vtimezone';
import { ianaZone, type Zone } from './zone';

/** Paris: the zone of all-day events and of floating times when the feed names none. */
export const PARIS_ZONE: Zone = ianaZone(TIME_ZONE)!;

// Outlook sometimes writes Windows zone names with no VTIMEZONE. Only the ones a French city
// hall's partners plausibly use are listed; anything else is reported and read as floating.
const WINDOWS_ZONES: Record<string, string> = {
  'Romance Standard Time': 'Europe/Paris',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  UTC: 'UTC'
};

/**
 * IANA names a TZID may stand for, best first: the VTIMEZONE's X-LIC-LOCATION, the TZID
 * itself, its trailing "Area/Location" ("/citadel.org/20260414_1/Europe/Paris"), a Windows name.
 */
function ianaCandidates(tzid: string, definition: ICAL.Component | undefined): string[] {
  const names: string[] = [];
  const location = definition?.getFirstProperty('x-lic-location')?.jCal[3];
  if (typeof location === 'string') names.push(location.trim());
  const trimmed = tzid.trim();
  names.push(trimmed);
  const segments = trimmed.split('/');
  // Only suffixes with a slash: a bare "Tijuana" or "1" must not match anything by accident.
  for (let i = 1; i < segments.length - 1; i++) names.push(segments.slice(i).join('/'));
  const windows = WINDOWS_ZONES[trimmed];
  if (windows) names.push(windows);
  return names.filter((n) => n.length > 0);
}

/**
 * Turns TZID parameters into zones for one VCALENDAR. An IANA zone, when the TZID names one,
 * is preferred to the embedded definition: the platform's data is complete, while producers
 * often embed a single modern rule dated 1970 or 1601. Non-IANA TZIDs use their VTIMEZONE;
 * unknown ones are read as floating, with a warning.
 */
export class ZoneResolver {
  /** The zone of floating times: X-WR-TIMEZONE when usable, else Paris. */
  readonly floating: Zone;
  private readonly definitions = new Map<string, ICAL.Component>();
  private readonly resolved = new Map<string, Zone>();

  constructor(
    calendar: ICAL.Component,
    private readonly budget: StepBudget,
    private readonly warn: (message: string) => void
  ) {
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = vtimezone.getFirstProperty('tzid')?.jCal[3];
      if (typeof tzid !== 'string') continue;
      // Exact match first; the trimmed form catches "TZID: 1" referenced as "TZID= 1" or "TZID=1".
      if (!this.definitions.has(tzid)) this.definitions.set(tzid, vtimezone);
      if (!this.definitions.has(tzid.trim())) this.definitions.set(tzid.trim(), vtimezone);
    }
    const calendarZone = calendar.getFirstProperty('x-wr-timezone')?.jCal[3];
    const named = typeof calendarZone === 'string' && calendarZone.trim() ? this.lookup(calendarZone) : null;
    if (typeof calendarZone === 'string' && calendarZone.trim() && !named) {
      warn(`X-WR-TIMEZONE "${calendarZone}" is not a known time zone: floating times read in ${TIME_ZONE}`);
    }
    this.floating = named ?? PARIS_ZONE;
  }

  /** The zone of a TZID parameter, falling back to floating (with a warning) when unknown. */
  resolve(tzid: string): Zone {
    const zone = this.lookup(tzid);
    if (zone) return zone;
    this.warn(`unknown time zone "${tzid}": read as floating (${this.floating.name})`);
    this.resolved.set(tzid, this.floating);
    return this.floating;
  }

  private lookup(tzid: string): Zone | null {
    const known = this.resolved.get(tzid);
    if (known) return known;
    const definition = this.definitions.get(tzid) ?? this.definitions.get(tzid.trim());
    let zone: Zone | null = null;
    for (const name of ianaCandidates(tzid, definition)) {
      zone = ianaZone(name);
      if (zone) break;
    }
    if (!zone && definition) {
      zone = vtimezoneZone(tzid, definition, this.budget, this.warn);
      if (!zone) this.warn(`time zone "${tzid}": its VTIMEZONE defines no offset`);
    }
    if (zone) this.resolved.set(tzid, zone);
    return zone;
  }
}
