import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIcs, type IcsOccurrence } from './parse';
import { sharedFixture } from '$lib/testing/shared-fixtures';

// Cases the collected fixtures do not cover, written here. Expected instants are written out
// by hand: Paris is UTC+1 in winter and UTC+2 from 29 March to 25 October 2026 (at 01:00 UTC).

const FIXTURES = sharedFixture('ics');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');

const calendar = (...body: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Accueil tests//EN', ...body, 'END:VCALENDAR'].join('\r\n') + '\r\n';
const event = (...props: string[]) => ['BEGIN:VEVENT', ...props, 'END:VEVENT'].join('\r\n');
/** A VTIMEZONE with a single, constant offset. */
const fixedVtimezone = (tzid: string, offset: string) =>
  ['BEGIN:VTIMEZONE', `TZID:${tzid}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`]
    .concat(['END:STANDARD', 'END:VTIMEZONE'])
    .join('\r\n');

function parse(text: string, from: string, to: string, maxOccurrences?: number) {
  const result = parseIcs(text, { from: new Date(from), to: new Date(to) }, { maxOccurrences });
  if (!result.ok) throw new Error(result.error);
  return result;
}
const starts = (occurrences: IcsOccurrence[]) => occurrences.map((o) => o.start);
const spans = (occurrences: IcsOccurrence[]) => occurrences.map((o) => `${o.start} → ${o.end}`);

const parisIcs = fixture('Paris.ics');
const parisVtimezone = parisIcs.slice(parisIcs.indexOf('BEGIN:VTIMEZONE'), parisIcs.indexOf('END:VCALENDAR'));
/** Paris.ics's full-history VTIMEZONE under a TZID that Intl cannot know: its own rules apply. */
const customParis = parisVtimezone
  .replace('TZID:/citadel.org/20260414_1/Europe/Paris', 'TZID:Heure de Paris (maison)')
  .replace('X-LIC-LOCATION:Europe/Paris\n', '');

/** The same Paris wall times through Intl, through a prefixed TZID, and through a VTIMEZONE alone. */
const PARIS_SPELLINGS: Array<[string, string, string[]]> = [
  ['IANA name without VTIMEZONE', 'Europe/Paris', []],
  ['prefixed TZID resolved through X-LIC-LOCATION', '/citadel.org/20260414_1/Europe/Paris', [parisVtimezone]],
  ['non-IANA TZID with its own VTIMEZONE', '"Heure de Paris (maison)"', [customParis]]
];

describe.each(PARIS_SPELLINGS)('Europe/Paris wall times, %s', (_, tzid, zones) => {
  const at = (wall: string) => `TZID=${tzid}:${wall}`;

  it('a weekly Sunday 10:00 meeting stays at 10:00 on both DST Sundays', () => {
    const text = calendar(
      ...zones,
      event('UID:spring', `DTSTART;${at('20260322T100000')}`, `DTEND;${at('20260322T110000')}`, 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Spring'),
      event('UID:autumn', `DTSTART;${at('20261018T100000')}`, `DTEND;${at('20261018T110000')}`, 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Autumn')
    );
    const r = parse(text, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(spans(r.occurrences)).toEqual([
      '2026-03-22T09:00:00.000Z → 2026-03-22T10:00:00.000Z',
      '2026-03-29T08:00:00.000Z → 2026-03-29T09:00:00.000Z',
      '2026-04-05T08:00:00.000Z → 2026-04-05T09:00:00.000Z',
      '2026-10-18T08:00:00.000Z → 2026-10-18T09:00:00.000Z',
      '2026-10-25T09:00:00.000Z → 2026-10-25T10:00:00.000Z',
      '2026-11-01T09:00:00.000Z → 2026-11-01T10:00:00.000Z'
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('an event over the DST night lasts 5 hours in March and 7 in October', () => {
    const text = calendar(
      ...zones,
      event('UID:march', `DTSTART;${at('20260328T220000')}`, `DTEND;${at('20260329T040000')}`),
      event('UID:october', `DTSTART;${at('20261024T220000')}`, `DTEND;${at('20261025T040000')}`)
    );
    expect(spans(parse(text, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').occurrences)).toEqual([
      '2026-03-28T21:00:00.000Z → 2026-03-29T02:00:00.000Z',
      '2026-10-24T20:00:00.000Z → 2026-10-25T03:00:00.000Z'
    ]);
  });

  it('a skipped wall time moves forward, a repeated one takes its first instant', () => {
    const text = calendar(
      ...zones,
      event('UID:gap', `DTSTART;${at('20260329T023000')}`, 'DURATION:PT1H'),
      event('UID:overlap', `DTSTART;${at('20261025T023000')}`, 'DURATION:PT1H'),
      event('UID:nightly', `DTSTART;${at('20260328T023000')}`, 'DURATION:PT30M', 'RRULE:FREQ=DAILY;COUNT=3')
    );
    const r = parse(text, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(r.occurrences.map((o) => `${o.uid} ${o.start} → ${o.end}`)).toEqual([
      'nightly 2026-03-28T01:30:00.000Z → 2026-03-28T02:00:00.000Z',
      'gap 2026-03-29T01:30:00.000Z → 2026-03-29T02:30:00.000Z', // 02:30 does not exist: read as 03:30 CEST
      'nightly 2026-03-29T01:30:00.000Z → 2026-03-29T02:00:00.000Z',
      'nightly 2026-03-30T00:30:00.000Z → 2026-03-30T01:00:00.000Z',
      'overlap 2026-10-25T00:30:00.000Z → 2026-10-25T01:30:00.000Z' // 02:30 CEST, the first of the two
    ]);
  });

  it('keeps the seconds of historical offsets (Paris Mean Time, +00:09:21)', () => {
    const text = calendar(...zones, event('UID:1900', `DTSTART;${at('19000101T000000')}`, 'DURATION:PT1H'));
    expect(starts(parse(text, '1899-01-01T00:00:00Z', '1901-01-01T00:00:00Z').occurrences)).toEqual(['1899-12-31T23:50:39.000Z']);
  });
});

describe('recurrence', () => {
  const daily = (uid: string, time: string) =>
    event(`UID:${uid}`, `DTSTART;TZID=Europe/Paris:20200101T${time}`, 'DURATION:PT1H', 'RRULE:FREQ=DAILY', `SUMMARY:${uid}`);

  it('an infinite daily rule is bounded by the window: 365 days in 2027, 366 in 2028', () => {
    const text = calendar(daily('daily', '090000'));
    const y2027 = parse(text, '2026-12-31T23:00:00Z', '2027-12-31T23:00:00Z');
    expect(y2027.occurrences).toHaveLength(365);
    expect(y2027.occurrences[0]!.start).toBe('2027-01-01T08:00:00.000Z');
    expect(y2027.occurrences.at(-1)!.start).toBe('2027-12-31T08:00:00.000Z');
    expect(y2027.truncated).toBe(false);
    expect(parse(text, '2027-12-31T23:00:00Z', '2028-12-31T23:00:00Z').occurrences).toHaveLength(366);
  });

  it('a daily rule with BYMONTH (run from DTSTART, not skipped ahead) gives the 30 days of June 2027', () => {
    const text = calendar(event('UID:june', 'DTSTART;TZID=Europe/Paris:20200601T090000', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTH=6'));
    const r = parse(text, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    expect(r.occurrences).toHaveLength(30);
    expect([r.occurrences[0]!.start, r.occurrences.at(-1)!.start]).toEqual(['2027-06-01T07:00:00.000Z', '2027-06-30T07:00:00.000Z']);
  });

  it('skipping ahead to a far window gives the instances counted from DTSTART', () => {
    // Every other day on MO/WE/FR, and every third week (weeks start on Monday) on TU/TH, from
    // Monday 6 January 2020 09:00 Paris; January 2027 is CET: 08:00Z. The window starts an odd
    // number of weeks after DTSTART, so a skip of whole weeks would break the every-other-day parity.
    const text = calendar(
      event('UID:d2', 'DTSTART;TZID=Europe/Paris:20200106T090000', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;INTERVAL=2;BYDAY=MO,WE,FR'),
      event('UID:w3', 'DTSTART;TZID=Europe/Paris:20200107T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH')
    );
    const [from, to] = [Date.UTC(2027, 0, 8), Date.UTC(2027, 1, 8)];
    const expected: string[] = [];
    const monday = Date.UTC(2020, 0, 6);
    for (let day = from; day < to; day += 86_400_000) {
      const n = (day - monday) / 86_400_000;
      const weekday = new Date(day).getUTCDay();
      const stamp = new Date(day + 8 * 3600_000).toISOString();
      if (n % 2 === 0 && [1, 3, 5].includes(weekday)) expected.push(`d2 ${stamp}`);
      if (Math.floor(n / 7) % 3 === 0 && [2, 4].includes(weekday)) expected.push(`w3 ${stamp}`);
    }
    expect(expected).toHaveLength(10);
    const far = parse(text, new Date(from).toISOString(), new Date(to).toISOString());
    expect(far.occurrences.map((o) => `${o.uid} ${o.start}`)).toEqual(expected);
    const fromStart = parse(text, '2020-01-01T00:00:00Z', new Date(to).toISOString()).occurrences.map((o) => `${o.uid} ${o.start}`);
    expect(fromStart.filter((o) => Date.parse(o.split(' ')[1]!) >= from)).toEqual(expected);
  });

  it('maxOccurrences keeps the earliest occurrences across series, and says so', () => {
    // The later series comes first in the file: what is kept must not depend on file order.
    const text = calendar(daily('b', '100000'), daily('a', '090000'));
    const r = parse(text, '2026-12-31T23:00:00Z', '2027-12-31T23:00:00Z', 5);
    expect(r.occurrences.map((o) => `${o.uid} ${o.start}`)).toEqual([
      'a 2027-01-01T08:00:00.000Z',
      'b 2027-01-01T09:00:00.000Z',
      'a 2027-01-02T08:00:00.000Z',
      'b 2027-01-02T09:00:00.000Z',
      'a 2027-01-03T08:00:00.000Z'
    ]);
    expect(r.truncated).toBe(true);
    expect(r.warnings.some((w) => w.includes('more than 5 occurrences'))).toBe(true);
    expect(parse(text, '2026-12-31T23:00:00Z', '2027-01-03T23:00:00Z', 6).truncated).toBe(false);
    const justOver = parse(text, '2026-12-31T23:00:00Z', '2027-01-04T23:00:00Z', 7);
    expect([justOver.occurrences.length, justOver.truncated, justOver.warnings.length]).toEqual([7, true, 1]);
  });

  it('stops a FREQ=SECONDLY rule from 2000 and an impossible rule instead of running forever', () => {
    const text = calendar(
      event('UID:seconds', 'DTSTART:20000101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'),
      event('UID:never', 'DTSTART:20260201T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30')
    );
    // Bounded in steps, not seconds: a small step budget stops both the same way on a loaded
    // machine, and in a fraction of the default's time.
    const r = parseIcs(text, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') }, { stepLimit: 20_000 });
    if (!r.ok) throw new Error(r.error);
    expect(r.truncated).toBe(true);
    expect(r.warnings.filter((w) => w.includes('too many steps'))).toHaveLength(2);
    // DTSTART is an instance whatever the rule does.
    expect(r.occurrences.map((o) => `${o.uid} ${o.start}`)).toEqual(['never 2026-02-01T09:00:00.000Z']);
  });

  it('an RRULE ical.js cannot expand keeps DTSTART and warns', () => {
    const text = calendar(event('UID:odd', 'DTSTART:20260105T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYYEARDAY=1'));
    const r = parse(text, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(starts(r.occurrences)).toEqual(['2026-01-05T09:00:00.000Z']);
    expect(r.warnings.length).toBeGreaterThan(0);
  });

  it('DTSTART counts as the first instance even when the rule would not produce it (RFC 5545)', () => {
    const text = calendar(event('UID:monday', 'DTSTART;TZID=Europe/Paris:20260105T100000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3'));
    expect(starts(parse(text, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').occurrences)).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-06T09:00:00.000Z',
      '2026-01-13T09:00:00.000Z'
    ]);
  });

  it('RDATE with its own zone or a PERIOD, multi-valued EXDATE in UTC, EXDATE;VALUE=DATE on a timed series', () => {
    const text = calendar(
      event(
        'UID:mixed',
        'DTSTART;TZID=Europe/Paris:20260105T100000',
        'DTEND;TZID=Europe/Paris:20260105T110000',
        'RRULE:FREQ=DAILY;COUNT=5',
        'EXDATE:20260106T090000Z,20260107T090000Z',
        'EXDATE;VALUE=DATE:20260108',
        'RDATE;TZID=Europe/Paris:20260109T100000', // already an RRULE instance: not doubled
        'RDATE;TZID=America/New_York:20260110T040000',
        'RDATE;VALUE=PERIOD:20260111T130000Z/20260111T150000Z'
      )
    );
    const r = parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(spans(r.occurrences)).toEqual([
      '2026-01-05T09:00:00.000Z → 2026-01-05T10:00:00.000Z',
      '2026-01-09T09:00:00.000Z → 2026-01-09T10:00:00.000Z',
      '2026-01-10T09:00:00.000Z → 2026-01-10T10:00:00.000Z',
      '2026-01-11T13:00:00.000Z → 2026-01-11T15:00:00.000Z'
    ]);
    expect(r.occurrences.every((o) => o.recurrenceId === o.start)).toBe(true);
  });

  it('overrides: length kept without DTEND, UTC RECURRENCE-ID, cancellation, highest SEQUENCE, moves in and out', () => {
    const paris = (wall: string) => `TZID=Europe/Paris:${wall}`;
    const text = calendar(
      // Two versions of the 12 January override, the newer first; both before the master.
      event(`RECURRENCE-ID;${paris('20260112T140000')}`, 'UID:perm', 'SEQUENCE:2',
        `DTSTART;${paris('20260113T090000')}`, 'SUMMARY:Permanence déplacée', 'LOCATION:Salle 2'),
      event(`RECURRENCE-ID;${paris('20260112T140000')}`, 'UID:perm', 'SEQUENCE:1',
        `DTSTART;${paris('20260112T150000')}`, 'SUMMARY:Ancienne version'),
      event('UID:perm', `DTSTART;${paris('20260105T140000')}`, `DTEND;${paris('20260105T160000')}`,
        'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Permanence'),
      event('RECURRENCE-ID:20260119T130000Z', 'UID:perm', 'STATUS:CANCELLED', 'SUMMARY:Permanence',
        `DTSTART;${paris('20260119T140000')}`, `DTEND;${paris('20260119T150000')}`),
      event(`RECURRENCE-ID;${paris('20260126T140000')}`, 'UID:perm', 'SUMMARY:Permanence de mars',
        `DTSTART;${paris('20260302T140000')}`, `DTEND;${paris('20260302T150000')}`)
    );
    const january = parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(january.occurrences.map((o) => [o.start, o.end, o.recurrenceId, o.title, o.cancelled])).toEqual([
      ['2026-01-05T13:00:00.000Z', '2026-01-05T15:00:00.000Z', '2026-01-05T13:00:00.000Z', 'Permanence', false],
      ['2026-01-13T08:00:00.000Z', '2026-01-13T10:00:00.000Z', '2026-01-12T13:00:00.000Z', 'Permanence déplacée', false],
      ['2026-01-19T13:00:00.000Z', '2026-01-19T14:00:00.000Z', '2026-01-19T13:00:00.000Z', 'Permanence', true]
    ]);
    expect(january.occurrences[1]!.location).toBe('Salle 2');
    const march = parse(text, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    expect(march.occurrences.map((o) => [o.start, o.recurrenceId, o.title])).toEqual([
      ['2026-03-02T13:00:00.000Z', '2026-01-26T13:00:00.000Z', 'Permanence de mars']
    ]);
  });

  it('a cancelled single event is returned, marked cancelled, without recurrenceId', () => {
    const text = calendar(event('UID:off', 'DTSTART:20260105T090000Z', 'DTEND:20260105T100000Z', 'STATUS:CANCELLED', 'SUMMARY:Annulé'));
    const [occurrence] = parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences;
    expect(occurrence).toMatchObject({ cancelled: true, title: 'Annulé' });
    expect(occurrence!.recurrenceId).toBeUndefined();
  });
});

describe('lengths', () => {
  it('defaults, zero and negative lengths, nominal DURATION days across DST', () => {
    const text = calendar(
      event('UID:1-no-end', 'DTSTART;TZID=Europe/Paris:20260320T100000'),
      event('UID:2-backwards', 'DTSTART;TZID=Europe/Paris:20260320T100000', 'DTEND;TZID=Europe/Paris:20260320T090000'),
      event('UID:3-day', 'DTSTART;VALUE=DATE:20260320'),
      event('UID:4-same-day', 'DTSTART;VALUE=DATE:20260321', 'DTEND;VALUE=DATE:20260321'),
      event('UID:5-three-days', 'DTSTART;VALUE=DATE:20260327', 'DURATION:P3D'),
      event('UID:6-one-day-later', 'DTSTART;TZID=Europe/Paris:20260328T120000', 'DURATION:P1D')
    );
    expect(parse(text, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z').occurrences.map((o) => `${o.uid} ${o.start} → ${o.end}`)).toEqual([
      '3-day 2026-03-19T23:00:00.000Z → 2026-03-20T23:00:00.000Z',
      '1-no-end 2026-03-20T09:00:00.000Z → 2026-03-20T09:30:00.000Z',
      '2-backwards 2026-03-20T09:00:00.000Z → 2026-03-20T09:30:00.000Z',
      '4-same-day 2026-03-20T23:00:00.000Z → 2026-03-21T23:00:00.000Z',
      '5-three-days 2026-03-26T23:00:00.000Z → 2026-03-29T22:00:00.000Z',
      '6-one-day-later 2026-03-28T11:00:00.000Z → 2026-03-29T10:00:00.000Z' // 23 hours: same wall time next day
    ]);
  });
});

describe('time zone fallbacks', () => {
  const at10 = (...props: string[]) => event('UID:x', ...props, 'DURATION:PT1H');

  it('floating times: X-WR-TIMEZONE when it is a zone, else Paris', () => {
    const floating = at10('DTSTART:20260715T100000');
    expect(starts(parse(calendar(floating), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z').occurrences)).toEqual(['2026-07-15T08:00:00.000Z']);
    const newYork = parse(calendar('X-WR-TIMEZONE:America/New_York', floating), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z');
    expect(starts(newYork.occurrences)).toEqual(['2026-07-15T14:00:00.000Z']);
    const mars = parse(calendar('X-WR-TIMEZONE:Mars/Olympus', floating), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z');
    expect(starts(mars.occurrences)).toEqual(['2026-07-15T08:00:00.000Z']);
    expect(mars.warnings.some((w) => w.includes('Mars/Olympus'))).toBe(true);
  });

  it('an unknown TZID without VTIMEZONE is read as floating, with a warning; a Windows name is mapped', () => {
    const unknown = parse(calendar(at10('DTSTART;TZID=Nowhere Special:20260715T100000')), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z');
    expect(starts(unknown.occurrences)).toEqual(['2026-07-15T08:00:00.000Z']);
    expect(unknown.warnings.some((w) => w.includes('Nowhere Special'))).toBe(true);
    const windows = parse(calendar(at10('DTSTART;TZID=Romance Standard Time:20260115T100000')), '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(starts(windows.occurrences)).toEqual(['2026-01-15T09:00:00.000Z']);
    expect(windows.warnings).toEqual([]);
  });

  it('TZID " 1" defined after its use, with offsets unlike Paris, is honoured', () => {
    const zone = fixedVtimezone(' 1', '+0500');
    const r = parse(calendar(at10('DTSTART;TZID= 1:20260115T100000'), zone), '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(starts(r.occurrences)).toEqual(['2026-01-15T05:00:00.000Z']);
  });

  it("leaves ical.js's global TimezoneService alone and is not influenced by it", () => {
    ICAL.TimezoneService.register(new ICAL.Component(ICAL.parse(fixedVtimezone('Europe/Berlin', '+0500'))));
    try {
      const r = parse(fixture('dst_exdate_event.ics'), '2019-10-01T00:00:00Z', '2019-11-01T00:00:00Z');
      expect(starts(r.occurrences)[0]).toBe('2019-10-16T08:00:00.000Z');
    } finally {
      ICAL.TimezoneService.remove('Europe/Berlin');
    }
    const before = ICAL.TimezoneService.count;
    parse(fixture('bug19893.ics'), '2007-01-01T00:00:00Z', '2009-01-01T00:00:00Z');
    expect(ICAL.TimezoneService.has('GMT-05.00/-04.00')).toBe(false);
    expect(ICAL.TimezoneService.count).toBe(before);
  });
});

describe('text', () => {
  it('unescapes, folds, reads organisers, truncates long descriptions, names untitled events', () => {
    const long = 'x'.repeat(1500);
    const folded = `DESCRIPTION:${long}`.match(/.{1,74}/g)!.join('\r\n ');
    const text = calendar(
      event('UID:a', 'DTSTART:20260105T090000Z', 'SUMMARY:  Réunion\\, bilan\\; suite\\nétape 2  ',
        'ORGANIZER:mailto:marie@chambery.fr', folded),
      event('UID:b', 'DTSTART:20260105T090000Z', 'ORGANIZER;CN="Dupont, Marie":mailto:marie@chambery.fr',
        'ATTENDEE:mailto:a@x.fr', 'ATTENDEE:mailto:b@x.fr', 'ATTENDEE:mailto:c@x.fr'),
      event('UID:c', 'DTSTART:20260105T090000Z', 'SUMMARY:   ')
    );
    const [a, b, c] = parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences;
    expect(a).toMatchObject({ title: 'Réunion, bilan; suite\nétape 2', organiser: 'marie@chambery.fr', description: 'x'.repeat(1000) });
    expect(b).toMatchObject({ title: '(sans titre)', organiser: 'Dupont, Marie', attendees: 3, description: '', location: '' });
    expect(c!.title).toBe('(sans titre)');
  });

  it('an event without UID gets a stable identifier and a warning', () => {
    const text = calendar(event('DTSTART:20260105T090000Z', 'SUMMARY:Sans identifiant'));
    const first = parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    const second = parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(first.occurrences[0]!.uid).toMatch(/^no-uid-[0-9a-f]{8}$/);
    expect(second.occurrences[0]!.uid).toBe(first.occurrences[0]!.uid);
    expect(first.warnings).toHaveLength(1);
  });

  it('sorts by start, then UID', () => {
    const text = calendar(
      event('UID:b', 'DTSTART:20260105T090000Z'),
      event('UID:c', 'DTSTART:20260105T080000Z'),
      event('UID:a', 'DTSTART:20260105T090000Z')
    );
    expect(parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences.map((o) => o.uid)).toEqual(['c', 'a', 'b']);
  });

  it('reads concatenated VCALENDARs', () => {
    const text =
      calendar(event('UID:one', 'DTSTART:20260105T090000Z')) +
      calendar('X-WR-CALNAME:Deux', event('UID:two', 'DTSTART:20260106T090000Z'));
    const r = parse(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(r.occurrences.map((o) => o.uid)).toEqual(['one', 'two']);
    expect(r.calendarName).toBe('Deux');
  });
});

describe('rejected input', () => {
  const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
  const truncatedFeed = fixture('daylight_saving_time.ics').slice(0, 5000);

  it.each([
    ['an empty body', '', /empty body/],
    ['blank lines', '\r\n\r\n  ', /empty body/],
    ['garbage', 'garbage', /expected BEGIN:VCALENDAR/],
    ['an HTML error page', '<!DOCTYPE html>\n<html><title>502 Bad Gateway</title></html>', /expected BEGIN:VCALENDAR, got "<!DOCTYPE html>/],
    ['a JSON error', '{"error":"forbidden"}', /expected BEGIN:VCALENDAR/],
    ['a lone VEVENT', event('UID:x', 'DTSTART:20260105T090000Z'), /expected BEGIN:VCALENDAR/],
    ['a truncated feed', truncatedFeed, /invalid iCalendar/],
    ['mostly unreadable lines', `BEGIN:VCALENDAR\n${'garbage\n'.repeat(5)}END:VCALENDAR\n`, /invalid iCalendar/]
  ])('%s gives ok:false with a message', (_, text, message) => {
    const r = parseIcs(text, window);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('drops a line ical.js cannot read instead of losing the whole feed', () => {
    const text = calendar(
      event('UID:bad', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=FORTNIGHTLY', 'SUMMARY:Règle illisible'),
      'this line has no colon',
      event('UID:good', 'DTSTART:20260106T090000Z', 'SUMMARY:Intact')
    );
    const r = parseIcs(text, window);
    expect(r.ok && r.occurrences.map((o) => `${o.uid} ${o.start} ${o.title}`)).toEqual([
      'bad 2026-01-05T09:00:00.000Z Règle illisible',
      'good 2026-01-06T09:00:00.000Z Intact'
    ]);
    expect(r.ok && r.warnings.filter((w) => w.startsWith('unreadable line dropped'))).toHaveLength(2);
  });

  it('rejects an invalid window or cap', () => {
    const text = calendar(event('UID:x', 'DTSTART:20260105T090000Z'));
    expect(parseIcs(text, { from: new Date('nope'), to: new Date() }).ok).toBe(false);
    expect(parseIcs(text, { from: window.to, to: window.from }).ok).toBe(false);
    expect(parseIcs(text, window, { maxOccurrences: 0 }).ok).toBe(false);
  });
});
