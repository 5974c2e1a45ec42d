import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../../src/lib/app/runtime';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES } from '../../support/devices';
import { expectExactlyOnce, Ledger, serverContents, tabletContents } from './ledger';
import { prepareServerProcess, type ServerProcess } from './server-process';

const KILLS = 20;

describe('the embedded sync server killed with SIGKILL during replication', () => {
  // The engine warns of every failed request; here they are the point, not news.
  beforeAll(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
  let dir: string;
  let server: ServerProcess | undefined;
  let standby: { kill(): void } | undefined;
  const tablets: Runtime[] = [];

  afterAll(async () => {
    await Promise.all(tablets.map((t) => t.destroy()));
    standby?.kill();
    await server?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`${KILLS} times while two tablets write: every write exactly once on the server and both tablets`, async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-kill-'));
    server = await prepareServerProcess(dir).start();
    const { port, url, admin } = server;
    // Small batches: a push takes several round trips, so a kill lands in the middle of one.
    const a = await startDevice(url, DEVICES.deskCurial, { batchSize: 2 });
    const b = await startDevice(url, DEVICES.deskHdv, { batchSize: 2 });
    tablets.push(a, b);
    const ledgers = [new Ledger(a, DEVICES.deskCurial), new Ledger(b, DEVICES.deskHdv)];
    const pending = async () => (await a.deps.rm.pending.count()) + (await b.deps.rm.pending.count());

    let midFlight = 0;
    let restartMs = 0;
    const started = Date.now();
    for (let round = 0; round < KILLS; round++) {
      // The next server loads its code now; it opens the data folder only once this one is dead.
      const next = prepareServerProcess(dir, port);
      standby = next;
      let written = false;
      const writing = Promise.all(ledgers.map((l) => l.writeSome(3))).then(() => (written = true));
      // Kill once the server is taking what is pending (the count falls from its peak), or
      // when everything already went through.
      let peak = 0;
      await waitFor('replication under way', async () => {
        const now = await pending();
        peak = Math.max(peak, now);
        return now < peak || (written && now === 0);
      }, 30_000, 5);
      if ((await pending()) > 0) midFlight++;
      await server.kill();
      // The tablets carry on offline while the server is down.
      await writing;
      await Promise.all(ledgers.map((l) => l.writeSome(1)));
      const t0 = Date.now();
      server = await next.start();
      standby = undefined;
      restartMs += Date.now() - t0;
    }

    const synced = async (r: Runtime) => (await r.deps.rm.pending.count()) === 0 && r.engine.snapshot().state === 'up-to-date';
    const total = ledgers.reduce((n, l) => n + l.visits.size, 0);
    const converged = async (r: Runtime) => {
      if (!(await synced(r))) return false;
      const c = await tabletContents(r);
      return ledgers.every((l) => [...l.visits.keys()].every((id) => c.rmVisits.some((v) => v.id === id && v.organisation === l.visits.get(id)!.organisation)));
    };
    const loopMs = Date.now() - started;
    await waitFor('both tablets synced and converged', async () => (await converged(a)) && (await converged(b)), 150_000, 200);

    const onServer = await serverContents(url, admin);
    expectExactlyOnce('server', onServer.visits, onServer.tickets, ledgers);
    for (const [name, r] of [['Curial', a], ['HdV', b]] as const) {
      const c = await tabletContents(r);
      expectExactlyOnce(`${name} PouchDB`, c.visits, c.tickets, ledgers);
      expectExactlyOnce(`${name} read model`, c.rmVisits.map((v) => ({ ...v, _id: v.id })), c.rmTickets, ledgers);
      expect(r.engine.snapshot().state).toBe('up-to-date');
      expect(await r.deps.rm.pending.count()).toBe(0);
    }
    console.info(`[server-kill] ${KILLS} kills (${midFlight} with writes in flight), ${total} visits, ${ledgers.reduce((n, l) => n + l.tickets.size, 0)} tickets; rounds ${loopMs} ms of which restarts ${restartMs} ms, convergence ${Date.now() - started - loopMs} ms`);
    expect(midFlight).toBeGreaterThan(KILLS / 2);
  }, 240_000);
});
