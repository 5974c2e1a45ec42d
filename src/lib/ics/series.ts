import type ICAL from 'ical.js';
import { instantOf, readTime, readTimes, type IcsTime } from './event-values';
import { readFields, type EventFields } from './fields';
import { defaultLength, endOf, fits, lengthOf, lengthOfDuration, maxSpanMs, type Length } from './length';
import type { IcsNotice } from './notices';
import { maxShiftMs, rangeAt, rangeChanges, type RangeChange } from './ranges';
import { currentOverrides, latestMaster, sequenceOf, type Override } from './revisions';
import { iterateRule, RecurrenceLimitError, type RawRule, type StepBudget } from './rule';
import { dateKey, dateOnly, DAY_MS, naiveToWall, wallToNaive, type WallTime } from './wall-time';
import { toInstant, toWall, UTC_ZONE, type Zone } from './zone';
import { PARIS_ZONE, type ZoneResolver } from './zones';

/** An occurrence before it is turned into ISO strings. */
export interface Occurrence extends EventFields {
  uid: string;
  allDay: boolean;
  startMs: number;
  endMs: number;
  recurrenceIdMs?: number;
}

export interface SeriesContext {
  fromMs: number;
  toMs: number;
  resolver: ZoneResolver;
  /** The parse's budget; each series gets a share of it. */
  budget: StepBudget;
  /** Starts after this can no longer make it into the result (it shrinks once the cap is hit). */
  cutoffMs(): number;
  add(occurrence: Occurrence): void;
  warn(message: string): void;
  /** Tells the importing person about an event read differently from its file (also logged by the caller's warn). */
  notice(notice: IcsNotice): void;
  truncate(): void;
}

const SERIES_STEP_LIMIT = 100_000;
/** Slack between wall clocks and instants: offsets stay within ±14 hours. */
const MARGIN_MS = 2 * DAY_MS;

/** Instants and Paris days that a series must not produce (EXDATE, or replaced by an override). */
class InstanceSet {
  private readonly instants = new Set<number>();
  private readonly days = new Set<string>();

  constructor(private readonly allDay: boolean, private readonly floating: Zone) {}

  add(t: IcsTime): void {
    if (t.isDate) this.days.add(dateKey(t.wall));
    else if (!this.allDay) this.instants.add(instantOf(t));
    // A DATE-TIME naming an all-day instance: its day as written, or in the calendar's zone if UTC.
    else this.days.add(dateKey(t.zone === UTC_ZONE ? toWall(instantOf(t), this.floating) : t.wall));
  }

  has(startMs: number, wall: WallTime): boolean {
    return this.instants.has(startMs) || this.days.has(dateKey(wall));
  }
}

interface Master {
  event: ICAL.Component;
  start: IcsTime;
  length: Length;
}

function readMaster(event: ICAL.Component, ctx: SeriesContext): Master | null {
  const start = readTime(event, 'dtstart', ctx.resolver, ctx.resolver.floating);
  if (!start) return null;
  return { event, start, length: lengthOf(event, start, ctx.resolver) ?? defaultLength(start.isDate) };
}

function emit(ctx: SeriesContext, occurrence: Occurrence): void {
  if (occurrence.endMs > ctx.fromMs && occurrence.startMs < ctx.toMs) ctx.add(occurrence);
}

/** An RDATE as a wall time of the series: its own zone converted into DTSTART's. */
function rdateWall(t: IcsTime, start: IcsTime, floating: Zone): WallTime {
  // A DATE in a timed series keeps DTSTART's time of day; a DATE-TIME in an all-day one its day.
  if (t.isDate) return start.isDate ? t.wall : { ...t.wall, hour: start.wall.hour, minute: start.wall.minute, second: start.wall.second };
  if (!start.isDate) return toWall(instantOf(t), start.zone);
  return t.zone === UTC_ZONE ? toWall(instantOf(t), floating) : t.wall;
}

/** Why an RRULE cannot be expanded, or null when it looks like a rule. */
function ruleProblem(rule: unknown): 'rule-empty' | null {
  if (typeof rule !== 'object' || rule === null) return 'rule-empty';
  const freq = (rule as RawRule).freq;
  return typeof freq === 'string' && freq.trim() !== '' ? null : 'rule-empty';
}

/**
 * Expands the master VEVENT (RRULE, RDATE, EXDATE), leaving out the instances overrides
 * replace and moving those a THISANDFUTURE override changes.
 */
function expandMaster(uid: string, master: Master, replacedBy: IcsTime[], ranges: RangeChange[], ctx: SeriesContext, budget: StepBudget): void {
  const { event, start, length } = master;
  const allDay = start.isDate;
  const fields = readFields(event);
  const rules = event.getAllProperties('rrule');
  const rdates = event.getAllProperties('rdate');
  // Read from the file, not from what expands: an id must not change when a broken rule is fixed.
  const recurring = rules.length > 0 || rdates.length > 0;
  const floating = ctx.resolver.floating;

  const excluded = new InstanceSet(allDay, floating);
  for (const prop of event.getAllProperties('exdate')) {
    for (const value of readTimes(prop, ctx.resolver, start.zone)) excluded.add(value.start);
  }
  const replaced = new InstanceSet(allDay, floating);
  for (const rid of replacedBy) replaced.add(rid);

  const startOf = (wall: WallTime) => (allDay ? toInstant(dateOnly(wall), PARIS_ZONE) : toInstant(wall, start.zone));
  const seen = new Set<number>();
  /** One instance of the recurrence set, at its original start; `length` unless a range changes it. */
  const instance = (wall: WallTime, startMs: number, endMs: number) => {
    seen.add(startMs);
    if (excluded.has(startMs, wall) || replaced.has(startMs, wall)) return;
    const recurrenceIdMs = recurring ? startMs : undefined;
    const change = rangeAt(ranges, wallToNaive(allDay ? dateOnly(wall) : wall));
    if (!change) return emit(ctx, { ...fields, uid, allDay, startMs, endMs, recurrenceIdMs });
    const moved = naiveToWall(wallToNaive(wall) + change.shiftNaive);
    const movedMs = startOf(moved);
    const movedEnd = change.length ? endOf(change.length, { wall: moved, isDate: allDay, zone: start.zone }, movedMs) : movedMs + (endMs - startMs);
    emit(ctx, { ...change.fields, uid, allDay, startMs: movedMs, endMs: movedEnd, recurrenceIdMs });
  };

  // DTSTART is always the first instance (RFC 5545), then RDATEs: finite lists, remembered so
  // that an RRULE instance on the same start is not produced twice.
  const firstMs = instantOf(start);
  instance(start.wall, firstMs, endOf(length, start, firstMs));
  for (const prop of rdates) {
    for (const value of readTimes(prop, ctx.resolver, start.zone)) {
      const t = value.start;
      const wall = rdateWall(t, start, floating);
      const at: IcsTime = { wall, isDate: allDay, zone: start.zone };
      const startMs = startOf(wall);
      if (seen.has(startMs)) continue;
      // A PERIOD brings its own end; otherwise the series' length applies.
      const own = value.end ? { kind: 'exact' as const, ms: instantOf(value.end) - instantOf(t) } : null;
      const periodLength = own && !allDay ? own : value.duration ? lengthOfDuration(value.duration, allDay) : length;
      instance(wall, startMs, endOf(periodLength, at, startMs));
    }
  }

  // Instances moved by a range change may come from further away than the window.
  const span = maxSpanMs(length) + maxShiftMs(ranges);
  const zone = allDay ? floating : start.zone;
  const bounds = { skipBeforeNaive: ctx.fromMs - span - MARGIN_MS, horizonNaive: () => ctx.cutoffMs() + MARGIN_MS + maxShiftMs(ranges) };
  for (const prop of rules) {
    const rule = prop.jCal[3] as unknown;
    const problem = ruleProblem(rule);
    if (problem) {
      ctx.warn(`event "${uid}": RRULE ${JSON.stringify(rule ?? '')} has no FREQ: ignored, the event is read at its DTSTART (and RDATEs) only`);
      ctx.notice({ kind: problem, uid, title: fields.title, start: new Date(firstMs).toISOString() });
      continue;
    }
    for (const wall of iterateRule(rule as RawRule, { wall: start.wall, isDate: allDay, zone }, budget, bounds)) {
      const naive = wallToNaive(wall);
      if (naive - MARGIN_MS - maxShiftMs(ranges) > ctx.cutoffMs()) break;
      if (naive + span + MARGIN_MS < ctx.fromMs) continue;
      const startMs = startOf(wall);
      if (seen.has(startMs)) continue;
      instance(wall, startMs, endOf(length, { wall, isDate: allDay, zone: start.zone }, startMs));
    }
  }
}

function emitOverride(uid: string, override: Override, master: Master | null, ctx: SeriesContext): void {
  const { event, recurrenceId } = override;
  const start = readTime(event, 'dtstart', ctx.resolver, ctx.resolver.floating) ?? recurrenceId;
  // Without DTEND or DURATION an override keeps the series' length rather than RFC 5545's zero.
  const inherited = master && fits(master.length, start.isDate) ? master.length : defaultLength(start.isDate);
  const length = lengthOf(event, start, ctx.resolver) ?? inherited;
  const startMs = instantOf(start);
  const endMs = endOf(length, start, startMs);
  emit(ctx, { ...readFields(event), uid, allDay: start.isDate, startMs, endMs, recurrenceIdMs: instantOf(recurrenceId) });
}

/**
 * Produces the occurrences of every VEVENT sharing one UID: the latest revision of the master
 * and the overrides (RECURRENCE-ID) of that revision, wherever they sit in the file. An override
 * appears at its own time and the instance it replaces disappears, so a move into or out of the
 * window is right; a THISANDFUTURE override also changes every later instance.
 */
export function expandSeries(uid: string, masters: ICAL.Component[], overrides: ICAL.Component[], ctx: SeriesContext): void {
  const budget = ctx.budget.child(SERIES_STEP_LIMIT);
  const readMasters: Master[] = [];
  for (const event of masters) {
    const master = readMaster(event, ctx);
    if (master) readMasters.push(master);
    else ctx.warn(`event "${uid}" skipped: no readable DTSTART`);
  }
  const master = latestMaster(readMasters);
  if (readMasters.length > 1) ctx.warn(`event "${uid}": ${readMasters.length} revisions in the file, only the latest (SEQUENCE ${master ? sequenceOf(master.event) : 0}) is read`);

  const chosen = currentOverrides(uid, overrides, master, readMasters.length > 1, ctx.resolver, ctx.warn);
  if (master) {
    const ranges = rangeChanges(chosen, master, ctx.resolver);
    try {
      expandMaster(uid, master, chosen.map((o) => o.recurrenceId), ranges, ctx, budget);
    } catch (error) {
      const title = readFields(master.event).title;
      const start = new Date(instantOf(master.start)).toISOString();
      if (error instanceof RecurrenceLimitError) {
        ctx.warn(`event "${uid}": recurrence expansion stopped after too many steps; occurrences may be missing`);
        ctx.notice({ kind: 'rule-too-long', uid, title, start });
        ctx.truncate();
      } else {
        ctx.warn(`event "${uid}": recurrence not expanded (${error instanceof Error ? error.message : String(error)})`);
        ctx.notice({ kind: 'rule-unreadable', uid, title, start });
      }
    }
  }
  for (const override of chosen) emitOverride(uid, override, master, ctx);
}
