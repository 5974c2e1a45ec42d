import ICAL from 'ical.js';
import { instantOf, readTime, textOf, type IcsTime } from './event-values';
import { addDays, dateOnly, DAY_MS, daysBetween, MINUTE_MS } from './wall-time';
import { toInstant } from './zone';
import { PARIS_ZONE, type ZoneResolver } from './zones';

/**
 * How long each instance of an event lasts. RFC 5545 applies DTEND - DTSTART as an exact
 * duration to every instance, but a DURATION's days as calendar days (P1D is the same time the
 * next day, 23 or 25 hours across a DST change). All-day lengths are whole Paris days.
 */
export type Length =
  | { kind: 'days'; days: number }
  | { kind: 'exact'; ms: number }
  | { kind: 'nominal'; days: number; ms: number };

/** Timed events must end after they start; RFC 5545's zero length would vanish from a day view. */
const TIMED_DEFAULT: Length = { kind: 'exact', ms: 30 * MINUTE_MS };
const ALL_DAY_DEFAULT: Length = { kind: 'days', days: 1 };

export function defaultLength(allDay: boolean): Length {
  return allDay ? ALL_DAY_DEFAULT : TIMED_DEFAULT;
}

/** Whether a length can apply to an instance of that kind (an override may change kind). */
export function fits(length: Length, allDay: boolean): boolean {
  return (length.kind === 'days') === allDay;
}

/** A DURATION value ("PT1H30M", "P2D"), or a default length when it is unreadable or not positive. */
export function lengthOfDuration(value: string, allDay: boolean): Length {
  let duration: ICAL.Duration;
  try {
    duration = ICAL.Duration.fromString(value.trim());
  } catch {
    return defaultLength(allDay);
  }
  if (duration.isNegative) return defaultLength(allDay);
  const days = duration.weeks * 7 + duration.days;
  const ms = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  if (allDay) return { kind: 'days', days: Math.max(1, days + Math.ceil(ms / DAY_MS)) };
  return days * DAY_MS + ms > 0 ? { kind: 'nominal', days, ms } : TIMED_DEFAULT;
}

/** The event's own length from DTEND or DURATION, or null when it has neither. */
export function lengthOf(event: ICAL.Component, start: IcsTime, resolver: ZoneResolver): Length | null {
  // A DTEND without TZID next to a DTSTART with one is a producer slip: read it in the same zone.
  const end = readTime(event, 'dtend', resolver, start.zone);
  if (end) {
    if (start.isDate) {
      const days = daysBetween(start.wall, end.wall);
      return days > 0 ? { kind: 'days', days } : ALL_DAY_DEFAULT;
    }
    const ms = instantOf(end) - instantOf(start);
    return ms > 0 ? { kind: 'exact', ms } : TIMED_DEFAULT;
  }
  const duration = textOf(event, 'duration');
  return duration ? lengthOfDuration(duration, start.isDate) : null;
}

/** The end instant of an instance starting at `start` (whose instant is `startMs`). */
export function endOf(length: Length, start: IcsTime, startMs: number): number {
  let end: number;
  if (length.kind === 'days') end = toInstant(addDays(dateOnly(start.wall), length.days), PARIS_ZONE);
  else if (length.kind === 'exact') end = startMs + length.ms;
  else end = toInstant(addDays(start.wall, length.days), start.zone) + length.ms;
  return end > startMs ? end : startMs + 30 * MINUTE_MS;
}

/** An upper bound of the length, to skip instances that end long before the window cheaply. */
export function maxSpanMs(length: Length): number {
  if (length.kind === 'days') return (length.days + 1) * DAY_MS;
  if (length.kind === 'exact') return length.ms;
  return (length.days + 1) * DAY_MS + length.ms;
}
