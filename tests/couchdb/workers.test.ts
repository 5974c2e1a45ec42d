import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icsMeetingId, icsMeetingPrefix } from '$lib/domain/meeting-ids';
import type { FeedDoc, MeetingDoc, RoomDoc } from '$lib/domain/planning';
import type { TicketDoc } from '$lib/domain/ticket';
import type { VisitDoc } from '$lib/domain/visit';
import { docPath } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { createCalendarState, pollCalendars } from '../../sync-server/src/workers/calendars';
import { runIntake, UNORIENTED_SERVICE } from '../../sync-server/src/workers/intake';
import { type FeedServer, startFeedServer, zimbraCalendar } from '../integration/server/calendars-feeds';
import { tempDir } from '../integration/server/helpers';
import { type Door } from '../integration/security/doors';
import { call } from './helpers';
import { startCouchDbDoor } from './door';

/**
 * The workers in CouchDB mode, on what the devices pushed through the door: the kiosk intake
 * (check-ins into visits and tickets) and the calendar feeds (a stand-in Zimbra served by the
 * test, as tests/integration/server/calendars*.ts do). Retention is tested with compaction elsewhere.
 */
describe('workers on Apache CouchDB', () => {
  let door: Door;
  let feeds: FeedServer;
  beforeAll(async () => {
    door = await startCouchDbDoor();
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds?.close();
    await door?.stop();
  });
  const client = () => door.engine;
  const allDocs = async <T,>(db: string, prefix: string) =>
    (await client().get<{ rows: { doc: T }[] }>(`/${db}/_all_docs?include_docs=true&startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`)).rows.map((r) => r.doc);

  describe('kiosk intake', () => {
    const NOW = new Date('2026-03-10T09:00:00.000Z');
    let n = 0;
    const checkin = (overrides: Record<string, unknown> = {}) => {
      const createdAt = new Date(NOW.getTime() - 60_000 + ++n * 1000).toISOString();
      return { _id: `checkin:curial:${createdAt}:k${n}`, type: 'checkin', v: 1, site: 'curial', visitorName: 'Lucie Martin', reason: 'Passeport', createdAt, kiosk: 'kiosk-curial', ...overrides };
    };

    it('moves check-ins pushed by the kiosk through the door into waiting visits and K tickets, and empties the inbox; a second run adds nothing', async () => {
      const signed = checkin({ serviceId: 'service:etat-civil', _attachments: { 'signature.png': { content_type: 'image/png', data: 'iVBORw0KGgo=' } } });
      const other = checkin({ reason: 'Renseignement' });
      for (const d of [signed, other]) expect((await call(door.url, 'PUT', `/borne/${encodeURIComponent(d._id)}`, { as: 'kiosk-curial', body: d })).status).toBe(201);

      expect((await runIntake(client(), NOW)).moved).toBe(2);
      const visitId = `visit:${signed._id.slice('checkin:'.length)}`;
      const visit = await client().get<VisitDoc & { _attachments: Record<string, unknown> }>(docPath('accueil', visitId));
      expect(visit).toMatchObject({ source: 'kiosk', visitorName: 'Lucie Martin', serviceId: 'service:etat-civil', arrivedAt: signed.createdAt });
      expect(Object.keys(visit._attachments)).toEqual(['signature.png']);
      const otherVisit = await client().get<VisitDoc>(docPath('accueil', `visit:${other._id.slice('checkin:'.length)}`));
      expect(otherVisit.serviceId).toBe(UNORIENTED_SERVICE);
      const tickets = await allDocs<TicketDoc>('accueil', 'ticket:curial:2026-03-10:');
      expect(tickets.map((t) => [t.number, t.visitId, t.status, t.source]).sort()).toEqual([['K1', visitId, 'waiting', 'kiosk'], ['K2', otherVisit._id, 'waiting', 'kiosk']].sort());
      const inbox = (await client().get<{ rows: { id: string }[] }>('/borne/_all_docs')).rows.filter((r) => !r.id.startsWith('_design/'));
      expect(inbox).toEqual([]);

      expect((await runIntake(client(), NOW)).moved).toBe(0);
      expect(await allDocs<TicketDoc>('accueil', 'ticket:curial:2026-03-10:')).toHaveLength(2);
      // The desk of the building reads them through the door.
      expect((await call(door.url, 'GET', `/accueil/${encodeURIComponent(visitId)}`, { as: 'desk-curial' })).json.visitorName).toBe('Lucie Martin');
    });
  });

  describe('calendar feeds', () => {
    /** Tuesday 24 March 2026, 08:30 in Paris. */
    const NOW = new Date('2026-03-24T07:30:00.000Z');
    const slug = 'bauges';
    const roomId = `room:curial:${slug}`;
    const path = `/home/salles/${slug}`;
    const events = [
      { uid: 'codir-2026@zimbra.mairie-chambery.fr', summary: 'Comité de direction', start: '20260317T100000', end: '20260317T113000', rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU', exdates: ['20260407T100000'], attendees: 4 },
      { uid: 'salon-assos@zimbra.mairie-chambery.fr', summary: 'Salon des associations', start: '20260325', end: '20260327' }
    ];
    const context = () => ({
      client: client(),
      log: memoryLogger(),
      config: { pollSeconds: 300, timeoutMs: 5000, daysAhead: 21, concurrency: 4, credentialsFile: `${tempDir('accueil-cal-')}/calendar-credentials.json` },
      state: createCalendarState()
    });
    const zimbraMeetings = async () => (await allDocs<MeetingDoc & { _rev: string }>('planning', icsMeetingPrefix('curial', roomId))).filter((m) => m.source === 'zimbra');

    it('imports a room’s feed into planning as the server, keeps it on an unchanged poll, and the desks may not edit it', async () => {
      const room: RoomDoc = { _id: roomId, type: 'room', v: 1, site: 'curial', name: 'Salle des Bauges', floor: '1er étage', capacity: 12, equipment: [], directions: '', calendarUrl: `${feeds.url}${path}?fmt=ics` };
      await client().put(docPath('planning', room._id), room);
      feeds.routes.set(path, { body: zimbraCalendar('Salle des Bauges', events), etag: '"v1"' });

      const ctx = context();
      const summary = (await pollCalendars(ctx, { now: NOW })).find((s) => s.roomId === roomId);
      expect(summary).toMatchObject({ roomId, status: 'updated', deleted: 0 });
      const meetings = await zimbraMeetings();
      // Tuesdays 24 and 31 March (7 April excluded, 14 April past the 21 days), and the all-day salon.
      expect(meetings.map((m) => m.title).sort()).toEqual(['Comité de direction', 'Comité de direction', 'Salon des associations']);
      const codir = icsMeetingId('curial', roomId, 'zimbra', events[0]!.uid, '2026-03-24T09:00:00.000Z');
      expect(meetings.find((m) => m._id === codir)).toMatchObject({ start: '2026-03-24T09:00:00.000Z', end: '2026-03-24T10:30:00.000Z', expectedAttendees: 4 });
      const feed = await client().get<FeedDoc>(docPath('planning', `feed:${roomId}`));
      expect(feed).toMatchObject({ roomId, failures: 0 });

      // The same feed again (ETag, 304): nothing rewritten.
      const revs = new Map(meetings.map((m) => [m._id, m._rev]));
      const later = (await pollCalendars(ctx, { now: new Date(NOW.getTime() + 600_000) })).find((s) => s.roomId === roomId);
      expect(later?.status).not.toBe('failed');
      expect(new Map((await zimbraMeetings()).map((m) => [m._id, m._rev]))).toEqual(revs);

      // QuickJS's authority ddoc: a desk may not change what the worker imported, nor the feed state.
      const mine = meetings.find((m) => m._id === codir)!;
      const edit = await call(door.url, 'PUT', `/planning/${encodeURIComponent(codir)}`, { as: 'desk-curial', body: { ...mine, title: 'Détourné' } });
      expect(edit.status).toBe(403);
      expect(edit.json.reason).toContain('Only the server');
      // Displays read the imported meetings through the door.
      const seen = await call(door.url, 'GET', `/planning/${encodeURIComponent(codir)}`, { as: 'display-hdv' });
      expect(seen.json.title).toBe('Comité de direction');
    });

    it('a feed that fails is recorded in its state, and the meetings already imported stay', async () => {
      const before = (await zimbraMeetings()).length;
      feeds.routes.set(path, { status: 503, body: 'maintenance' });
      const summary = (await pollCalendars(context(), { now: new Date(NOW.getTime() + 3600_000) })).find((s) => s.roomId === roomId);
      expect(summary?.status).toBe('failed');
      const feed = await client().get<FeedDoc>(docPath('planning', `feed:${roomId}`));
      expect(feed.failures).toBeGreaterThanOrEqual(1);
      expect(feed.error).toContain('503');
      expect(await zimbraMeetings()).toHaveLength(before);
    });
  });
});
