import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDoc, RoomDoc } from '$lib/domain/planning';
import { parseIcs } from '$lib/ics/parse';
import { docPath } from '../../../sync-server/src/couch-client';
import { memoryLogger } from '../../../sync-server/src/log';
import { DEMO_ZIMBRA_ACCOUNT, demoZimbraIcs } from '../../../sync-server/src/setup/demo-zimbra';
import { createCalendarState, pollCalendars } from '../../../sync-server/src/workers/calendars';
import { basicHeader, startTestServer, tempDir, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  const webRoot = tempDir('accueil-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Accueil</title>');
  server = await startTestServer({ demo: true, demoCalendars: true, webRoot, webPort: 0 });
});
afterAll(async () => {
  await server.stop();
});

describe('the demo’s stand-in Zimbra (npm start)', () => {
  it('serves its calendars with basic auth and ETags, like Zimbra', async () => {
    const room = await server.client.get<RoomDoc>(docPath('planning', 'room:curial:salle-lac-du-bourget'));
    expect(room.calendarUrl).toBe(`${server.webUrl}/demo-zimbra/home/salles/lac-du-bourget?fmt=ics`);
    expect((await fetch(room.calendarUrl!)).status).toBe(401);
    const auth = { Authorization: basicHeader(DEMO_ZIMBRA_ACCOUNT.username, DEMO_ZIMBRA_ACCOUNT.password) };
    const res = await fetch(room.calendarUrl!, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const again = await fetch(room.calendarUrl!, { headers: { ...auth, 'If-None-Match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('gives the calendar worker meetings to import: a series with a moved occurrence, a cancelled and a private one', async () => {
    const summary = await pollCalendars({ client: server.client, log: memoryLogger(), config: { pollSeconds: 300, timeoutMs: 5000, daysAhead: 14, concurrency: 4, credentialsFile: join(server.dataDir, 'calendar-credentials.json') }, state: createCalendarState() });
    const demo = summary.filter((s) => s.roomId === 'room:curial:salle-lac-du-bourget' || s.roomId === 'room:hdv:salon-d-honneur');
    expect(demo.map((s) => s.status)).toEqual(['updated', 'updated']);
    const rows = await server.client.get<{ rows: { doc: MeetingDoc }[] }>(
      `/planning/_all_docs?include_docs=true&startkey=${encodeURIComponent('"meeting:hdv:ics:salon-d-honneur:"')}&endkey=${encodeURIComponent('"meeting:hdv:ics:salon-d-honneur:\ufff0"')}`
    );
    const meetings = rows.rows.map((r) => r.doc);
    expect(meetings.every((m) => m.source === 'zimbra')).toBe(true);
    expect(meetings.some((m) => m.title === 'Réunion privée' && m.organiser === '')).toBe(true);
    expect(meetings.some((m) => m.cancelled === true)).toBe(true);
    expect(meetings.some((m) => m.title.includes('(décalé)'))).toBe(true);
    const feed = await server.client.get<{ error?: string; meetings: number }>(docPath('planning', 'feed:room:hdv:salon-d-honneur'));
    expect(feed.error).toBeUndefined();
    expect(feed.meetings).toBe(meetings.length);
  });

  it('writes a calendar the parser reads without warnings, whatever the day', () => {
    for (const now of [new Date('2026-03-28T10:00:00Z'), new Date('2026-10-24T10:00:00Z'), new Date('2026-12-31T22:30:00Z')]) {
      const parsed = parseIcs(demoZimbraIcs('salon-d-honneur', now)!, { from: new Date(now.getTime() - 86_400_000), to: new Date(now.getTime() + 14 * 86_400_000) });
      expect(parsed.ok && parsed.warnings).toEqual([]);
      expect(parsed.ok && parsed.occurrences.length).toBeGreaterThan(8);
    }
    expect(demoZimbraIcs('nowhere', new Date())).toBeNull();
  });
});
