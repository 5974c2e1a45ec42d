// The calendar worker against a real embedded server and a local stand-in for Zimbra.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { icsMeetingId, icsMeetingPrefix, SERVER_ACTOR } from '../../../src/lib/domain/meeting-ids';
import type { FeedDoc, MeetingDoc, RoomDoc } from '../../../src/lib/domain/planning';
import type { CalendarConfig } from '../../../sync-server/src/config';
import { docPath } from '../../../sync-server/src/couch-client';
import { memoryLogger } from '../../../sync-server/src/log';
import { type CalendarContext, createCalendarState, pollCalendars, type RoomPollSummary } from '../../../sync-server/src/workers/calendars';
import { type FeedEvent, type FeedServer, startFeedServer, zimbraCalendar } from './calendars-feeds';
import { call, startTestServer, type TestServer } from './helpers';
import { sharedFixture } from '$lib/testing/shared-fixtures';

/** Tuesday 24 March 2026, 08:30 in Paris; clocks go forward on Sunday 29 March. */
const NOW = new Date('2026-03-24T07:30:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const FIXTURES = sharedFixture('ics');
/** Folded by the feed writer in the middle of the « é » of « réunion » (byte 75 of its line). */
const FOLDED_TITLE = 'Conseil de quartiers Bissy, Chantemerle, Biollay et Bellevue : réunion publique';

const URBANISME = { name: 'Direction générale', email: 'dg@mairie-chambery.fr' };
const BASE_EVENTS: FeedEvent[] = [
  // Weekly on Tuesdays 10:00–11:30 Paris; 7 April cancelled (EXDATE); 31 March moved to 1 April.
  {
    uid: 'codir-2026@zimbra.mairie-chambery.fr',
    summary: 'Comité de direction',
    start: '20260317T100000',
    end: '20260317T113000',
    rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU',
    exdates: ['20260407T100000'],
    organiser: URBANISME,
    attendees: 4
  },
  {
    uid: 'codir-2026@zimbra.mairie-chambery.fr',
    recurrenceId: '20260331T100000',
    summary: 'Comité de direction (déplacé)',
    start: '20260401T140000',
    end: '20260401T153000',
    organiser: URBANISME,
    attendees: 4
  },
  { uid: 'salon-assos@zimbra.mairie-chambery.fr', summary: 'Salon des associations', start: '20260325', end: '20260327' },
  { uid: 'annulee@zimbra.mairie-chambery.fr', summary: 'Point budget', start: '20260324T140000', end: '20260324T150000', status: 'CANCELLED' },
  {
    uid: 'quartiers@zimbra.mairie-chambery.fr',
    summary: FOLDED_TITLE,
    start: '20260325T090000',
    end: '20260325T103000',
    organiser: { name: 'Vie des quartiers', email: 'quartiers@mairie-chambery.fr' },
    attendees: 3
  },
  // Three Thursdays 18:00 Paris, on both sides of the DST change.
  { uid: 'permanence@zimbra.mairie-chambery.fr', summary: 'Permanence logement', start: '20260326T180000', end: '20260326T190000', rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=3' },
  // Yesterday: before the window, never imported.
  { uid: 'hier@zimbra.mairie-chambery.fr', summary: 'Réunion d’hier', start: '20260323T140000', end: '20260323T150000' }
];

type Stored<T> = T & { _rev: string };

describe('calendar worker: Zimbra feeds into planning', () => {
  let server: TestServer;
  let feeds: FeedServer;
  let credentialsFile: string;
  let rooms: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
    feeds = await startFeedServer();
    credentialsFile = join(server.dataDir, 'calendar-credentials.json');
  });
  afterAll(async () => {
    await feeds?.close();
    await server?.stop();
  });
  // Each test's rooms stop being polled afterwards, so the next test only sees its own.
  afterEach(async () => {
    for (const id of rooms) {
      const room = await server.client.get<Stored<RoomDoc>>(docPath('planning', id));
      delete room.calendarUrl;
      await server.client.put(docPath('planning', id), room);
    }
    rooms = [];
    feeds.routes.clear();
  });

  const context = (config: Partial<CalendarConfig> = {}): CalendarContext & { log: ReturnType<typeof memoryLogger> } => ({
    client: server.client,
    log: memoryLogger(),
    config: { pollSeconds: 300, timeoutMs: 2000, daysAhead: 21, concurrency: 4, credentialsFile, ...config },
    state: createCalendarState()
  });

  /** A Curial room whose calendar is served at /home/salles/<slug>. */
  async function addRoom(slug: string, calendarUrl = `${feeds.url}/home/salles/${slug}?fmt=ics`): Promise<string> {
    const room: RoomDoc = { _id: `room:curial:${slug}`, type: 'room', v: 1, site: 'curial', name: `Salle ${slug}`, floor: '1er étage', capacity: 12, equipment: [], directions: '', calendarUrl };
    await server.client.put(docPath('planning', room._id), room);
    rooms.push(room._id);
    return room._id;
  }
  const path = (roomId: string) => `/home/salles/${roomId.split(':')[2]}`;
  const requestsTo = (roomId: string) => feeds.requests.filter((r) => r.path === path(roomId));

  async function zimbraMeetings(roomId: string): Promise<Map<string, Stored<MeetingDoc>>> {
    const prefix = icsMeetingPrefix('curial', roomId);
    const q = `include_docs=true&startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`;
    const res = await server.client.get<{ rows: { id: string; doc: Stored<MeetingDoc> }[] }>(`/planning/_all_docs?${q}`);
    return new Map(res.rows.filter((r) => r.doc.source === 'zimbra').map((r) => [r.id, r.doc]));
  }
  const revs = (m: Map<string, Stored<MeetingDoc>>) => new Map([...m].map(([id, d]) => [id, d._rev]));
  const feedState = (roomId: string) => server.client.find<Stored<FeedDoc>>(docPath('planning', `feed:${roomId}`));
  const updateSeq = async () => (await server.client.get<{ update_seq: unknown }>('/planning')).update_seq;
  const summaryOf = (all: RoomPollSummary[], roomId: string) => all.find((s) => s.roomId === roomId);
  const idOf = (roomId: string, uid: string, recurrenceId?: string) => icsMeetingId('curial', roomId, 'zimbra', uid, recurrenceId);

  it('imports the coming days of a feed: recurrences with exceptions and overrides, all-day, cancelled, Paris times', async () => {
    const roomId = await addRoom('bauges');
    const body = zimbraCalendar('Salle des Bauges', BASE_EVENTS);
    // The feed really folds inside the « é »: 0xC3, CRLF, space, 0xA9.
    expect(body.includes(Buffer.from([0xc3, 0x0d, 0x0a, 0x20, 0xa9]))).toBe(true);
    feeds.routes.set(path(roomId), { body });

    // What the worker must never touch: a meeting typed at the desk, one imported from a file
    // at the desk (same UID as a Zimbra one), and a Zimbra meeting from before the window.
    const manual = { _id: 'meeting:curial:2026-03-24T11:00:00.000Z:dejeuner', type: 'meeting', v: 1, site: 'curial', roomId, title: 'Déjeuner de service', organiser: 'Accueil', start: '2026-03-24T11:00:00.000Z', end: '2026-03-24T12:00:00.000Z', source: 'manual' };
    const deskImport = { ...manual, _id: icsMeetingId('curial', roomId, 'ics', BASE_EVENTS[0]!.uid, '2026-03-24T09:00:00.000Z'), title: 'Comité (fichier)', source: 'ics', icsUid: BASE_EVENTS[0]!.uid };
    const before = { ...manual, _id: idOf(roomId, 'ancien@zimbra.mairie-chambery.fr'), title: 'Ancienne réunion', start: '2026-03-20T09:00:00.000Z', end: '2026-03-20T10:00:00.000Z', source: 'zimbra', icsUid: 'ancien@zimbra.mairie-chambery.fr' };
    await server.client.post('/planning/_bulk_docs', { docs: [manual, deskImport, before] });
    const untouched = await Promise.all([manual, deskImport, before].map((d) => server.client.get<Stored<MeetingDoc>>(docPath('planning', d._id))));

    const ctx = context();
    const summary = summaryOf(await pollCalendars(ctx, { now: NOW }), roomId);
    expect(summary).toEqual({ roomId, status: 'updated', created: 8, updated: 0, deleted: 0 });

    const meetings = await zimbraMeetings(roomId);
    const codir = BASE_EVENTS[0]!.uid;
    const expected: [string, Partial<MeetingDoc>][] = [
      [idOf(roomId, codir, '2026-03-24T09:00:00.000Z'), { title: 'Comité de direction', start: '2026-03-24T09:00:00.000Z', end: '2026-03-24T10:30:00.000Z', recurrenceId: '2026-03-24T09:00:00.000Z', expectedAttendees: 4 }],
      // The override keeps the id of the occurrence it replaces (31 March, 10:00 CEST).
      [idOf(roomId, codir, '2026-03-31T08:00:00.000Z'), { title: 'Comité de direction (déplacé)', start: '2026-04-01T12:00:00.000Z', end: '2026-04-01T13:30:00.000Z', recurrenceId: '2026-03-31T08:00:00.000Z' }],
      [idOf(roomId, 'salon-assos@zimbra.mairie-chambery.fr'), { title: 'Salon des associations', start: '2026-03-24T23:00:00.000Z', end: '2026-03-26T23:00:00.000Z', allDay: true }],
      [idOf(roomId, 'annulee@zimbra.mairie-chambery.fr'), { title: 'Point budget', start: '2026-03-24T13:00:00.000Z', end: '2026-03-24T14:00:00.000Z', cancelled: true }],
      [idOf(roomId, 'quartiers@zimbra.mairie-chambery.fr'), { title: FOLDED_TITLE, start: '2026-03-25T08:00:00.000Z', end: '2026-03-25T09:30:00.000Z', expectedAttendees: 3 }],
      [idOf(roomId, 'permanence@zimbra.mairie-chambery.fr', '2026-03-26T17:00:00.000Z'), { start: '2026-03-26T17:00:00.000Z', end: '2026-03-26T18:00:00.000Z' }],
      [idOf(roomId, 'permanence@zimbra.mairie-chambery.fr', '2026-04-02T16:00:00.000Z'), { start: '2026-04-02T16:00:00.000Z', end: '2026-04-02T17:00:00.000Z' }],
      [idOf(roomId, 'permanence@zimbra.mairie-chambery.fr', '2026-04-09T16:00:00.000Z'), { start: '2026-04-09T16:00:00.000Z', end: '2026-04-09T17:00:00.000Z' }]
    ];
    for (const [id, fields] of expected) {
      expect(meetings.get(id), id).toMatchObject({ type: 'meeting', site: 'curial', roomId, source: 'zimbra', updatedBy: SERVER_ACTOR, updatedAt: NOW.toISOString(), ...fields });
    }
    expect(meetings.get(expected[0]![0])!.organiser).toContain('Direction générale');
    // The EXDATE: no meeting on 7 April; the feed's meetings plus the older one, nothing else.
    expect(meetings.has(idOf(roomId, codir, '2026-04-07T08:00:00.000Z'))).toBe(false);
    expect([...meetings.keys()].sort()).toEqual([...expected.map(([id]) => id), before._id].sort());
    expect(meetings.get(expected[0]![0])!.allDay).toBeUndefined();
    expect(meetings.get(expected[0]![0])!.cancelled).toBeUndefined();

    for (const d of untouched) expect((await server.client.get<Stored<MeetingDoc>>(docPath('planning', d._id)))._rev).toBe(d._rev);

    const feed = await feedState(roomId);
    expect(feed).toMatchObject({ type: 'feed', site: 'curial', roomId, checkedAt: NOW.toISOString(), okAt: NOW.toISOString(), failures: 0, meetings: 8 });
    expect(feed!.error).toBeUndefined();
  });

  it('applies a changed feed exactly: one meeting moved, one removed, one added', async () => {
    const roomId = await addRoom('chartreuse');
    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle de Chartreuse', BASE_EVENTS) });
    const ctx = context();
    await pollCalendars(ctx, { now: NOW });
    const first = await zimbraMeetings(roomId);

    const moved = 'quartiers@zimbra.mairie-chambery.fr';
    const removed = 'annulee@zimbra.mairie-chambery.fr';
    const changed = BASE_EVENTS.filter((e) => e.uid !== removed).map((e) => (e.uid === moved ? { ...e, start: '20260325T110000', end: '20260325T120000' } : e));
    changed.push({ uid: 'incendie@zimbra.mairie-chambery.fr', summary: 'Formation sécurité incendie', start: '20260330T090000', end: '20260330T120000' });
    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle de Chartreuse', changed) });

    const summary = summaryOf(await pollCalendars(ctx, { now: at(5) }), roomId);
    expect(summary).toEqual({ roomId, status: 'updated', created: 1, updated: 1, deleted: 1 });

    const second = await zimbraMeetings(roomId);
    const movedId = idOf(roomId, moved);
    expect(second.get(movedId)).toMatchObject({ start: '2026-03-25T10:00:00.000Z', end: '2026-03-25T11:00:00.000Z', updatedAt: at(5).toISOString() });
    expect(second.has(idOf(roomId, removed))).toBe(false);
    // A tombstone, so the deletion replicates to the tablets.
    const tombstone = await server.client.post<{ rows: { value?: { deleted?: boolean } }[] }>('/planning/_all_docs', { keys: [idOf(roomId, removed)] });
    expect(tombstone.rows[0]!.value?.deleted).toBe(true);
    expect(second.get(idOf(roomId, 'incendie@zimbra.mairie-chambery.fr'))).toMatchObject({ title: 'Formation sécurité incendie', start: '2026-03-30T07:00:00.000Z' });
    // Every other meeting keeps its revision: nothing rewritten for nothing.
    for (const [id, rev] of revs(first)) if (id !== movedId && id !== idOf(roomId, removed)) expect(second.get(id)?._rev, id).toBe(rev);
    expect((await feedState(roomId))!.meetings).toBe(8);
  });

  it('writes nothing for an unchanged feed: a 304 with its ETag, or the same body without one', async () => {
    const withEtag = await addRoom('forum');
    const withoutEtag = await addRoom('lac');
    const body = zimbraCalendar('Salle du Forum', BASE_EVENTS);
    feeds.routes.set(path(withEtag), { body, etag: '"v1"', lastModified: 'Mon, 23 Mar 2026 16:00:00 GMT' });
    feeds.routes.set(path(withoutEtag), { body });
    const ctx = context();
    await pollCalendars(ctx, { now: NOW });
    const meetings = revs(await zimbraMeetings(withEtag));
    const feedRev = (await feedState(withEtag))!._rev;
    const seq = await updateSeq();

    const second = await pollCalendars(ctx, { now: at(5) });
    expect(summaryOf(second, withEtag)).toEqual({ roomId: withEtag, status: 'unchanged', created: 0, updated: 0, deleted: 0 });
    expect(summaryOf(second, withoutEtag)).toEqual({ roomId: withoutEtag, status: 'unchanged', created: 0, updated: 0, deleted: 0 });
    const conditional = requestsTo(withEtag).at(-1)!;
    expect(conditional.headers['if-none-match']).toBe('"v1"');
    expect(conditional.headers['if-modified-since']).toBe('Mon, 23 Mar 2026 16:00:00 GMT');
    expect(conditional.status).toBe(304);
    expect(requestsTo(withoutEtag).at(-1)!.status).toBe(200);
    expect(await updateSeq()).toEqual(seq);

    // After a restart the worker remembers nothing: both feeds are read and compared in full,
    // and still nothing is written.
    const restarted = await pollCalendars(context(), { now: at(6) });
    expect(requestsTo(withEtag).at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(restarted.filter((r) => rooms.includes(r.roomId)).map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(await updateSeq()).toEqual(seq);

    // A quarter of an hour later the feed states are refreshed (advisers see the feed is
    // alive), the meetings still are not.
    await pollCalendars(ctx, { now: at(20) });
    const feed = await feedState(withEtag);
    expect(feed!._rev).not.toBe(feedRev);
    expect(feed).toMatchObject({ checkedAt: at(20).toISOString(), okAt: at(20).toISOString(), failures: 0, meetings: 8 });
    expect(revs(await zimbraMeetings(withEtag))).toEqual(meetings);

    // The next day is a new window: the whole feed is asked again, and the new last day filled.
    const tomorrow = await pollCalendars(ctx, { now: at(24 * 60) });
    expect(requestsTo(withEtag).at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(summaryOf(tomorrow, withEtag)).toMatchObject({ status: 'updated', created: 1, updated: 0, deleted: 0 });
    expect((await zimbraMeetings(withEtag)).has(idOf(withEtag, BASE_EVENTS[0]!.uid, '2026-04-14T08:00:00.000Z'))).toBe(true);
  });

  it('keeps the last good meetings of a failing feed and tells why, in French (HTTP 500, then a timeout)', async () => {
    const roomId = await addRoom('bourget');
    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle Lac du Bourget', BASE_EVENTS) });
    const ctx = context({ timeoutMs: 300 });
    await pollCalendars(ctx, { now: NOW });
    const meetings = revs(await zimbraMeetings(roomId));

    feeds.routes.set(path(roomId), { status: 500, body: 'Internal error' });
    const failed = summaryOf(await pollCalendars(ctx, { now: at(5) }), roomId);
    expect(failed).toMatchObject({ status: 'failed', error: "Le serveur d'agenda a répondu 500" });
    expect(await feedState(roomId)).toMatchObject({ error: "Le serveur d'agenda a répondu 500", failures: 1, okAt: NOW.toISOString(), checkedAt: at(5).toISOString(), meetings: 8 });

    // A Zimbra that would answer in ten minutes: the poll coming back at all, with that request
    // still unanswered, is the time-out at work (no stopwatch, so a loaded machine cannot fail it).
    feeds.routes.set(path(roomId), { delayMs: 600_000, body: zimbraCalendar('Salle Lac du Bourget', []) });
    const answeredBefore = feeds.requests.length;
    const timedOut = summaryOf(await pollCalendars(ctx, { now: at(15) }), roomId);
    expect(feeds.requests.slice(answeredBefore).filter((r) => r.path === path(roomId))).toEqual([]);
    expect(timedOut).toMatchObject({ status: 'failed', error: "Pas de réponse du serveur d'agenda en 0,3 s" });
    expect(await feedState(roomId)).toMatchObject({ error: "Pas de réponse du serveur d'agenda en 0,3 s", failures: 2, okAt: NOW.toISOString(), checkedAt: at(15).toISOString() });
    expect(revs(await zimbraMeetings(roomId))).toEqual(meetings);
    expect(ctx.log.lines.some((l) => l.startsWith('WARN calendars: room:curial:bourget:') && l.includes('no complete answer within 300 ms'))).toBe(true);
  });

  it('changes nothing for a malformed feed or an HTML page, and says the feed is unreadable', async () => {
    const roomId = await addRoom('bauges-2');
    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle des Bauges 2', BASE_EVENTS) });
    const ctx = context();
    await pollCalendars(ctx, { now: NOW });
    const meetings = revs(await zimbraMeetings(roomId));

    feeds.routes.set(path(roomId), { body: "Bonjour, ceci n'est pas un agenda.\r\n", contentType: 'text/plain' });
    const garbage = summaryOf(await pollCalendars(ctx, { now: at(5) }), roomId);
    expect(garbage).toMatchObject({ status: 'malformed', created: 0, updated: 0, deleted: 0 });
    expect(garbage!.error).toBe("Flux d'agenda illisible : la réponse n'est pas un agenda iCalendar");
    expect(await feedState(roomId)).toMatchObject({ error: garbage!.error, failures: 1, okAt: NOW.toISOString(), meetings: 8 });

    feeds.routes.set(path(roomId), { body: '<!DOCTYPE html><html><body>Zimbra : connexion</body></html>', contentType: 'text/html;charset=utf-8' });
    const html = summaryOf(await pollCalendars(ctx, { now: at(15) }), roomId);
    expect(html).toMatchObject({ status: 'malformed', error: expect.stringContaining("Flux d'agenda illisible : le serveur a renvoyé une page web") });
    expect(await feedState(roomId)).toMatchObject({ failures: 2, okAt: NOW.toISOString() });
    expect(revs(await zimbraMeetings(roomId))).toEqual(meetings);

    // Fixed: back to normal, the error is gone.
    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle des Bauges 2', BASE_EVENTS) });
    expect(summaryOf(await pollCalendars(ctx, { now: at(40) }), roomId)).toMatchObject({ status: 'unchanged' });
    const feed = await feedState(roomId);
    expect(feed).toMatchObject({ failures: 0, okAt: at(40).toISOString(), meetings: 8 });
    expect(feed!.error).toBeUndefined();
  });

  it('sends basic auth from the credentials file, by origin, and says so when it is refused', async () => {
    const roomId = await addRoom('conseil');
    const account = { username: 'salles-curial', password: 's3cret-Zimbra!' };
    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle du conseil', BASE_EVENTS), auth: account });
    writeFileSync(credentialsFile, JSON.stringify({ [`${feeds.url}/`]: account }));
    const ctx = context();
    expect(summaryOf(await pollCalendars(ctx, { now: NOW }), roomId)).toMatchObject({ status: 'updated', created: 8 });
    expect(requestsTo(roomId).at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`);

    writeFileSync(credentialsFile, JSON.stringify({ [feeds.url]: { ...account, password: 'ancien' } }));
    const refused = summaryOf(await pollCalendars(ctx, { now: at(5) }), roomId);
    expect(refused).toMatchObject({ status: 'failed', error: "Accès refusé par le serveur d'agenda (401) : vérifiez l'identifiant" });
    expect((await zimbraMeetings(roomId)).size).toBe(8);

    // Credentials for another origin only: none are sent, and the message says so.
    writeFileSync(credentialsFile, JSON.stringify({ 'http://127.0.0.1:1': account }));
    const none = summaryOf(await pollCalendars(ctx, { now: at(15) }), roomId);
    expect(none!.error).toBe(`Accès refusé par le serveur d'agenda (401) : aucun identifiant n'est enregistré pour ${feeds.url}`);
    expect(requestsTo(roomId).at(-1)!.headers.authorization).toBeUndefined();

    writeFileSync(credentialsFile, '{ "pas du json');
    await pollCalendars(ctx, { now: at(40) });
    expect(ctx.log.lines).toContain(`ERROR calendars: ${credentialsFile} ignored: not valid JSON`);
    expect(ctx.log.lines.join('\n')).not.toContain(account.password);
    writeFileSync(credentialsFile, '{}');
  });

  it('backs off a failing feed: 1, 2, 4 poll intervals before the next try', async () => {
    const roomId = await addRoom('commissions');
    feeds.routes.set(path(roomId), { status: 503 });
    const ctx = context();
    const tries = () => requestsTo(roomId).length;

    await pollCalendars(ctx, { now: NOW });
    expect(tries()).toBe(1);
    expect(summaryOf(await pollCalendars(ctx, { now: at(1) }), roomId)!.status).toBe('skipped');
    expect(tries()).toBe(1);
    await pollCalendars(ctx, { now: at(5) });
    expect(tries()).toBe(2);
    await pollCalendars(ctx, { now: at(14) });
    expect(tries()).toBe(2);
    await pollCalendars(ctx, { now: at(15) });
    expect(tries()).toBe(3);
    await pollCalendars(ctx, { now: at(34) });
    expect(tries()).toBe(3);
    expect(await feedState(roomId)).toMatchObject({ failures: 3, error: "Le serveur d'agenda a répondu 503" });

    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle des commissions', BASE_EVENTS) });
    expect(summaryOf(await pollCalendars(ctx, { now: at(35) }), roomId)).toMatchObject({ status: 'updated', created: 8 });
    expect(tries()).toBe(4);
    expect(await feedState(roomId)).toMatchObject({ failures: 0, meetings: 8 });
    expect(ctx.log.lines).toContain(`INFO calendars: ${roomId}: feed works again after 3 failure(s)`);
  });

  it('removes the feed state of a room whose calendar address was removed, and keeps its meetings', async () => {
    const roomId = await addRoom('mariages');
    feeds.routes.set(path(roomId), { body: zimbraCalendar('Salle des mariages', BASE_EVENTS) });
    const ctx = context();
    await pollCalendars(ctx, { now: NOW });
    expect(await feedState(roomId)).not.toBeNull();
    const meetings = revs(await zimbraMeetings(roomId));

    const room = await server.client.get<Stored<RoomDoc>>(docPath('planning', roomId));
    delete room.calendarUrl;
    await server.client.put(docPath('planning', roomId), room);
    const summaries = await pollCalendars(ctx, { now: at(5) });
    expect(summaryOf(summaries, roomId)).toBeUndefined();
    expect(await feedState(roomId)).toBeNull();
    expect(revs(await zimbraMeetings(roomId))).toEqual(meetings);
  });

  it('lets only the server write Zimbra meetings and feed states', async () => {
    const roomId = await addRoom('honneur');
    feeds.routes.set(path(roomId), { body: zimbraCalendar("Salon d'honneur", BASE_EVENTS) });
    await pollCalendars(context(), { now: NOW });
    const [id, existing] = [...(await zimbraMeetings(roomId))][0]!;

    const fresh = { ...existing, _id: idOf(roomId, 'pirate@desk'), icsUid: 'pirate@desk' } as Record<string, unknown>;
    delete fresh._rev;
    expect((await call(server.url, 'PUT', docPath('planning', fresh._id as string), { as: 'desk-curial', body: fresh })).status).toBe(403);
    // Nor may a desk edit one, turn it into its own, or delete it.
    expect((await call(server.url, 'PUT', docPath('planning', id), { as: 'desk-curial', body: { ...existing, title: 'Modifié' } })).status).toBe(403);
    expect((await call(server.url, 'PUT', docPath('planning', id), { as: 'desk-curial', body: { ...existing, source: 'manual' } })).status).toBe(403);
    expect((await call(server.url, 'DELETE', `${docPath('planning', id)}?rev=${existing._rev}`, { as: 'desk-curial' })).status).toBe(403);
    const feed = (await feedState(roomId))!;
    expect((await call(server.url, 'PUT', docPath('planning', feed._id), { as: 'desk-curial', body: { ...feed, error: 'x' } })).status).toBe(403);

    // The worker's identity, the server admin, may.
    expect((await server.client.request('PUT', docPath('planning', fresh._id as string), fresh)).status).toBe(201);
  });

  // Real feeds from other writers (Google, Exchange, SabreDAV), served as they are.
  it.each<{ file: string; now: string; days: number; meetings: ({ uid: string; recurrenceId?: string } & Partial<MeetingDoc>)[] }>([
    {
      file: 'dst_exdate_event.ics',
      now: '2019-12-16T08:00:00.000Z',
      days: 28,
      // Weekly on Wednesdays 10:00 Berlin time; 25 December and 1 January are EXDATEs.
      meetings: [
        { uid: '01234567890123456789@google.com', recurrenceId: '2019-12-18T09:00:00.000Z', start: '2019-12-18T09:00:00.000Z', end: '2019-12-18T11:00:00.000Z' },
        { uid: '01234567890123456789@google.com', recurrenceId: '2020-01-08T09:00:00.000Z', start: '2020-01-08T09:00:00.000Z', end: '2020-01-08T11:00:00.000Z' }
      ]
    },
    {
      file: 'whole_day_moved_over_dst_change_berlin.ics',
      now: '2024-10-25T08:00:00.000Z',
      days: 14,
      // Three all-day occurrences around the October DST change, the second moved two days on.
      meetings: [
        { uid: '14nv8jl8d6dvdbl477lod4fftf@google.com', recurrenceId: '2024-10-26T22:00:00.000Z', start: '2024-10-26T22:00:00.000Z', end: '2024-10-27T23:00:00.000Z', allDay: true },
        { uid: '14nv8jl8d6dvdbl477lod4fftf@google.com', recurrenceId: '2024-10-27T23:00:00.000Z', start: '2024-10-29T23:00:00.000Z', end: '2024-10-30T23:00:00.000Z', allDay: true },
        { uid: '14nv8jl8d6dvdbl477lod4fftf@google.com', recurrenceId: '2024-10-28T23:00:00.000Z', start: '2024-10-28T23:00:00.000Z', end: '2024-10-29T23:00:00.000Z', allDay: true }
      ]
    },
    {
      file: 'espanol.ics',
      now: '2009-06-25T08:00:00.000Z',
      days: 14,
      meetings: [{ uid: 'c0184abe-5541-4e2e-97fb-853daa44289e', title: 'Cáléñdar Subject', organiser: 'Cáléñdar User', start: '2009-06-26T19:00:00.000Z', end: '2009-06-26T20:00:00.000Z' }]
    },
    {
      file: 'issue_62_moved_event.ics',
      now: '2021-12-01T08:00:00.000Z',
      days: 40,
      // The last Friday of December, moved two weeks earlier.
      meetings: [{ uid: '38m812jicsrer5gorh3mlp7qhc@google.com', recurrenceId: '2021-12-31T20:30:00.000Z', title: 'Karaoke', start: '2021-12-17T20:30:00.000Z' }]
    },
    {
      file: 'sabredav-school-holidays.ics',
      now: '2018-07-01T08:00:00.000Z',
      days: 60,
      // Six weeks of school holidays: a multi-day all-day event.
      meetings: [{ uid: '56df0d2b37ded@67.calovo', title: 'Sommerferien Sachsen', start: '2018-07-01T22:00:00.000Z', end: '2018-08-10T22:00:00.000Z', allDay: true }]
    }
  ])('reads a real-world feed: $file', async ({ file, now, days, meetings }) => {
    const roomId = await addRoom(`fixture-${file.replace(/\W+/g, '-')}`);
    feeds.routes.set(path(roomId), { body: readFileSync(join(FIXTURES, file)) });
    const ctx = context({ daysAhead: days });
    const summary = summaryOf(await pollCalendars(ctx, { now: new Date(now) }), roomId);
    expect(summary, ctx.log.lines.join('\n')).toMatchObject({ status: 'updated', created: meetings.length });
    const stored = await zimbraMeetings(roomId);
    expect(stored.size).toBe(meetings.length);
    for (const { uid, ...fields } of meetings) {
      const id = idOf(roomId, uid, fields.recurrenceId);
      expect(stored.get(id), `${file}: ${id}`).toMatchObject({ icsUid: uid, ...fields });
    }
  });
});
