import ICAL from 'ical.js';
import { textOf } from './event-values';
import type { IcsNotice } from './notices';
import { readCalendars } from './read-calendars';
import { StepBudget } from './rule';
import { expandSeries, type Occurrence, type SeriesContext } from './series';
import { ZoneResolver } from './zones';

// Pure iCalendar reading, shared by the desk (a .ics file imported by hand) and the sync
// server (Zimbra feeds polled by a worker): no DOM, no Node API, relative imports only.
//
// The text must already be decoded; decodeIcs (./decode) does it from bytes, including the
// case of a line fold that splits a multi-byte UTF-8 character, which no string can repair.

export interface IcsOccurrence {
  /** UID of the VEVENT (master's UID for occurrences of a series). */
  uid: string;
  /** ISO instant (UTC, ending in Z) of the occurrence's original start (RECURRENCE-ID) for occurrences of a recurring series; undefined for a single event. */
  recurrenceId?: string;
  /** SUMMARY, unescaped and trimmed; '(sans titre)' when empty. */
  title: string;
  /** LOCATION, or ''. */
  location: string;
  /** DESCRIPTION, or '', cut to 1000 characters. */
  description: string;
  /** ORGANIZER's CN, else its address without "mailto:", else ''. */
  organiser: string;
  /** ISO instant 'YYYY-MM-DDTHH:mm:ss.sssZ'; Paris midnight for all-day events. */
  start: string;
  /** ISO instant, always after start; Paris midnight after the last day for all-day events. */
  end: string;
  allDay: boolean;
  /** STATUS:CANCELLED. */
  cancelled: boolean;
  /** Number of ATTENDEE properties. */
  attendees: number;
  /** Present when CLASS is PRIVATE or CONFIDENTIAL. */
  confidential?: true;
}

export type { IcsNotice } from './notices';

export interface IcsWindow {
  from: Date;
  to: Date;
}

export type IcsResult =
  | { ok: true; occurrences: IcsOccurrence[]; calendarName?: string; warnings: string[]; notices: IcsNotice[]; truncated: boolean }
  | { ok: false; error: string };

export interface IcsOptions {
  /** Most occurrences returned (the earliest ones are kept); 20000 by default. */
  maxOccurrences?: number;
  /** Iterator steps for the whole parse; 1,000,000 by default. Steps, not seconds: the same calendar stops at the same place on any machine. */
  stepLimit?: number;
}

const DEFAULT_MAX_OCCURRENCES = 20_000;
/** Iterator steps for the whole parse, across every series and VTIMEZONE. */
const PARSE_STEP_LIMIT = 1_000_000;
const MAX_WARNINGS = 100;

function byStartThenUid(a: Occurrence, b: Occurrence): number {
  return (
    a.startMs - b.startMs ||
    (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0) ||
    a.endMs - b.endMs ||
    (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)
  );
}

/**
 * Keeps the earliest `max` occurrences with bounded memory: past twice the cap it sorts, cuts
 * and lowers the cutoff so that expansions stop early instead of producing what would be cut.
 */
class Collector {
  private items: Occurrence[] = [];
  cutoffMs: number;
  truncated = false;

  constructor(private readonly max: number, toMs: number) {
    this.cutoffMs = toMs;
  }

  add(occurrence: Occurrence): void {
    if (occurrence.startMs > this.cutoffMs) {
      this.truncated = true;
      return;
    }
    this.items.push(occurrence);
    if (this.items.length >= 2 * this.max) this.trim();
  }

  result(): Occurrence[] {
    this.trim();
    return this.items;
  }

  private trim(): void {
    this.items.sort(byStartThenUid);
    if (this.items.length <= this.max) return;
    this.items.length = this.max;
    this.truncated = true;
    this.cutoffMs = this.items[this.max - 1]!.startMs;
  }
}

function preview(text: string): string {
  const head = text.trimStart().slice(0, 40).replace(/[\r\n\t]+/g, ' ');
  return JSON.stringify(head + (text.trimStart().length > 40 ? '…' : ''));
}

function toIso(o: Occurrence): IcsOccurrence {
  const occurrence: IcsOccurrence = {
    uid: o.uid,
    title: o.title,
    location: o.location,
    description: o.description,
    organiser: o.organiser,
    start: new Date(o.startMs).toISOString(),
    end: new Date(o.endMs).toISOString(),
    allDay: o.allDay,
    cancelled: o.cancelled,
    attendees: o.attendees
  };
  if (o.confidential) occurrence.confidential = true;
  if (o.recurrenceIdMs !== undefined) occurrence.recurrenceId = new Date(o.recurrenceIdMs).toISOString();
  return occurrence;
}

/** FNV-1a, to give a VEVENT without UID an identifier that survives re-reading the same feed. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The VEVENTs of a calendar by UID, masters apart from overrides (RECURRENCE-ID), in file order. */
function groupByUid(calendar: ICAL.Component, warn: (message: string) => void) {
  const series = new Map<string, { masters: ICAL.Component[]; overrides: ICAL.Component[] }>();
  for (const event of calendar.getAllSubcomponents('vevent')) {
    let uid = textOf(event, 'uid');
    if (!uid) {
      uid = `no-uid-${hash(`${String(event.getFirstProperty('dtstart')?.jCal[3])}|${textOf(event, 'summary')}`)}`;
      warn(`event without UID given the identifier "${uid}"`);
    }
    const entry = series.get(uid) ?? { masters: [], overrides: [] };
    series.set(uid, entry);
    (event.getFirstProperty('recurrence-id') ? entry.overrides : entry.masters).push(event);
  }
  return series;
}

/**
 * Reads an iCalendar text and returns the occurrences that overlap [from, to), sorted by start
 * then UID, with recurrences expanded in their own time zones. Never throws: anything that is
 * not an iCalendar gives `ok: false` with an English message for the logs.
 */
export function parseIcs(text: string, window: IcsWindow, options: IcsOptions = {}): IcsResult {
  const fromMs = window.from.getTime();
  const toMs = window.to.getTime();
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    return { ok: false, error: 'invalid window: from and to must be valid dates with from <= to' };
  }
  const max = options.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES;
  if (!Number.isInteger(max) || max < 1) return { ok: false, error: `invalid maxOccurrences: ${max}` };

  try {
    const body = typeof text === 'string' ? text.replace(/^\uFEFF/, '') : '';
    if (body.trim() === '') return { ok: false, error: 'not an iCalendar: empty body' };
    if (!/^\s*BEGIN:VCALENDAR\s*$/im.test(body.trimStart().split('\n', 1)[0] ?? '')) {
      return { ok: false, error: `not an iCalendar: expected BEGIN:VCALENDAR, got ${preview(body)}` };
    }
    const warnings = new Set<string>();
    const warn = (message: string) => {
      if (warnings.size < MAX_WARNINGS) warnings.add(message);
    };
    const notices: IcsNotice[] = [];
    const notice = (n: IcsNotice) => {
      if (notices.length < MAX_WARNINGS) notices.push(n);
    };
    const calendars = readCalendars(body, warn);
    if (typeof calendars === 'string') return { ok: false, error: calendars };

    const collector = new Collector(max, toMs);
    const budget = new StepBudget(options.stepLimit ?? PARSE_STEP_LIMIT);
    let calendarName: string | undefined;
    let limited = false;

    for (const calendar of calendars) {
      calendarName ??= textOf(calendar, 'x-wr-calname') || undefined;
      const resolver = new ZoneResolver(calendar, budget, warn);
      const ctx: SeriesContext = {
        fromMs,
        toMs,
        resolver,
        budget,
        cutoffMs: () => collector.cutoffMs,
        add: (occurrence) => collector.add(occurrence),
        warn,
        notice,
        truncate: () => (limited = true)
      };
      for (const [uid, { masters, overrides }] of groupByUid(calendar, warn)) {
        try {
          expandSeries(uid, masters, overrides, ctx);
        } catch (error) {
          // One broken event must not cost the whole feed.
          warn(`event "${uid}" skipped: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    const occurrences = collector.result().map(toIso);
    if (collector.truncated) warn(`more than ${max} occurrences in the window: only the earliest ${max} are returned`);
    return { ok: true, occurrences, calendarName, warnings: [...warnings], notices, truncated: collector.truncated || limited };
  } catch (error) {
    return { ok: false, error: `iCalendar could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
