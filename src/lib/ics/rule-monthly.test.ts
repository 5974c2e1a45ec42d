import { describe, expect, it } from 'vitest';
import { monthlyReference, type MonthlyRule } from '$lib/testing/monthly-rule-reference';
import { parseIcs } from './parse';
import { naiveToWall, type WallTime } from './wall-time';
import { toWall } from './zone';
import { PARIS_ZONE } from './zones';

// MONTHLY rules with BYMONTH, which ical.js 2.2.1 expands wrongly, checked against a naive
// reading of RFC 5545 (monthlyReference) and, for the reported cases, against dates written out.

const calendar = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:m', 'SUMMARY:Comité', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n') + '\r\n';

/** Paris wall clocks ("2026-06-16 10:00") of the occurrences from 2025 to 2028. */
function expand(dtstart: string, rrule: string, ...more: string[]): string[] {
  const r = parseIcs(calendar(`DTSTART;TZID=Europe/Paris:${dtstart}`, 'DURATION:PT1H', `RRULE:${rrule}`, ...more), {
    from: new Date('2025-01-01T00:00:00Z'),
    to: new Date('2029-01-01T00:00:00Z')
  });
  if (!r.ok) throw new Error(r.error);
  return r.occurrences.map((o) => show(toWall(Date.parse(o.start), PARIS_ZONE)));
}

const pad = (n: number) => String(n).padStart(2, '0');
const show = (w: WallTime) => `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
const wall = (text: string): WallTime => {
  const [y, mo, d, h, mi] = text.split(/\D/).map(Number);
  return { year: y!, month: mo!, day: d!, hour: h ?? 0, minute: mi ?? 0, second: 0 };
};
const days = (...list: string[]) => list.map((d) => `${d} 10:00`);

describe('MONTHLY with BYMONTH (ical.js 2.2.1 lost occurrences silently)', () => {
  it('third Tuesday outside July and August with COUNT=10 no longer loses 16 June 2026', () => {
    expect(expand('20250916T100000', 'FREQ=MONTHLY;BYDAY=3TU;BYMONTH=1,2,3,4,5,6,9,10,11,12;COUNT=10')).toEqual(
      days('2025-09-16', '2025-10-21', '2025-11-18', '2025-12-16', '2026-01-20', '2026-02-17', '2026-03-17', '2026-04-21', '2026-05-19', '2026-06-16')
    );
  });

  it('the same months in school-year order with UNTIL no longer stops after December', () => {
    expect(expand('20250916T100000', 'FREQ=MONTHLY;BYDAY=3TU;BYMONTH=9,10,11,12,1,2,3,4,5,6;UNTIL=20260630T215959Z')).toEqual(
      days('2025-09-16', '2025-10-21', '2025-11-18', '2025-12-16', '2026-01-20', '2026-02-17', '2026-03-17', '2026-04-21', '2026-05-19', '2026-06-16')
    );
  });

  it('the fifth of odd months with COUNT=6 no longer drops 5 July 2026', () => {
    expect(expand('20250905T100000', 'FREQ=MONTHLY;BYMONTHDAY=5;BYMONTH=1,3,5,7,9,11;COUNT=6')).toEqual(
      days('2025-09-05', '2025-11-05', '2026-01-05', '2026-03-05', '2026-05-05', '2026-07-05')
    );
  });

  it('EXDATE still removes an instance, and COUNT is not given back for it', () => {
    const rule = 'FREQ=MONTHLY;BYDAY=3TU;BYMONTH=1,2,3,4,5,6,9,10,11,12;COUNT=10';
    const r = expand('20250916T100000', rule, 'EXDATE;TZID=Europe/Paris:20260616T100000');
    expect(r).toHaveLength(9);
    expect(r.at(-1)).toBe('2026-05-19 10:00');
  });

  it('DTSTART in a month BYMONTH leaves out is the first instance and takes one of the COUNT', () => {
    expect(expand('20260105T100000', 'FREQ=MONTHLY;BYDAY=3TU;BYMONTH=4,2;COUNT=3')).toEqual(days('2026-01-05', '2026-02-17', '2026-04-21'));
  });

  it('a rule whose months never come gives DTSTART alone, without running forever', () => {
    expect(expand('20260105T100000', 'FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO;BYMONTH=2,4,6,8,10,12')).toEqual(days('2026-01-05'));
  });
});

/** [DTSTART, RRULE, the same rule for the reference]; DTSTART at 10:00 Paris, through both DST changes. */
const TABLE: Array<[string, string, MonthlyRule]> = [
  ['2025-09-16', 'BYDAY=3TU;BYMONTH=1,2,3,4,5,6,9,10,11,12;COUNT=10', { byday: ['3TU'], bymonth: [1, 2, 3, 4, 5, 6, 9, 10, 11, 12], count: 10 }],
  ['2025-09-16', 'BYDAY=3TU;BYMONTH=9,10,11,12,1,2,3,4,5,6;COUNT=20', { byday: ['3TU'], bymonth: [9, 10, 11, 12, 1, 2, 3, 4, 5, 6], count: 20 }],
  ['2026-01-05', 'BYMONTHDAY=5;BYMONTH=1,3,5,7,9,11;COUNT=6', { bymonthday: [5], bymonth: [1, 3, 5, 7, 9, 11], count: 6 }],
  ['2026-03-27', 'BYDAY=-1FR;BYMONTH=3,10;COUNT=6', { byday: ['-1FR'], bymonth: [3, 10], count: 6 }],
  ['2026-03-27', 'BYDAY=-1FR;BYMONTH=10,3', { byday: ['-1FR'], bymonth: [10, 3] }],
  ['2026-06-30', 'BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYMONTH=6,12;COUNT=5', { byday: ['MO', 'TU', 'WE', 'TH', 'FR'], bysetpos: [-1], bymonth: [6, 12], count: 5 }],
  ['2026-01-05', 'INTERVAL=2;BYDAY=1MO;BYMONTH=1,5,9,11;COUNT=6', { interval: 2, byday: ['1MO'], bymonth: [1, 5, 9, 11], count: 6 }],
  ['2026-03-31', 'INTERVAL=3;BYMONTHDAY=-1;BYMONTH=12,3,6;UNTIL=20281231T235959', { interval: 3, bymonthday: [-1], bymonth: [12, 3, 6], until: wall('2028-12-31T23:59') }],
  ['2026-01-31', 'BYMONTHDAY=31;BYMONTH=1,2,3,4;COUNT=5', { bymonthday: [31], bymonth: [1, 2, 3, 4], count: 5 }],
  ['2026-10-08', 'BYDAY=2TH,4TH;BYMONTH=10,11,12,1;COUNT=9', { byday: ['2TH', '4TH'], bymonth: [10, 11, 12, 1], count: 9 }],
  ['2026-12-01', 'BYDAY=TU;BYMONTHDAY=1,2,3,4,5,6,7;BYMONTH=12,3;COUNT=4', { byday: ['TU'], bymonthday: [1, 2, 3, 4, 5, 6, 7], bymonth: [12, 3], count: 4 }],
  ['2026-01-15', 'BYMONTH=7,1;COUNT=4', { bymonth: [7, 1], count: 4 }],
  ['2025-11-28', 'BYDAY=-1FR;COUNT=8', { byday: ['-1FR'], count: 8 }],
  ['2026-02-02', 'BYDAY=1MO,-1MO;BYMONTH=2,3,9,10,11;UNTIL=20271101T000000Z', { byday: ['1MO', '-1MO'], bymonth: [2, 3, 9, 10, 11], until: toWall(Date.parse('2027-11-01T00:00:00Z'), PARIS_ZONE) }]
];

describe('MONTHLY rules match a naive RFC 5545 expansion', () => {
  it.each(TABLE)('from %s: %s', (start, rrule, rule) => {
    const dtstart = wall(`${start}T10:00`);
    expect(expand(`${start.replaceAll('-', '')}T100000`, `FREQ=MONTHLY;${rrule}`)).toEqual(monthlyReference(dtstart, rule, 2028).map(show));
  });

  it('random BYMONTH, BYDAY, BYMONTHDAY, BYSETPOS and INTERVAL combinations', () => {
    let seed = 20260616;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const some = <T>(values: T[], most: number) => [...new Set(Array.from({ length: 1 + random(most) }, () => values[random(values.length)]!))];
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    for (let i = 0; i < 150; i++) {
      const rule: MonthlyRule = { bymonth: some(months, 8), count: 1 + random(12) };
      if (random(3) > 0) rule.byday = some(weekdays, 3).map((d) => `${['', '1', '2', '3', '4', '-1', '-2'][random(7)]}${d}`);
      if (!rule.byday || random(4) === 0) rule.bymonthday = some([1, 5, 13, 28, 29, 30, 31, -1, -7], 3);
      if (rule.byday && random(4) === 0) rule.bysetpos = some([1, 2, -1], 2);
      if (random(3) === 0) rule.interval = 2 + random(3);
      const dtstart = naiveToWall(Date.UTC(2025, 8, 1, 10) + random(400) * 86_400_000);
      const parts = Object.entries(rule).map(([k, v]) => `${k.toUpperCase()}=${Array.isArray(v) ? v.join(',') : String(v)}`);
      const text = `${show(dtstart).replace(/[-: ]/g, '').slice(0, 8)}T100000`;
      expect(expand(text, `FREQ=MONTHLY;${parts.join(';')}`), parts.join(';')).toEqual(monthlyReference(dtstart, rule, 2028).map(show));
    }
  });

  it('keeps 10:00 Paris on the DST change days themselves', () => {
    const instants = parseIcs(calendar('DTSTART;TZID=Europe/Paris:20260125T100000', 'RRULE:FREQ=MONTHLY;BYDAY=-1SU;BYMONTH=10,3;COUNT=3'), {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z')
    });
    // The last Sundays of March and October are the change days themselves.
    expect(instants.ok && instants.occurrences.map((o) => o.start)).toEqual(['2026-01-25T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-10-25T09:00:00.000Z']);
  });
});
