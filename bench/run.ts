// `npm run bench`: measured figures for the sync path, each against a baseline measured in the
// same run on the same machine. Prints medians (and p95 where useful) and ratios.
//
// (a) cross-site propagation: repository write on tablet A → row in tablet B's Dexie read
//     model, against raw PouchDB → server → PouchDB (B's changes feed).
// (b) first sync of a fresh tablet (bench/first-sync.ts), one year of generated data and what a
//     desk holds under the retention rules, each on its own server, against raw PouchDB
//     replication of the same documents with PouchDB's defaults: in Node, and in Chromium with
//     the built app; and the tablet's storage afterwards.
// (c) registering a visitor at the desk with that year of data present: tap → row shown.
// (d) hallway display update latency: meeting saved at a desk → shown on the display (Chromium).
// (e) importing a year of Zimbra meetings for 40 rooms (bench/calendar-import.ts), against the
//     same documents written with raw _bulk_docs.
// (f) the door's cost (bench/door.ts): replication through it against the engine alone, and a
//     tablet's requests while another account is brute-forced.
//
// Tablets run the app's real Runtime on PouchDB's memory adapter and Dexie on fake-indexeddb
// (Node has no IndexedDB), so the read-model side is slower here than in a browser.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { startSyncServer } from '../tests/support/server';
import { DEVICES as DEMO_DEVICES } from '../tests/support/devices';
import { registerVisit } from '../src/lib/visitors/repo';
import { startDevice, waitFor } from '../tests/support/clients';
import { existsSync } from 'node:fs';
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';
import { benchFirstSync } from './first-sync';
import { benchCalendarImport } from './calendar-import';
import { benchDoor } from './door';
import { displayLatency } from './display-latency';
import { generateRetained, generateYear } from './generate';
import { figure, reason, step, StepError } from './steps';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

PouchDB.plugin(memoryAdapter);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const YEAR_SCALE = Number(process.env.BENCH_YEAR_SCALE ?? 1);
/** `BENCH_ONLY=b` (or `bc`, …) runs only those figures, for quick iterations; the default runs all. */
/** Chromium rounds of (b), app then raw each time: the machine's load moves single runs. */
const FIRST_SYNC_ROUNDS = Number(process.env.BENCH_FIRST_SYNC_ROUNDS ?? 1);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'abcdef').toLowerCase().split(''));
const only = (letter: string, run: () => Promise<void>) => (ONLY.has(letter) ? run : async () => {});

/** Minutes, for the steps' timeouts. */
const MIN = 60_000;

async function main() {
  // The browser steps drive the built app: a fresh clone has no build/ yet (as `npm start`, build it).
  let buildFailure: string | undefined;
  try {
    buildIfNeeded();
  } catch (err) {
    buildFailure = reason(err);
  }
  const browserReady = () => {
    if (buildFailure) throw new StepError(`build: ${buildFailure}`);
    if (!existsSync(CHROMIUM)) throw new StepError(`start Chromium: no browser at ${CHROMIUM} (set CHROMIUM_PATH)`);
  };

  const dir = await mkdtemp(join(tmpdir(), 'accueil-bench-'));
  const server = await startSyncServer({ port: 0, webPort: 0, webRoot: join(process.cwd(), 'build'), dataDir: dir, demo: true, log: false });
  const auth = (d: { name: string; password: string }) => ({ username: d.name, password: d.password });
  try {
    console.log(`Accueil benchmarks — ${new Date().toISOString()} — node ${process.version}\n`);


    // (a) propagation ---------------------------------------------------------------------
    await figure('(a) Cross-site propagation (write on tablet A → visible on tablet B)', only('a', async () => {
      const a = await step('start tablet A', MIN, () => startDevice(server.url, DEMO_DEVICES.deskCurial));
      const b = await step('start tablet B', MIN, () => startDevice(server.url, DEMO_DEVICES.deskHdv));
      const app: number[] = [];
      try {
        await step('initial sync', MIN, () => waitFor('initial sync', async () => a.engine.snapshot().state === 'up-to-date' && b.engine.snapshot().state === 'up-to-date', MIN));
        for (let i = 0; i < ROUNDS; i++) {
          const t0 = performance.now();
          const v = await registerVisit(a.store, {
            site: 'curial', visitorName: `Bench ${i}`, reason: 'Bench', serviceId: 'service:etat-civil', idChecked: true, doorOpenedBy: 'Bench'
          }, { device: DEMO_DEVICES.deskCurial.name, adviser: 'Bench' });
          // Polled every 2 ms, so the polling adds next to nothing to what is measured.
          await step(`round ${i + 1}: row on B`, MIN, () => waitFor('row on B', () => b.deps.rm.visits.get(v._id), 30_000, 2));
          app.push(performance.now() - t0);
        }
      } finally {
        await a.destroy();
        await b.destroy();
      }

      const rawA = new PouchDB(`raw-a-${Date.now()}`, { adapter: 'memory' });
      const rawB = new PouchDB(`raw-b-${Date.now()}`, { adapter: 'memory' });
      const remote = (d: typeof DEMO_DEVICES.deskCurial) => new PouchDB(`${server.url}/accueil`, { skip_setup: true, auth: auth(d) });
      const syncA = rawA.sync(remote(DEMO_DEVICES.deskCurial), { live: true, retry: true });
      const syncB = rawB.sync(remote(DEMO_DEVICES.deskHdv), { live: true, retry: true });
      const raw: number[] = [];
      try {
        await new Promise((r) => setTimeout(r, 1500));
        for (let i = 0; i < ROUNDS; i++) {
          const id = `visit:curial:${new Date().toISOString()}:raw${i}`;
          const t0 = performance.now();
          const arrived = new Promise<void>((resolve) => {
            const feed = rawB.changes({ since: 'now', live: true }).on('change', (c) => {
              if (c.id === id) {
                feed.cancel();
                resolve();
              }
            });
          });
          await rawA.put({
            _id: id, type: 'visit', v: 1, site: 'curial', visitorName: `Raw ${i}`, reason: 'Bench', serviceId: 'service:etat-civil',
            vigipirate: { idChecked: true, doorOpenedBy: 'Bench', doorOpenedAt: new Date().toISOString() },
            arrivedAt: new Date().toISOString(), createdBy: 'bench', updatedAt: new Date().toISOString(), updatedBy: 'bench', fieldGen: {}
          });
          await step(`baseline round ${i + 1}: change on B`, MIN, () => arrived);
          raw.push(performance.now() - t0);
        }
      } finally {
        syncA.cancel();
        syncB.cancel();
      }

      console.log('(a) Cross-site propagation (write on tablet A → visible on tablet B)');
      console.log(`    app, repository write → B's Dexie row:   median ${ms(median(app))}, p95 ${ms(p95(app))} (${ROUNDS} rounds)`);
      console.log(`    baseline, raw PouchDB → server → PouchDB: median ${ms(median(raw))}, p95 ${ms(p95(raw))}`);
      console.log(`    ratio app / baseline (medians): ${(median(app) / median(raw)).toFixed(2)}\n`);
    }));

    // (d) display latency, before the year of data is loaded (it measures the live path) ----
    await figure('(d) Hallway display update (meeting saved at a desk → shown on the display in Chromium)', only('d', async () => {
      browserReady();
      const d = await displayLatency(server, ROUNDS);
      console.log('(d) Hallway display update (meeting saved at a desk → shown on the display in Chromium)');
      console.log(`    app, repository write → display row:      median ${ms(median(d.app))}, p95 ${ms(p95(d.app))} (${ROUNDS} rounds)`);
      console.log(`    baseline, raw PouchDB → server → PouchDB: median ${ms(median(d.raw))}, p95 ${ms(p95(d.raw))}`);
      console.log(`    ratio app / baseline (medians): ${(median(d.app) / median(d.raw)).toFixed(2)}\n`);
    }));

    // (b) first sync, each data set on its own server; (c) on the tablet of the year ---------
    let register: number[] | undefined;
    if (ONLY.has('b') || ONLY.has('c')) {
      register = await benchFirstSync('one year of data', generateYear(YEAR_SCALE), { rounds: FIRST_SYNC_ROUNDS, browserReady, registerRounds: ONLY.has('c') ? ROUNDS : 0 });
    }
    if (ONLY.has('b')) {
      await benchFirstSync('what a desk holds under the retention rules', generateRetained(YEAR_SCALE), { rounds: FIRST_SYNC_ROUNDS, browserReady });
    }
    await figure('(c) Registering a visitor with that year of data present, in Chromium: tap → row shown', only('c', async () => {
      if (!register) throw new StepError('first sync in Chromium: failed above, so no tablet holds the year');
      console.log(`(c) Registering a visitor with that year of data present, in Chromium: tap → row shown`);
      console.log(`    median ${ms(median(register))}, p95 ${ms(p95(register))} (${ROUNDS} rounds)\n`);
    }));

    // (e), (f): their own servers.
    await figure('(e) Calendar import', only('e', () => step('calendar import', 30 * MIN, () => benchCalendarImport(Math.max(1, Math.min(ROUNDS, 3))))));
    if (ONLY.has('e')) console.log('');
    await figure("(f) The door's cost", only('f', () => step('door cost', 30 * MIN, () => benchDoor())));
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
