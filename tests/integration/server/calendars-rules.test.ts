// The calendar worker reads feeds with the same parser as the desk: the recurrence fixes of
// src/lib/ics (BYMONTH, revisions, THISANDFUTURE, empty RRULE) reach the meetings it writes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { icsMeetingPrefix } from '../../../src/lib/domain/meeting-ids';
import type { MeetingDoc, RoomDoc } from '../../../src/lib/domain/planning';
import { docPath } from '../../../sync-server/src/couch-client';
import { memoryLogger } from '../../../sync-server/src/log';
import { createCalendarState, pollCalendars } from '../../../sync-server/src/workers/calendars';
import { startFeedServer, type FeedServer } from './calendars-feeds';
import { startTestServer, type TestServer } from './helpers';

/** Tuesday 24 March 2026, 08:30 in Paris; the worker looks 21 days ahead, to 14 April. */
const NOW = new Date('2026-03-24T07:30:00.000Z');

const event = (uid: string, ...props: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260301T080000Z', ...props, 'END:VEVENT'];
const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:Zimbra-Calendar-Provider',
  // First Wednesday of school months, listed in school-year order: ical.js alone stopped in December.
  ...event('cm@zimbra', 'SUMMARY:Conseil des maîtres', 'DTSTART;TZID=Europe/Paris:20250903T170000', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYDAY=1WE;BYMONTH=9,10,11,12,1,2,3,4,5,6'),
  // Two revisions of a weekly meeting: Mondays (SEQUENCE 0), then Thursdays (SEQUENCE 1).
  ...event('codir@zimbra', 'SEQUENCE:0', 'SUMMARY:Codir (lundi)', 'DTSTART;TZID=Europe/Paris:20260302T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6'),
  ...event('codir@zimbra', 'SEQUENCE:1', 'SUMMARY:Codir', 'DTSTART;TZID=Europe/Paris:20260305T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6'),
  // From 31 March on, the Tuesday permanence moves to 14:00 in another room name.
  ...event('perm@zimbra', 'SUMMARY:Permanence', 'DTSTART;TZID=Europe/Paris:20260317T100000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=5'),
  ...event('perm@zimbra', 'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Paris:20260331T100000', 'SUMMARY:Permanence (après-midi)', 'DTSTART;TZID=Europe/Paris:20260331T140000', 'DURATION:PT1H'),
  ...event('vide@zimbra', 'SUMMARY:Réunion sans règle', 'DTSTART;TZID=Europe/Paris:20260325T110000', 'DURATION:PT1H', 'RRULE:'),
  'END:VCALENDAR',
  ''
].join('\r\n');

let server: TestServer;
let feeds: FeedServer;
beforeAll(async () => {
  server = await startTestServer({ demo: true });
  feeds = await startFeedServer();
});
afterAll(async () => {
  await feeds?.close();
  await server?.stop();
});

it('a Zimbra feed with a school-year BYMONTH rule, two revisions, a THISANDFUTURE change and an empty RRULE gives each meeting once, where it is now', async () => {
  const room: RoomDoc = { _id: 'room:curial:aravis', type: 'room', v: 1, site: 'curial', name: 'Salle Aravis', floor: '1er étage', capacity: 12, equipment: [], directions: '', calendarUrl: `${feeds.url}/home/salles/aravis?fmt=ics` };
  await server.client.put(docPath('planning', room._id), room);
  feeds.routes.set('/home/salles/aravis', { body: FEED });
  const log = memoryLogger();
  const config = { pollSeconds: 300, timeoutMs: 2000, daysAhead: 21, concurrency: 4, credentialsFile: '/nonexistent/calendar-credentials.json' };
  await pollCalendars({ client: server.client, log, config, state: createCalendarState() }, { now: NOW });

  const prefix = icsMeetingPrefix('curial', room._id);
  const q = `include_docs=true&startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`;
  const rows = (await server.client.get<{ rows: { doc: MeetingDoc }[] }>(`/planning/_all_docs?${q}`)).rows;
  const shown = rows.map((r) => `${r.doc.start} ${r.doc.title}`).sort();
  expect(shown).toEqual([
    '2026-03-24T09:00:00.000Z Permanence',
    '2026-03-25T10:00:00.000Z Réunion sans règle',
    '2026-03-26T08:00:00.000Z Codir',
    '2026-03-31T12:00:00.000Z Permanence (après-midi)',
    '2026-04-01T15:00:00.000Z Conseil des maîtres',
    '2026-04-02T07:00:00.000Z Codir',
    '2026-04-07T12:00:00.000Z Permanence (après-midi)',
    '2026-04-09T07:00:00.000Z Codir'
  ]);
  const warnings = log.lines.filter((l) => l.startsWith('WARN')).join('\n');
  expect(warnings).toContain('event "vide@zimbra": RRULE {} has no FREQ');
  expect(warnings).toContain('event "codir@zimbra": 2 revisions in the file, only the latest (SEQUENCE 1) is read');
});
