import type ICAL from 'ical.js';
import { iterateRule, RecurrenceLimitError, type RawRule, type StepBudget } from './rule';
import { DAY_MS, parseJcalTime, wallToNaive, type RawTime } from './wall-time';
import { fixedZone, type Zone } from './zone';

// A calendar's own VTIMEZONE turned into a Zone. ical.js's Timezone class is not used: it
// drops the seconds of offsets (LMT +00:09:21), resolves skipped and repeated wall times the
// other way round from RFC 5545, and works through the global TimezoneService. Here the
// transitions are listed as instants, which makes "offset at an instant" a binary search.

interface Transition {
  /** Instant of the change. */
  at: number;
  from: number;
  to: number;
}

/** Transitions are listed lazily this far past the latest instant asked about. */
const LOOK_AHEAD_MS = 2 * 366 * DAY_MS;
/** Nothing calendar-related needs transitions past 2200; UNTIL=99991231 must not expand. */
const COVERAGE_END_MS = Date.UTC(2200, 0, 1);
const ZONE_STEP_LIMIT = 20_000;

function parseOffset(value: unknown): number | null {
  const m = typeof value === 'string' ? /^([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?$/.exec(value.trim()) : null;
  if (!m) return null;
  const [, sign, h, mi, s] = m;
  return (sign === '-' ? -1 : 1) * (Number(h) * 3600 + Number(mi) * 60 + Number(s ?? 0)) * 1000;
}

function rawValues(component: ICAL.Component, name: string): Array<{ type: string; value: unknown }> {
  return component.getAllProperties(name).flatMap((p) => p.jCal.slice(3).map((value: unknown) => ({ type: p.type, value })));
}

/** One STANDARD or DAYLIGHT block: its changes as instants, in order, listed on demand. */
function* observance(block: ICAL.Component, budget: StepBudget): Generator<Transition> {
  const from = parseOffset(block.getFirstProperty('tzoffsetfrom')?.jCal[3]);
  const to = parseOffset(block.getFirstProperty('tzoffsetto')?.jCal[3]);
  const start = parseJcalTime(block.getFirstProperty('dtstart')?.jCal[3]);
  if (from === null || to === null || !start) return;
  // Local times in a VTIMEZONE are read in the offset in force before the change.
  const instant = (t: RawTime) => wallToNaive(t.wall) - (t.utc ? 0 : from);

  const listed = [instant(start)];
  for (const { type, value } of rawValues(block, 'rdate')) {
    const t = parseJcalTime(type === 'period' && Array.isArray(value) ? value[0] : value);
    if (!t) continue;
    const wall = t.isDate ? { ...t.wall, hour: start.wall.hour, minute: start.wall.minute, second: start.wall.second } : t.wall;
    listed.push(instant({ ...t, wall, isDate: false }));
  }
  const rule = block.getFirstProperty('rrule')?.jCal[3] as RawRule | undefined;
  const ruled = rule ? iterateRule(rule, { wall: start.wall, isDate: false, zone: fixedZone('', from) }, budget) : null;

  // Merge the finite list with the rule's instants, both in order.
  listed.sort((a, b) => a - b);
  let next = ruled?.next();
  let i = 0;
  while (i < listed.length || (next && !next.done)) {
    const ruleAt = next && !next.done ? wallToNaive(next.value) - from : Number.POSITIVE_INFINITY;
    if (i < listed.length && listed[i]! <= ruleAt) {
      yield { at: listed[i++]!, from, to };
    } else {
      yield { at: ruleAt, from, to };
      next = ruled?.next();
    }
  }
}

/**
 * A Zone following a VTIMEZONE's own rules, or null when it defines no usable change.
 * `warn` reports a definition that had to be cut short.
 */
export function vtimezoneZone(name: string, component: ICAL.Component, budget: StepBudget, warn: (message: string) => void): Zone | null {
  const zoneBudget = budget.child(ZONE_STEP_LIMIT);
  const sources = component
    .getAllSubcomponents()
    .filter((c) => c.name === 'standard' || c.name === 'daylight')
    .map((block) => observance(block, zoneBudget));
  const pending: Array<Transition | null> = sources.map(() => null);
  const transitions: Transition[] = [];
  let coveredUntil = Number.NEGATIVE_INFINITY;

  const pull = (i: number): Transition | null => {
    try {
      const r = sources[i]!.next();
      return r.done ? null : r.value;
    } catch (error) {
      if (!(error instanceof RecurrenceLimitError)) throw error;
      warn(`time zone "${name}": its rules were cut short after too many steps`);
      return null;
    }
  };
  for (let i = 0; i < sources.length; i++) pending[i] = pull(i);

  const cover = (instant: number) => {
    if (instant < coveredUntil || coveredUntil >= COVERAGE_END_MS) return;
    const target = Math.min(instant + LOOK_AHEAD_MS, COVERAGE_END_MS);
    for (let i = 0; i < sources.length; i++) {
      while (pending[i] && pending[i]!.at <= target) {
        transitions.push(pending[i]!);
        pending[i] = pull(i);
      }
    }
    transitions.sort((a, b) => a.at - b.at);
    coveredUntil = target;
  };

  cover(Date.UTC(1970, 0, 1));
  if (transitions.length === 0 && pending.every((p) => p === null)) return null;

  return {
    name,
    offsetAt(instant) {
      cover(instant);
      // The last change at or before the instant; before the first one, its "from" offset.
      let lo = 0;
      let hi = transitions.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (transitions[mid]!.at <= instant) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      if (found >= 0) return transitions[found]!.to;
      const first = transitions[0] ?? pending.find((p) => p !== null);
      return first ? first.from : 0;
    }
  };
}
