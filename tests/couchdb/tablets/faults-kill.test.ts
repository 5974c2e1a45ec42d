import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Runtime } from '../../../src/lib/app/runtime';
import { startDevice, waitFor } from '../../support/clients';
import { SHARED_COUCHDB, startCouchDB } from '../../support/couchdb';
import { DEVICES } from '../../support/devices';
import { expectExactlyOnce, Ledger, serverContents, tabletContents } from '../../integration/faults/ledger';
import { prepareProcess, startProcess, type Killable } from '../../integration/faults/server-process';

const run = promisify(execFile);
const DOOR = fileURLToPath(new URL('./faults-door-child.ts', import.meta.url));
const KILLS = 20;
/** Rounds where CouchDB itself is killed (and the door carries on), not the door. */
const COUCH_KILLS = new Set([4, 11, 17]);

// Through the door a write costs several times what it costs on the embedded server (door, then
// CouchDB, on the same two cores): each round writes one visit per tablet while the push is under
// way and one while the server is down, and most of the time goes to the tablets' first push after
// a restart (the round's "waiting" figure).
describe('CouchDB mode: the door process, and CouchDB itself, killed with SIGKILL during replication', () => {
  // The engine warns of every failed request; here they are the point, not news.
  beforeAll(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
  let couch: Awaited<ReturnType<typeof startCouchDB>> | undefined;
  let door: Killable<{ url: string }> | undefined;
  let standby: { kill(): void } | undefined;
  let dataDir: string | undefined;
  const tablets: Runtime[] = [];

  afterAll(async () => {
    await Promise.all(tablets.map((t) => t.destroy()));
    standby?.kill();
    await door?.kill();
    await couch?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`${KILLS} kills while two tablets write: every write exactly once on CouchDB and both tablets`, async () => {
    couch = await startCouchDB();
    const c = couch;
    const couchPort = new URL(c.url).port;
    const couchUrl = `http://${c.admin.name}:${c.admin.password}@127.0.0.1:${couchPort}`;
    dataDir = await mkdtemp(join(tmpdir(), 'accueil-door-'));
    const env = (port: number) => ({ COUCHDB_URL: couchUrl, FAULTS_DATA_DIR: dataDir!, FAULTS_PORT: String(port) });
    door = await startProcess<{ url: string }>(DOOR, env(0));
    const doorPort = Number(new URL(door.url).port);
    const dbUrl = `${door.url}/db`;

    // Small batches: a push takes several round trips, so a kill lands in the middle of one. A
    // short back-off: with the default (1 s, then 2 s…) the first retry often comes before the
    // new door listens and the next one seconds later, on each of the 20 rounds.
    const opts = { batchSize: 2, backOff: () => 250 };
    const a = await startDevice(dbUrl, DEVICES.deskCurial, opts);
    const b = await startDevice(dbUrl, DEVICES.deskHdv, opts);
    tablets.push(a, b);
    const ledgers = [new Ledger(a, DEVICES.deskCurial), new Ledger(b, DEVICES.deskHdv)];
    const pending = async () => (await a.deps.rm.pending.count()) + (await b.deps.rm.pending.count());

    const killCouch = async () => {
      // SIGKILL to CouchDB's process group (couchdb.sh starts it with setsid), then the same folder and port again.
      const pid = Number((await readFile(join(c.dir, 'couchdb.pid'), 'utf8')).trim());
      process.kill(-pid, 'SIGKILL');
      await waitFor('CouchDB gone', async () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      }, 10_000);
    };
    // The killed node's name can stay registered with epmd, and its port busy, for a moment: a
    // start that exits at once is tried again (it failed so once in CI).
    const restartCouch = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await run(join(SHARED_COUCHDB, 'couchdb.sh'), ['start', c.dir, couchPort, c.admin.name, c.admin.password], { timeout: 90_000 });
        } catch (err) {
          if (attempt >= 10) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };

    let midFlight = 0;
    const ms = { waiting: 0, doorRestarts: 0, couchRestarts: 0 };
    const started = Date.now();
    for (let round = 0; round < KILLS; round++) {
      const next = COUCH_KILLS.has(round) ? undefined : prepareProcess<{ url: string }>(DOOR, env(doorPort));
      standby = next;
      let written = false;
      const writing = Promise.all(ledgers.map((l) => l.writeSome(1))).then(() => (written = true));
      let peak = 0;
      const t0 = Date.now();
      await waitFor('replication under way', async () => {
        const now = await pending();
        peak = Math.max(peak, now);
        return now < peak || (written && now === 0);
      }, 30_000, 5);
      ms.waiting += Date.now() - t0;
      if ((await pending()) > 0) midFlight++;
      if (COUCH_KILLS.has(round)) await killCouch();
      else await door.kill();
      await writing;
      await Promise.all(ledgers.map((l) => l.writeSome(1)));
      const t1 = Date.now();
      if (COUCH_KILLS.has(round)) {
        await restartCouch();
        ms.couchRestarts += Date.now() - t1;
      } else {
        door = await next!.start();
        ms.doorRestarts += Date.now() - t1;
      }
      standby = undefined;
    }
    const loopMs = Date.now() - started;
    const backlog = await pending();
    console.info(`[faults-kill] rounds ${loopMs} ms: ${JSON.stringify(ms)}, ${backlog} pending`);

    const converged = async (r: Runtime) => {
      if ((await r.deps.rm.pending.count()) > 0 || r.engine.snapshot().state !== 'up-to-date') return false;
      const rows = await r.deps.rm.visits.toArray();
      return ledgers.every((l) => [...l.visits.values()].every((w) => rows.some((v) => v.id === w.id && v.organisation === w.organisation)));
    };
    const states = () => JSON.stringify([a.engine.snapshot().perDb, b.engine.snapshot().perDb]);
    const progress = setInterval(() => void pending().then((n) => console.info(`[faults-kill] converging: pending ${n}, ${states()}`)), 10_000);
    await waitFor('both tablets synced and converged', async () => (await converged(a)) && (await converged(b)), 120_000, 200).finally(() => clearInterval(progress));

    const onCouch = await serverContents(c.url, c.admin);
    expectExactlyOnce('CouchDB', onCouch.visits, onCouch.tickets, ledgers);
    for (const [name, r] of [['Curial', a], ['HdV', b]] as const) {
      const t = await tabletContents(r);
      expectExactlyOnce(`${name} PouchDB`, t.visits, t.tickets, ledgers);
      expectExactlyOnce(`${name} read model`, t.rmVisits.map((v) => ({ ...v, _id: v.id })), t.rmTickets, ledgers);
    }
    console.info(
      `[faults-kill] ${KILLS} kills (${COUCH_KILLS.size} of CouchDB, ${midFlight} with writes in flight), ${ledgers.reduce((n, l) => n + l.visits.size, 0)} visits; ` +
        `rounds ${loopMs} ms (waiting for a push under way ${ms.waiting}, door restarts ${ms.doorRestarts}, CouchDB restarts ${ms.couchRestarts}), convergence of ${backlog} pending ${Date.now() - started - loopMs} ms`
    );
    expect(midFlight).toBeGreaterThan(KILLS / 2);
  }, 360_000);
});
