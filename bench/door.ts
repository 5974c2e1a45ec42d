// (f) The cost of the door (sync-server/src/door/), against baselines measured in the same run:
//   - push replication of N visits by a desk through the door, against the same engine
//     (express-pouchdb, our validate_doc_update wrapper, the same design documents) without
//     the door in front; and, when ../shared/couchdb is there, through the CouchDB-mode door
//     against the same desk replicating straight to that CouchDB;
//   - a working tablet's requests (a cached Basic read, a fresh login) while another account
//     is brute-forced, against the same requests with no attack.
// `node --import tsx bench/door.ts` runs it on its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { CouchClient } from '../sync-server/src/couch-client';
import { createExpressPouch } from '../sync-server/src/couch/express-pouch';
import { createDataPouch } from '../sync-server/src/couch/pouch';
import { listen, shutdown, urlFor } from '../sync-server/src/http-server';
import { silentLogger } from '../sync-server/src/log';
import { startProduction } from '../sync-server/src/production';
import { startSyncServer } from '../sync-server/src/server';
import { runSetup } from '../sync-server/src/setup/setup';
import { DEVICES } from '../tests/support/devices';

PouchDB.plugin(memoryAdapter);

const N = Number(process.env.BENCH_DOOR_DOCS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
const rate = (x: number) => `${Math.round((N / x) * 1000).toLocaleString('en')} docs/s`;
const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

function visits(tag: string) {
  const at = new Date().toISOString();
  return Array.from({ length: N }, (_, i) => ({
    _id: `visit:curial:${at}:${tag}${i}`,
    type: 'visit', v: 1, site: 'curial', visitorName: `Bench ${i}`, reason: 'Bench', serviceId: 'service:etat-civil',
    vigipirate: { idChecked: true, doorOpenedBy: 'Bench', doorOpenedAt: at },
    arrivedAt: at, createdBy: 'bench', updatedAt: at, updatedBy: 'bench', fieldGen: {}
  }));
}

/** Pushes N fresh visits from a memory PouchDB to `url`, batch size 500 as the app does; returns ms. */
async function push(url: string, auth: { username: string; password: string } | undefined, tag: string): Promise<number> {
  const local = new PouchDB(`door-bench-${tag}-${Date.now()}`, { adapter: 'memory' });
  await local.bulkDocs(visits(tag));
  const remote = new PouchDB(url, { skip_setup: true, ...(auth ? { auth } : {}) });
  const t0 = performance.now();
  const result = await local.replicate.to(remote, { batch_size: 500 });
  const took = performance.now() - t0;
  if (result.docs_written !== N) throw new Error(`pushed ${result.docs_written} of ${N} to ${url}`);
  await local.destroy();
  return took;
}

/** The embedded engine without the door: express-pouchdb and our validation wrapper, no auth (admin). */
async function bareEngine(dir: string) {
  const pouch = await createDataPouch(dir);
  const app = express();
  app.use(await createExpressPouch(pouch.Pouch));
  const started = await listen(app, 0, '127.0.0.1');
  const url = urlFor('127.0.0.1', started.port);
  await runSetup(new CouchClient(url), silentLogger);
  return { url, close: async () => (await shutdown(started.server), await pouch.closeAll()) };
}

/** Median latency of `request` over the rounds, optionally while `attack` runs in a loop. */
async function latency(request: () => Promise<Response>, attack?: () => Promise<unknown>): Promise<{ median: number; p95: number; attempts: number }> {
  let attacking = !!attack;
  let attempts = 0;
  const attackers = attack
    ? Array.from({ length: 4 }, async () => {
        while (attacking) {
          await attack();
          attempts++;
        }
      })
    : [];
  const times: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const res = await request();
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`request answered ${res.status}`);
      times.push(performance.now() - t0);
    }
  } finally {
    attacking = false;
    await Promise.all(attackers);
  }
  return { median: median(times), p95: p95(times), attempts };
}

export async function benchDoor(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'accueil-bench-door-'));
  const server = await startSyncServer({ port: 0, dataDir: join(dir, 'door'), demo: true, log: false });
  const bare = await bareEngine(join(dir, 'bare'));
  const desk = DEVICES.deskCurial;
  try {
    console.log(`(f) The door's cost`);
    const through = await push(`${server.url}/accueil`, { username: desk.name, password: desk.password }, 'door');
    const straight = await push(`${bare.url}/accueil`, undefined, 'bare');
    console.log(`    push of ${N.toLocaleString('en')} visits by a desk, embedded: through the door ${ms(through)} (${rate(through)}),`);
    console.log(`      same engine without the door ${ms(straight)} (${rate(straight)}); ratio ${(through / straight).toFixed(2)}`);

    const couch = await couchPart(dir).catch((err: unknown) => {
      console.log(`    CouchDB part skipped: ${String(err)}`);
      return undefined;
    });
    if (couch) {
      console.log(`    push of ${N.toLocaleString('en')} visits by a desk, Apache CouchDB 3.5: through the door ${ms(couch.through)} (${rate(couch.through)}),`);
      console.log(`      straight to CouchDB ${ms(couch.straight)} (${rate(couch.straight)}); ratio ${(couch.through / couch.straight).toFixed(2)}`);
    }

    const deskHdv = DEVICES.deskHdv;
    const read = () => fetch(`${server.url}/accueil`, { headers: { Authorization: basic(desk.name, desk.password) } });
    const login = () =>
      fetch(`${server.url}/_session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: deskHdv.name, password: deskHdv.password }) });
    const attack = () =>
      fetch(`${server.url}/_session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: DEVICES.coordinator.name, password: `wrong-${Math.random()}` }) }).then((r) => r.arrayBuffer());
    await read();
    const quietRead = await latency(read);
    const quietLogin = await latency(login);
    const attackedRead = await latency(read, attack);
    const attackedLogin = await latency(login, attack);
    console.log(`    a desk's cached Basic read: median ${ms(quietRead.median)} (p95 ${ms(quietRead.p95)}) quiet,`);
    console.log(`      ${ms(attackedRead.median)} (p95 ${ms(attackedRead.p95)}) while 4 loops brute-force the coordinator (${attackedRead.attempts} wrong passwords sent); ratio ${(attackedRead.median / quietRead.median).toFixed(2)}`);
    console.log(`    another desk's login (POST /_session): median ${ms(quietLogin.median)} (p95 ${ms(quietLogin.p95)}) quiet,`);
    console.log(`      ${ms(attackedLogin.median)} (p95 ${ms(attackedLogin.p95)}) under the same attack (${attackedLogin.attempts} wrong passwords); ratio ${(attackedLogin.median / quietLogin.median).toFixed(2)}\n`);
  } finally {
    await server.close();
    await bare.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same push through the CouchDB-mode door and straight to CouchDB, when the shared build is there. */
async function couchPart(dir: string): Promise<{ through: number; straight: number }> {
  const { startCouchDB } = await import('../tests/support/couchdb');
  const couch = await startCouchDB();
  const client = new CouchClient(couch.url, couch.admin);
  const prod = await startProduction({ client, webPort: 0, host: '127.0.0.1', demo: true, log: silentLogger, workers: false, dataDir: join(dir, 'couch-state') });
  try {
    const desk = { username: DEVICES.deskCurial.name, password: DEVICES.deskCurial.password };
    const through = await push(`${prod.webUrl}/db/accueil`, desk, 'couch-door');
    const straight = await push(`${couch.url}/accueil`, desk, 'couch-bare');
    return { through, straight };
  } finally {
    await prod.close();
    await couch.stop();
    void dir;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchDoor().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    }
  );
}
