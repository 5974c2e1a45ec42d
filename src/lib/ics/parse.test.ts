import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIcs, type IcsOccurrence } from './parse';
import { sharedFixture } from '$lib/testing/shared-fixtures';

// Every fixture of /work/shared/fixtures/ics (see SOURCES.md there) with its occurrences worked
// out by hand from the file and the time-zone rules; the instants below are written out, never
// computed with the code under test. Paris, Berlin and Lisbon change on the last Sundays of
// March and October; the US since 2007 on the second Sunday of March and first of November.

// Vitest runs from the repository root; under jsdom import.meta.url is not a file URL.
const FIXTURES = sharedFixture('ics');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');

function parse(text: string, from: string, to: string) {
  const result = parseIcs(text, { from: new Date(from), to: new Date(to) });
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** "start → end title" lines: one readable assertion for a whole list. */
const lines = (occurrences: IcsOccurrence[]) => occurrences.map((o) => `${o.start} → ${o.end} ${o.title}`);

describe('Zimbra fixtures', () => {
  it('first_saturday_of_month: monthly BYDAY=1SA 10:00 Los Angeles, an hour earlier in UTC from April to 1 November', () => {
    const r = parse(fixture('first_saturday_of_month_event.ics'), '2014-01-01T00:00:00Z', '2015-01-01T00:00:00Z');
    expect(r.calendarName).toBe('Scheduled Maintenance');
    expect(r.occurrences.map((o) => o.start)).toEqual([
      '2014-01-04T18:00:00.000Z',
      '2014-02-01T18:00:00.000Z',
      '2014-03-01T18:00:00.000Z',
      '2014-04-05T17:00:00.000Z',
      '2014-05-03T17:00:00.000Z',
      '2014-06-07T17:00:00.000Z',
      '2014-07-05T17:00:00.000Z',
      '2014-08-02T17:00:00.000Z',
      '2014-09-06T17:00:00.000Z',
      '2014-10-04T17:00:00.000Z',
      '2014-11-01T17:00:00.000Z', // the day before DST ends
      '2014-12-06T18:00:00.000Z'
    ]);
    const [first] = r.occurrences;
    expect(first).toEqual({
      uid: 'd317c7c7-a6cc-4a85-baed-1542a336899d',
      recurrenceId: '2014-01-04T18:00:00.000Z',
      title: 'Email/SFU Connect',
      location: '',
      description: 'Scheduled maintenance',
      organiser: 'itadmin@example.ca',
      start: '2014-01-04T18:00:00.000Z',
      end: '2014-01-04T19:00:00.000Z',
      allDay: false,
      cancelled: false,
      attendees: 0
    });
    expect(r.warnings).toEqual([]);
  });

  it('daily_event: all-day daily series without the EXDATE;VALUE=DATE day, as Paris midnights (no final newline)', () => {
    const r = parse(fixture('daily_event.ics'), '2014-01-26T23:00:00Z', '2014-02-02T23:00:00Z');
    expect(r.calendarName).toBe('Test Public');
    expect(lines(r.occurrences)).toEqual(
      ['01-26', '01-28', '01-29', '01-30', '01-31', '02-01'].map((d) => {
        const next = { '01-26': '01-27', '01-28': '01-29', '01-29': '01-30', '01-30': '01-31', '01-31': '02-01', '02-01': '02-02' }[d];
        return `2014-${d}T23:00:00.000Z → 2014-${next}T23:00:00.000Z Every day, except the 28th`;
      })
    );
    expect(r.occurrences.every((o) => o.allDay && o.organiser === 'Jordan Raine')).toBe(true);
  });

  it('daily_event: the infinite rule still runs twelve years later, and the March day is 23 hours long', () => {
    const r = parse(fixture('daily_event.ics'), '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z');
    expect(lines(r.occurrences)).toEqual([
      '2026-03-27T23:00:00.000Z → 2026-03-28T23:00:00.000Z Every day, except the 28th',
      '2026-03-28T23:00:00.000Z → 2026-03-29T22:00:00.000Z Every day, except the 28th',
      '2026-03-29T22:00:00.000Z → 2026-03-30T22:00:00.000Z Every day, except the 28th',
      '2026-03-30T22:00:00.000Z → 2026-03-31T22:00:00.000Z Every day, except the 28th'
    ]);
    expect(r.truncated).toBe(false);
  });

  it('embedded_timezone_event: custom TZID "GMT-08.00/-07.00" defined only by its VTIMEZONE (CRLF)', () => {
    const text = fixture('embedded_timezone_event.ics');
    const winter = parse(text, '2013-12-01T00:00:00Z', '2014-01-01T00:00:00Z');
    expect(winter.calendarName).toBe('Calendar');
    expect(lines(winter.occurrences)).toEqual(['2013-12-22T20:00:00.000Z → 2013-12-23T04:00:00.000Z Event using embedded timezone']);
    // The same event moved to July follows the VTIMEZONE's DAYLIGHT block (-07:00).
    const july = parse(text.replaceAll('20131222T', '20130715T'), '2013-07-01T00:00:00Z', '2013-08-01T00:00:00Z');
    expect(lines(july.occurrences)).toEqual(['2013-07-15T19:00:00.000Z → 2013-07-16T03:00:00.000Z Event using embedded timezone']);
    expect(winter.warnings).toEqual([]);
  });

  it('bug19893: weekly Outlook meeting, Windows TZIDs, DATE-only UNTIL, overrides with UTC RECURRENCE-IDs', () => {
    const text = fixture('bug19893.ics');
    const april = parse(text, '2007-04-01T00:00:00Z', '2007-05-01T00:00:00Z');
    expect(lines(april.occurrences)).toEqual([
      '2007-04-02T13:00:00.000Z → 2007-04-02T14:30:00.000Z Staff Meeting',
      '2007-04-09T13:00:00.000Z → 2007-04-09T14:00:00.000Z Hughes, Barefield, McDonald',
      '2007-04-16T13:00:00.000Z → 2007-04-16T14:00:00.000Z Staff Meeting',
      '2007-04-23T13:00:00.000Z → 2007-04-23T14:30:00.000Z Staff Meeting',
      '2007-04-30T13:00:00.000Z → 2007-04-30T14:30:00.000Z Staff Meeting'
    ]);
    const moved = april.occurrences[1]!;
    expect(moved.uid).toBe('040000008200e00074c5b7101a82e00800000000a0fdad1cc3c4c7010000000000000000100000000c37dc546ecd4f40806f2d73e1f22f2e');
    expect(moved.recurrenceId).toBe('2007-04-09T13:00:00.000Z');
    expect(moved.location).toBe('Tower');
    expect(moved.organiser).toBe('ORGANISERNAME');
    // A fold falls inside the "\n" escape: "…modified:\n\" + " nSubject".
    expect(moved.description).toContain('has been modified:\n\nSubject: Hughes, Barefield, McDonald \nOrganizer: ORGANISERNAME\nLocation: Tower');
    expect(april.occurrences[3]!.location).toBe('Narl Davidson Room');

    // 12 March 2007 to 2 June 2008 is 448 days: 64 weeks, 65 Mondays. "End by Jun 2, 2008" keeps that day.
    const all = parse(text, '2007-01-01T00:00:00Z', '2009-01-01T00:00:00Z');
    expect(all.occurrences).toHaveLength(65);
    expect(all.occurrences.at(-1)!.start).toBe('2008-06-02T13:00:00.000Z');
    const starts = all.occurrences.map((o) => o.start);
    expect(starts).toContain('2007-10-29T13:00:00.000Z'); // still EDT
    expect(starts).toContain('2007-11-05T14:00:00.000Z'); // EST from 4 November
    expect(starts).toContain('2008-03-03T14:00:00.000Z');
    expect(starts).toContain('2008-03-10T13:00:00.000Z'); // EDT from 9 March
  });

  it('espanol: UTF-8 accents in text and in a quoted CN', () => {
    const r = parse(fixture('espanol.ics'), '2009-06-01T00:00:00Z', '2009-07-01T00:00:00Z');
    expect(r.occurrences).toEqual([
      {
        uid: 'c0184abe-5541-4e2e-97fb-853daa44289e',
        title: 'Cáléñdar Subject',
        location: 'Cáléñdar Location',
        description: 'Cáléñdar Description',
        organiser: 'Cáléñdar User',
        start: '2009-06-26T19:00:00.000Z',
        end: '2009-06-26T20:00:00.000Z',
        allDay: false,
        cancelled: false,
        attendees: 0
      }
    ]);
  });

  it('vfreebusy-zimbra: a VFREEBUSY-only feed gives nothing, without error', () => {
    const r = parse(fixture('vfreebusy-zimbra.ics'), '2014-01-01T00:00:00Z', '2015-01-01T00:00:00Z');
    expect(r.occurrences).toEqual([]);
    expect(r.truncated).toBe(false);
  });
});

describe('European DST fixtures', () => {
  it('Paris.ics: a VTIMEZONE alone gives nothing, without error', () => {
    const r = parse(fixture('Paris.ics'), '1900-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(r.occurrences).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('test_with_int_tzid: TZID=Europe/Paris without VTIMEZONE, and TZID " 1" defined after first use', () => {
    const r = parse(fixture('test_with_int_tzid.ics'), '2023-12-01T00:00:00Z', '2024-02-01T00:00:00Z');
    expect(lines(r.occurrences)).toEqual([
      '2023-12-15T14:00:00.000Z → 2023-12-15T15:00:00.000Z test export import',
      '2024-01-08T10:00:00.000Z → 2024-01-08T11:00:00.000Z Atelier groupes portail/Nuage'
    ]);
    expect(r.occurrences[0]!.location).toBe('dijon');
    expect(r.occurrences[1]!.uid).toBe('040000008200E00074C5B7101A82E008000000008D1F7DAB8632DA010000000000000000100000008EF89A92C90D1342BF1F2CB714276CCC');
    expect(r.occurrences[1]!.location).toBe('https://visio-agents.education.fr/');
    expect(r.occurrences[1]!.description).toBe(
      "Désolé pour ces changements de date, j'espère que ce dernier créneau conviendra à tout le monde. \n\n" +
        'Je vous propose cette date pour un atelier sur les soucis avec les commandes à passer sur les serveurs ' +
        'nextcloud pour la mise en place des groupes. Dites moi si ça ne convient pas. Merci !'
    );
    expect(r.warnings).toEqual([]);
  });

  it('daylight_saving_time: a week of the Google feed, with both Montessori days removed by EXDATE', () => {
    const r = parse(fixture('daylight_saving_time.ics'), '2019-03-03T23:00:00Z', '2019-03-10T23:00:00Z');
    expect(r.calendarName).toBe('machBar - Öffentlich');
    expect(lines(r.occurrences)).toEqual([
      '2019-03-04T13:00:00.000Z → 2019-03-04T17:00:00.000Z Open Health HACKademy - freie Termine',
      '2019-03-05T13:00:00.000Z → 2019-03-05T17:00:00.000Z Open Health HACKademy - freie Termine',
      '2019-03-05T16:00:00.000Z → 2019-03-05T18:00:00.000Z machBar Plenum',
      '2019-03-05T18:00:00.000Z → 2019-03-05T20:00:00.000Z OK Lab',
      '2019-03-06T13:00:00.000Z → 2019-03-06T17:00:00.000Z Open Health HACKademy - freie Termine',
      '2019-03-06T18:00:00.000Z → 2019-03-06T20:00:00.000Z Chaostreff - CCCP',
      '2019-03-07T14:00:00.000Z → 2019-03-07T16:00:00.000Z #TEC - für Jugendliche',
      '2019-03-07T17:00:00.000Z → 2019-03-07T19:00:00.000Z OpenLab',
      '2019-03-09T08:30:00.000Z → 2019-03-10T16:00:00.000Z Open Health HACKademy'
    ]);
    expect(r.occurrences.at(-1)!.attendees).toBe(1);
    expect(r.occurrences.at(-1)!.recurrenceId).toBeUndefined();
    expect(r.occurrences[6]!.description).toContain('Jetzt neu immer Donnerstags!\n#tec (Hashtec) ist ein Treffpunkt für Jugendliche, welche sich kreativ');
  });

  it('daylight_saving_time: weekly Berlin evenings keep their local hour across 31 March 2019', () => {
    const r = parse(fixture('daylight_saving_time.ics'), '2019-03-25T00:00:00Z', '2019-04-08T00:00:00Z');
    const of = (title: string) => r.occurrences.filter((o) => o.title === title).map((o) => o.start);
    expect(of('OpenLab')).toEqual(['2019-03-28T17:00:00.000Z', '2019-04-04T16:00:00.000Z']);
    expect(of('Chaostreff - CCCP')).toEqual(['2019-03-27T18:00:00.000Z', '2019-04-03T17:00:00.000Z']);
    expect(of('machBar Plenum')).toEqual(['2019-04-02T15:00:00.000Z']);
    expect(of('Montessori Schulklasse')).toEqual([
      '2019-03-28T07:30:00.000Z',
      '2019-03-29T07:30:00.000Z',
      '2019-04-04T06:30:00.000Z',
      '2019-04-05T06:30:00.000Z'
    ]);
  });

  it('daylight_saving_time: monthly last Saturday with two EXDATEs, two moved instances and a UTC UNTIL', () => {
    const r = parse(fixture('daylight_saving_time.ics'), '2018-06-01T00:00:00Z', '2018-12-01T00:00:00Z');
    const series = r.occurrences.filter((o) => o.uid === '52uuaoruefesorque1gpjabr6t@google.com');
    // 28 July and 25 August are excluded; 29 September and 27 October moved a week earlier;
    // 24 November 10:00Z is after UNTIL=20181123T225959Z.
    expect(series.map((o) => [o.start, o.end, o.recurrenceId])).toEqual([
      ['2018-06-30T09:00:00.000Z', '2018-06-30T13:00:00.000Z', '2018-06-30T09:00:00.000Z'],
      ['2018-09-22T09:00:00.000Z', '2018-09-22T13:00:00.000Z', '2018-09-29T09:00:00.000Z'],
      ['2018-10-20T09:00:00.000Z', '2018-10-20T13:00:00.000Z', '2018-10-27T09:00:00.000Z']
    ]);
  });

  it('daylight_saving_time: an override moved out of its week appears in the week it moved to', () => {
    const r = parse(fixture('daylight_saving_time.ics'), '2019-01-13T23:00:00Z', '2019-01-27T23:00:00Z');
    const repair = r.occurrences.filter((o) => o.title === 'mB-onTour: repairCafé');
    expect(repair).toHaveLength(1);
    expect(repair[0]).toMatchObject({
      start: '2019-01-27T10:00:00.000Z',
      end: '2019-01-27T14:00:00.000Z',
      recurrenceId: '2019-01-19T10:00:00.000Z',
      location: 'Treffpunkt Freizeit, Am Neuen Garten 64, 14469 Potsdam, Deutschland'
    });
  });

  it('daylight_saving_time: 9 March is past UNTIL=20190308T225959Z of the second-Saturday series', () => {
    const r = parse(fixture('daylight_saving_time.ics'), '2019-01-01T00:00:00Z', '2019-04-01T00:00:00Z');
    const series = r.occurrences.filter((o) => o.uid === '3761q5bsqtnh74ckejfgfrailt@google.com');
    expect(series.map((o) => o.start)).toEqual(['2019-01-12T10:00:00.000Z', '2019-02-09T10:00:00.000Z']);
  });

  it('issue_48: Monday 11:30 Lisbon stays 11:30 local across 25 October 2020', () => {
    const r = parse(fixture('issue_48_daylight_aware_repeats.ics'), '2020-10-12T00:00:00Z', '2020-11-03T00:00:00Z');
    expect(r.calendarName).toBe('Horario sem-5');
    expect(lines(r.occurrences)).toEqual([
      '2020-10-12T10:30:00.000Z → 2020-10-12T12:00:00.000Z MDS-t',
      '2020-10-19T10:30:00.000Z → 2020-10-19T12:00:00.000Z MDS-t',
      '2020-10-26T11:30:00.000Z → 2020-10-26T13:00:00.000Z MDS-t',
      '2020-11-02T11:30:00.000Z → 2020-11-02T13:00:00.000Z MDS-t'
    ]);
    expect(r.occurrences[0]!.description).toBe(
      '<p><a href="https://videoconf-colibri.zoom.us/j/93800310242?pwd=K3FBUVJUV2hrTm1OR2RWb0ZabTJkZz09" target="_blank">' +
        'https://videoconf-colibri.zoom.us/j/93800310242?pwd=K3FBUVJUV2hrTm1OR2RWb0ZabTJkZz09</a></p>'
    );
  });

  it('issue_62: the override, written before its master, moves 31 December to 17 December', () => {
    const text = fixture('issue_62_moved_event.ics');
    const december = parse(text, '2021-12-01T00:00:00Z', '2022-01-01T00:00:00Z');
    // The master's DTEND equals DTSTART, so instances last the 30-minute minimum; the
    // override has no DTEND and keeps that length.
    expect(december.occurrences).toEqual([
      {
        uid: '38m812jicsrer5gorh3mlp7qhc@google.com',
        recurrenceId: '2021-12-31T20:30:00.000Z',
        title: 'Karaoke',
        location: '',
        description:
          'Jeden letzten Freitag im Monat <a href="https://www.instagram.com/p/CWwxmqbKXsC/">https://www.instagram.com/p/CWwxmqbKXsC/</a>',
        organiser: '',
        start: '2021-12-17T20:30:00.000Z',
        end: '2021-12-17T21:00:00.000Z',
        allDay: false,
        cancelled: false,
        attendees: 0
      }
    ]);
    expect(parse(text, '2021-12-25T00:00:00Z', '2022-01-08T00:00:00Z').occurrences).toEqual([]);
    const months = parse(text, '2021-11-01T00:00:00Z', '2022-05-01T00:00:00Z');
    expect(months.occurrences.map((o) => o.start)).toEqual([
      '2021-11-26T20:30:00.000Z',
      '2021-12-17T20:30:00.000Z',
      '2022-01-28T20:30:00.000Z',
      '2022-02-25T20:30:00.000Z',
      '2022-03-25T20:30:00.000Z',
      '2022-04-29T19:30:00.000Z'
    ]);
  });

  it('dst_exdate: Wednesday 10:00 Berlin across 27 October 2019, Christmas and New Year removed', () => {
    const r = parse(fixture('dst_exdate_event.ics'), '2019-10-01T00:00:00Z', '2020-03-01T00:00:00Z');
    const summer = ['10-16', '10-23'].map((d) => `2019-${d}T08:00:00.000Z`);
    const winter = ['2019-10-30', '2019-11-06', '2019-11-13', '2019-11-20', '2019-11-27', '2019-12-04', '2019-12-11', '2019-12-18']
      .concat(['2020-01-08', '2020-01-15', '2020-01-22', '2020-01-29']) // 29 January 09:00Z is before UNTIL 22:59:59Z
      .map((d) => `${d}T09:00:00.000Z`);
    expect(r.occurrences.map((o) => o.start)).toEqual([...summer, ...winter]);
    expect(r.occurrences.every((o) => Date.parse(o.end) - Date.parse(o.start) === 2 * 3600_000 && o.location === 'Room 1')).toBe(true);
  });

  it('whole_day_moved_over_dst_change_berlin: all-day days 27, 29 and 30 (28 moved to 30) as Paris midnights', () => {
    const text = fixture('whole_day_moved_over_dst_change_berlin.ics');
    const r = parse(text, '2024-10-20T00:00:00Z', '2024-11-10T00:00:00Z');
    expect(r.occurrences.map((o) => [o.start, o.end, o.recurrenceId, o.allDay])).toEqual([
      ['2024-10-26T22:00:00.000Z', '2024-10-27T23:00:00.000Z', '2024-10-26T22:00:00.000Z', true], // 25-hour day
      ['2024-10-28T23:00:00.000Z', '2024-10-29T23:00:00.000Z', '2024-10-28T23:00:00.000Z', true],
      ['2024-10-29T23:00:00.000Z', '2024-10-30T23:00:00.000Z', '2024-10-27T23:00:00.000Z', true]
    ]);
    expect(parse(text, '2024-10-27T23:00:00Z', '2024-10-28T23:00:00Z').occurrences).toEqual([]);
  });

  it('sabredav-school-holidays: one 40-day all-day occurrence, TZID on VALUE=DATE ignored', () => {
    const r = parse(fixture('sabredav-school-holidays.ics'), '2018-07-20T00:00:00Z', '2018-07-21T00:00:00Z');
    expect(r.calendarName).toBe('Schulferien');
    expect(r.occurrences).toHaveLength(1);
    expect(r.occurrences[0]).toMatchObject({
      title: 'Sommerferien Sachsen',
      start: '2018-07-01T22:00:00.000Z',
      end: '2018-08-10T22:00:00.000Z',
      allDay: true,
      description: 'Deine Ferien. In deinem Kalender. Immer aktuell.'
    });
    expect(parse(fixture('sabredav-school-holidays.ics'), '2018-08-10T22:00:00Z', '2018-08-12T00:00:00Z').occurrences).toEqual([]);
  });

  it('mixed-timezone-handling: the same clock time written five ways', () => {
    const r = parse(fixture('mixed-timezone-handling.ics'), '2002-10-27T00:00:00Z', '2002-10-30T00:00:00Z');
    expect(r.calendarName).toBe('Example');
    expect(r.occurrences.map((o) => `${o.start} → ${o.end} ${o.allDay ? 'all-day' : 'timed'} ${o.title}`)).toEqual([
      // Paris midnight of 28 October, CET since the 27th.
      '2002-10-27T23:00:00.000Z → 2002-10-28T23:00:00.000Z all-day Date Only (Explicit)',
      '2002-10-27T23:00:00.000Z → 2002-10-28T23:00:00.000Z all-day Date Only (Implicit)',
      '2002-10-28T01:20:30.000Z → 2002-10-29T01:20:30.000Z timed UTC Timezone',
      // New York and the X-WR-TIMEZONE US/Pacific left DST on 27 October 2002 too.
      '2002-10-28T06:20:30.000Z → 2002-10-29T06:20:30.000Z timed Inline Timezone',
      '2002-10-28T09:20:30.000Z → 2002-10-29T09:20:30.000Z timed No Timezone'
    ]);
    expect(r.warnings).toEqual([]);
  });
});

describe('line endings and encoding', () => {
  it('reads a CRLF fixture the same with LF, without the final newline, and with a BOM', () => {
    const crlf = fixture('embedded_timezone_event.ics');
    const expected = parse(crlf, '2013-12-01T00:00:00Z', '2014-01-01T00:00:00Z').occurrences;
    expect(expected).toHaveLength(1);
    for (const variant of [crlf.replaceAll('\r\n', '\n'), crlf.trimEnd(), `\uFEFF${crlf}`]) {
      expect(parse(variant, '2013-12-01T00:00:00Z', '2014-01-01T00:00:00Z').occurrences).toEqual(expected);
    }
  });
});
