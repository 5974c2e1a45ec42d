// (b) First sync of a fresh tablet, for one data set on its own server: the app (enrolment →
// read model complete and the progress banner gone) against raw PouchDB replication of the
// same databases with PouchDB's default options (batch_size 100, batches_limit 10), in Node
// and in Chromium; and the tablet's storage afterwards (`navigator.storage.estimate()`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { DEVICES } from '../tests/support/devices';
import { adminHeader, startSyncServer, type TestServer } from '../tests/support/server';
import { startDevice, waitFor } from '../tests/support/clients';
import { appFirstSync, rawFirstSync, type Expected } from './browser-first-sync';
import type { Generated } from './generate';
import { FIRST_PULL_BATCH } from '../src/lib/sync/engine';
import { figure, step, StepError } from './steps';

PouchDB.plugin(memoryAdapter);

const MIN = 60_000;
const DBS = ['accueil', 'planning', 'referentiel'] as const;
const ms = (x: number) => `${(x / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** How many documents of each projected kind the server holds: the read model must hold as many. */
async function expected(server: TestServer): Promise<Expected> {
  const count = async (db: string, prefix: string) => {
    const key = (k: string) => encodeURIComponent(JSON.stringify(k));
    const res = await fetch(`${server.url}/${db}/_all_docs?startkey=${key(prefix)}&endkey=${key(`${prefix}\ufff0`)}`, { headers: { Authorization: adminHeader(server) } });
    if (!res.ok) throw new Error(`counting ${prefix} in ${db}: ${res.status}`);
    return ((await res.json()) as { rows: unknown[] }).rows.length;
  };
  return { visits: await count('accueil', 'visit:'), appointments: await count('accueil', 'appointment:'), meetings: await count('planning', 'meeting:') };
}

export interface FirstSyncOptions {
  /** Chromium rounds (app then raw, each on a fresh profile); medians are reported. */
  rounds: number;
  /** Throws when Chromium or the build is missing. */
  browserReady: () => void;
  /** Rounds of « tap → row shown » with the data present (figure (c)), on the first Chromium round. */
  registerRounds?: number;
}

/** Runs (b) for one data set on its own server; returns (c)'s timings when asked for. */
export async function benchFirstSync(label: string, docs: Generated, o: FirstSyncOptions): Promise<number[] | undefined> {
  const total = Object.values(docs).reduce((n, l) => n + l.length, 0);
  const title = `(b) First sync of a fresh tablet, ${label} (${total} generated documents)`;
  const dir = await mkdtemp(join(tmpdir(), 'accueil-bench-first-'));
  const server = await startSyncServer({ port: 0, webPort: 0, webRoot: join(process.cwd(), 'build'), dataDir: dir, demo: true, log: false });
  let register: number[] | undefined;
  try {
    let want: Expected | undefined;
    await figure(`${title}, in Node`, async () => {
      const headers = { Authorization: adminHeader(server), 'Content-Type': 'application/json' };
      await step('seed the data', 10 * MIN, async () => {
        for (const [db, list] of Object.entries(docs)) {
          for (let i = 0; i < list.length; i += 2000) {
            const res = await fetch(`${server.url}/${db}/_bulk_docs`, { method: 'POST', headers, body: JSON.stringify({ docs: list.slice(i, i + 2000) }) });
            if (!res.ok) throw new Error(`seeding ${db}: ${res.status} ${await res.text()}`);
          }
        }
      });
      want = await step('count what the server holds', MIN, () => expected(server));
      const w = want;

      const t0 = performance.now();
      const fresh = await step('start the fresh tablet', MIN, () => startDevice(server.url, DEVICES.deskHdv));
      try {
        await step('fresh tablet read model complete', 10 * MIN, () =>
          waitFor('read model complete', async () => {
            const s = fresh.engine.snapshot();
            if (s.state !== 'up-to-date' || s.firstSync) return false;
            const rm = fresh.deps.rm;
            return (await rm.visits.count()) >= w.visits && (await rm.appointments.count()) >= w.appointments && (await rm.meetings.count()) >= w.meetings;
          }, 10 * MIN)
        );
      } finally {
        await fresh.destroy();
      }
      const app = performance.now() - t0;

      const t1 = performance.now();
      await step('baseline raw replication', 10 * MIN, () =>
        Promise.all(DBS.map(async (db) => {
          const local = new PouchDB(`raw-first-${db}-${Date.now()}`, { adapter: 'memory' });
          await local.replicate.from(new PouchDB(`${server.url}/${db}`, { skip_setup: true, auth: { username: DEVICES.deskHdv.name, password: DEVICES.deskHdv.password } }));
          await local.destroy();
        }))
      );
      const raw = performance.now() - t1;
      console.log(`${title}: ${w.visits} visits, ${w.appointments} appointments, ${w.meetings} meetings on the server`);
      console.log('    in Node (memory PouchDB, Dexie on fake-indexeddb):');
      console.log(`      app, enrolment → read model complete:  ${ms(app)}`);
      console.log(`      baseline, raw PouchDB replication:      ${ms(raw)}`);
      console.log(`      ratio app / baseline: ${(app / raw).toFixed(2)}\n`);
    });

    await figure(`${title}, in Chromium`, async () => {
      o.browserReady();
      if (!want) throw new StepError('seed the data: failed above');
      const app: number[] = [];
      const pulled: number[] = [];
      const raw: number[] = [];
      const appUsage: number[] = [];
      const rawUsage: number[] = [];
      const tuned: number[] = [];
      const ratios: string[] = [];
      for (let round = 0; round < o.rounds; round++) {
        const a = await appFirstSync(server, want, round === 0 ? (o.registerRounds ?? 0) : 0);
        if (round === 0 && o.registerRounds) register = a.register;
        const r = await rawFirstSync(server);
        tuned.push((await rawFirstSync(server, FIRST_PULL_BATCH)).ms);
        app.push(a.firstSync);
        pulled.push(a.pulled);
        appUsage.push(a.usage);
        raw.push(r.ms);
        rawUsage.push(r.usage);
        ratios.push((a.firstSync / r.ms).toFixed(2));
      }
      console.log(`${title}, in Chromium (the built app on IndexedDB, enrolment tap → read model complete, banner gone):`);
      console.log(`      app:                                       ${ms(median(app))}${o.rounds > 1 ? ` (rounds: ${app.map(ms).join(', ')})` : ''}`);
      console.log(`        of which the pull (until the banner stops counting received documents): ${pulled.some(Number.isNaN) ? 'not seen (the banner never counted received documents)' : ms(median(pulled))}`);
      console.log(`      baseline, raw PouchDB in the same browser: ${ms(median(raw))}${o.rounds > 1 ? ` (rounds: ${raw.map(ms).join(', ')})` : ''}`);
      console.log(`      ratio app / baseline: ${(median(app) / median(raw)).toFixed(2)}${o.rounds > 1 ? ` (per round: ${ratios.join(', ')})` : ''}`);
      console.log(`      stricter: raw PouchDB with the app's batch_size ${FIRST_PULL_BATCH}: ${ms(median(tuned))}, ratio app / that: ${(median(app) / median(tuned)).toFixed(2)}`);
      console.log(`      storage after the first sync (navigator.storage.estimate().usage): app ${mb(median(appUsage))}, raw ${mb(median(rawUsage))}\n`);
    });
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return register;
}
