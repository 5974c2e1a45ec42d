// (e) Import time of a year of Zimbra meetings for 40 rooms, against a baseline measured in the
// same run: the same meeting documents written with raw _bulk_docs into a fresh server, and
// the parsing alone. `node --import tsx bench/calendar-import.ts` runs it on its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { occurrenceToMeeting } from '../src/lib/domain/meeting-ids';
import type { MeetingDoc, RoomDoc } from '../src/lib/domain/planning';
import { decodeIcs } from '../src/lib/ics/decode';
import { parseIcs } from '../src/lib/ics/parse';
import { startSyncServer, type SyncServer } from '../sync-server/src/server';
import { calendarWindow } from '../sync-server/src/workers/calendars-feed';
import { createCalendarState, pollCalendars } from '../sync-server/src/workers/calendars';
import { type FeedEvent, startFeedServer, zimbraCalendar } from '../tests/integration/server/calendars-feeds';

const ROOMS = 40;
/** Monday 5 January 2026, 07:00 in Paris: the year runs to 4 January 2027. */
const NOW = new Date('2026-01-05T06:00:00.000Z');
const DAYS = 365;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];
/** Three weekly slots a weekday, two single meetings a working day: ≈ 5 meetings a working day. */
const SLOTS = [
  ['090000', '100000'],
  ['110000', '120000'],
  ['140000', '153000']
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
const perSecond = (n: number, x: number) => `${Math.round((n / x) * 1000).toLocaleString('en')} meetings/s`;

function prng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
const dayAt = (n: number) => new Date(Date.UTC(2026, 0, 5 + n));

/** One room's year, as Zimbra would serve it. */
function roomYear(room: number): FeedEvent[] {
  const rand = prng(1000 + room);
  const events: FeedEvent[] = [];
  WEEKDAYS.forEach((byday, weekday) => {
    SLOTS.forEach(([from, to], slot) => {
      const uid = `salle-${room}-${byday}-${slot}@bench.zimbra`;
      const first = ymd(dayAt(weekday));
      // Three different weeks: two cancelled occurrences (EXDATE) and one moved.
      const weeks = new Set<number>();
      while (weeks.size < 3) weeks.add(1 + Math.floor(rand() * 50));
      const [moved, ...cancelled] = [...weeks].map((w) => ymd(dayAt(weekday + 7 * w)));
      events.push({
        uid,
        summary: `Réunion hebdomadaire ${byday} ${slot + 1}, salle ${room}`,
        start: `${first}T${from}`,
        end: `${first}T${to}`,
        rrule: `FREQ=WEEKLY;INTERVAL=1;BYDAY=${byday};COUNT=52`,
        exdates: cancelled.map((d) => `${d}T${from}`),
        organiser: { name: 'Service réunions', email: 'reunions@mairie-chambery.fr' },
        attendees: 1 + Math.floor(rand() * 8)
      });
      // One occurrence a year moved by an hour (an override with its RECURRENCE-ID).
      const later = (t: string) => `${String(Number(t.slice(0, 2)) + 1).padStart(2, '0')}${t.slice(2)}`;
      events.push({ uid, recurrenceId: `${moved}T${from}`, summary: `Réunion hebdomadaire ${byday} ${slot + 1} (déplacée)`, start: `${moved}T${later(from!)}`, end: `${moved}T${later(to!)}` });
    });
  });
  for (let n = 0; n < DAYS; n++) {
    const d = dayAt(n);
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    events.push({ uid: `salle-${room}-${n}-a@bench.zimbra`, summary: `Entretien ${n}`, start: `${ymd(d)}T160000`, end: `${ymd(d)}T170000`, organiser: { name: 'Ressources humaines', email: 'rh@mairie-chambery.fr' } });
    events.push({ uid: `salle-${room}-${n}-b@bench.zimbra`, summary: `Commission ${n}`, start: `${ymd(d)}T173000`, end: `${ymd(d)}T183000`, status: rand() < 0.05 ? 'CANCELLED' : 'CONFIRMED' });
    if (d.getUTCDate() === 15) events.push({ uid: `salle-${room}-${n}-j@bench.zimbra`, summary: 'Salle réservée (journée)', start: ymd(d), end: ymd(dayAt(n + 1)) });
  }
  return events;
}

const roomDocOf = (i: number, url: string): RoomDoc => ({
  _id: `room:${i % 2 ? 'hdv' : 'curial'}:bench-${String(i).padStart(2, '0')}`,
  type: 'room',
  v: 1,
  site: i % 2 ? 'hdv' : 'curial',
  name: `Salle ${i}`,
  floor: '',
  capacity: 20,
  equipment: [],
  directions: '',
  calendarUrl: `${url}/home/salles/bench-${String(i).padStart(2, '0')}?fmt=ics`
});

async function freshServer(): Promise<{ server: SyncServer; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'accueil-bench-calendars-'));
  const server = await startSyncServer({ port: 0, dataDir: dir, log: false });
  return {
    server,
    async dispose() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  };
}

/** Runs the benchmark and prints its figures; `rounds` fresh servers for each side. */
export async function benchCalendarImport(rounds: number): Promise<void> {
  const feeds = await startFeedServer();
  try {
    const rooms = Array.from({ length: ROOMS }, (_, i) => roomDocOf(i, feeds.url));
    const bodies = rooms.map((_, i) => zimbraCalendar(`Salle ${i}`, roomYear(i)));
    rooms.forEach((r, i) => feeds.routes.set(new URL(r.calendarUrl!).pathname, { body: bodies[i] }));
    const window = calendarWindow(NOW, DAYS);
    const bytes = bodies.reduce((n, b) => n + b.length, 0);

    const parse: number[] = [];
    const app: number[] = [];
    const again: number[] = [];
    const compare: number[] = [];
    const raw: number[] = [];
    let docs: MeetingDoc[] = [];
    for (let round = 0; round < rounds; round++) {
      // Parsing alone: what the worker does to the bodies before any database work.
      const t0 = performance.now();
      docs = rooms.flatMap((room, i) => {
        const parsed = parseIcs(decodeIcs(bodies[i]!), window, { maxOccurrences: 20_000 });
        if (!parsed.ok) throw new Error(`bench feed ${i} does not parse: ${parsed.error}`);
        return parsed.occurrences.map((o) => occurrenceToMeeting(o, room, 'zimbra', NOW));
      });
      parse.push(performance.now() - t0);

      const a = await freshServer();
      try {
        await a.server.client.post('/planning/_bulk_docs', { docs: rooms });
        const ctx = {
          client: a.server.client,
          log: { info: () => {}, warn: () => {}, error: (m: string) => console.error(m) },
          config: { pollSeconds: 300, timeoutMs: 60_000, daysAhead: DAYS, concurrency: 4, credentialsFile: join(tmpdir(), 'none.json') },
          state: createCalendarState()
        };
        const t1 = performance.now();
        const first = await pollCalendars(ctx, { now: NOW });
        app.push(performance.now() - t1);
        const created = first.reduce((n, s) => n + s.created, 0);
        if (created !== docs.length || first.some((s) => s.status !== 'updated')) {
          throw new Error(`import incomplete: ${created} of ${docs.length} meetings, ${JSON.stringify(first.filter((s) => s.status !== 'updated'))}`);
        }
        const t2 = performance.now();
        const second = await pollCalendars(ctx, { now: new Date(NOW.getTime() + 5 * 60_000) });
        again.push(performance.now() - t2);
        if (second.some((s) => s.status !== 'unchanged')) throw new Error('a poll of unchanged feeds wrote something');
        // A restarted worker knows no body yet: every feed is parsed and compared with planning.
        // Measured in the first round only, to keep the benchmark near two minutes.
        if (round === 0) {
          const t4 = performance.now();
          const third = await pollCalendars({ ...ctx, state: createCalendarState() }, { now: new Date(NOW.getTime() + 6 * 60_000) });
          compare.push(performance.now() - t4);
          if (third.some((s) => s.status !== 'unchanged')) throw new Error('a restarted worker wrote unchanged feeds');
        }
      } finally {
        await a.dispose();
      }

      const b = await freshServer();
      try {
        await b.server.client.post('/planning/_bulk_docs', { docs: rooms });
        const t3 = performance.now();
        for (let i = 0; i < docs.length; i += 1000) await b.server.client.post('/planning/_bulk_docs', { docs: docs.slice(i, i + 1000) });
        raw.push(performance.now() - t3);
      } finally {
        await b.dispose();
      }
    }

    const n = docs.length;
    console.log(`(e) Import of a year of Zimbra meetings, ${ROOMS} rooms (${n.toLocaleString('en')} meetings, ${(bytes / 1024 / 1024).toFixed(1)} MB of iCalendar)`);
    console.log(`    app, pollCalendars into a fresh server (fetch, parse, write):   median ${ms(median(app))}, ${perSecond(n, median(app))} (${rounds} rounds)`);
    console.log(`    baseline, the same documents with raw _bulk_docs (1,000 a request): median ${ms(median(raw))}, ${perSecond(n, median(raw))}`);
    console.log(`    ratio app / baseline (medians): ${(median(app) / median(raw)).toFixed(2)}`);
    console.log(`    of which parsing alone (decode, parseIcs, mapping to documents): median ${ms(median(parse))}`);
    console.log(`    next poll, same bodies (fetch, hash; no parse, no write):         median ${ms(median(again))}`);
    console.log(`    same, by a restarted worker (fetch, parse, compare; no write):    ${ms(median(compare))} (1 round)\n`);
  } finally {
    await feeds.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchCalendarImport(Math.max(1, Math.min(Number(process.env.BENCH_ROUNDS ?? 3), 3))).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    }
  );
}
