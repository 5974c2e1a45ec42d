import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StepBudget } from './rule';
import { vtimezoneZone } from './vtimezone';
import { ianaZone, toInstant } from './zone';
import { sharedFixture } from '$lib/testing/shared-fixtures';

const paris = readFileSync(sharedFixture('ics/Paris.ics'), 'utf8');
const definition = new ICAL.Component(ICAL.parse(paris)).getFirstSubcomponent('vtimezone')!;

describe('vtimezoneZone', () => {
  it("follows libical's full-history Paris VTIMEZONE exactly as the platform's tz data does, 1900–2040", () => {
    const embedded = vtimezoneZone('paris', definition, new StepBudget(1_000_000), () => {})!;
    const intl = ianaZone('Europe/Paris')!;
    const differences: string[] = [];
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2040, 0, 1); t += 5 * 3600_000 + 17 * 60_000) {
      if (embedded.offsetAt(t) !== intl.offsetAt(t)) differences.push(new Date(t).toISOString());
    }
    expect(differences).toEqual([]);
  });

  it('reads wall times through its own rules, with seconds in offsets', () => {
    const embedded = vtimezoneZone('paris', definition, new StepBudget(1_000_000), () => {})!;
    const at = (y: number, mo: number, d: number, h: number, mi = 0) =>
      new Date(toInstant({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, embedded)).toISOString();
    expect(at(1900, 1, 1, 0)).toBe('1899-12-31T23:50:39.000Z'); // PMT +00:09:21
    expect(at(2026, 3, 29, 2, 30)).toBe('2026-03-29T01:30:00.000Z');
    expect(at(2026, 10, 25, 2, 30)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('gives null for a VTIMEZONE without any usable block', () => {
    const empty = new ICAL.Component(ICAL.parse('BEGIN:VTIMEZONE\r\nTZID:Nothing\r\nEND:VTIMEZONE\r\n'));
    expect(vtimezoneZone('Nothing', empty, new StepBudget(1000), () => {})).toBeNull();
  });
});
