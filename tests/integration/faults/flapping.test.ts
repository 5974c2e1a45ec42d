import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../../src/lib/app/runtime';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES } from '../../support/devices';
import { adminHeader, startSyncServer, type TestServer } from '../../support/server';
import { startFlakyProxy, prng, type FlakyProxy } from './flaky-proxy';
import { syncLabel } from '../../../src/lib/ui/sync-label';
import { expectExactlyOnce, Ledger, serverContents, tabletContents } from './ledger';

// FAULTS_SEED=<n> replays a run's faults (the pacing of the machine still varies).
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = 10;

describe('a flapping network between the tablets and the server', () => {
  // The engine warns of every failed request; here they are the point, not news.
  beforeAll(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
  let dir: string;
  let server: TestServer;
  let proxy: FlakyProxy | undefined;
  const tablets: Runtime[] = [];

  afterAll(async () => {
    await Promise.all(tablets.map((t) => t.destroy()));
    await proxy?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`three tablets converge, nothing lost or duplicated, and never say "synced" too early (seed ${SEED})`, async () => {
    console.info(`[flapping] seed ${SEED} (replay with FAULTS_SEED=${SEED})`);
    const random = prng(SEED);
    dir = await mkdtemp(join(tmpdir(), 'accueil-flap-'));
    server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log: false });
    proxy = await startFlakyProxy({ host: '127.0.0.1', port: server.port }, random, { maxDelayMs: 40, cutChance: 0.04, refuseChance: 0.15 });
    const devices = [DEVICES.deskCurial, DEVICES.deskHdv, DEVICES.coordinator];
    for (const d of devices) tablets.push(await startDevice(proxy.url, d, { batchSize: 3 }));
    const ledgers = tablets.map((t, i) => new Ledger(t, devices[i]!));

    // The honesty probe: whenever a tablet's status says "Synchronisé", every
    // revision it had written before that moment must already be on the server. Asked of the
    // server directly, not through the proxy; a revision seen there once stays there.
    const onServer = new Set<string>();
    const lies: string[] = [];
    let samples = 0;
    let syncedSamples = 0;
    let probing = true;
    const probe = (async () => {
      while (probing) {
        for (const l of ledgers) {
          samples++;
          const written = l.revs.slice();
          // What the status bar shows (SyncStatus.svelte), from the same inputs.
          const state = l.tablet.engine.snapshot().state;
          const unsent = await l.tablet.deps.rm.pending.count();
          if (syncLabel({ revoked: false, online: true, state, unsent }) !== 'Synchronisé') continue;
          syncedSamples++;
          const unknown = written.filter((w) => !onServer.has(`${w.id}@${w.rev}`));
          if (unknown.length === 0) continue;
          const res = await fetch(`${server.url}/accueil/_revs_diff`, {
            method: 'POST',
            headers: { Authorization: adminHeader(server), 'Content-Type': 'application/json' },
            body: JSON.stringify(Object.fromEntries(unknown.map((w) => [w.id, [w.rev]])))
          });
          const missing = (await res.json()) as Record<string, { missing: string[] }>;
          for (const w of unknown) {
            if (missing[w.id]?.missing.includes(w.rev)) lies.push(`${l.device.name} said synced without ${w.id}@${w.rev}`);
            else onServer.add(`${w.id}@${w.rev}`);
          }
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(ledgers.map((l) => l.writeSome(2, (n) => Math.floor(random() * n))));
      await new Promise((r) => setTimeout(r, random() * 400));
    }
    // The storm ends; the tablets must catch up on their own (PouchDB's retries, our back-off).
    proxy.calm();
    const converged = async (r: Runtime) => {
      if ((await r.deps.rm.pending.count()) > 0 || r.engine.snapshot().state !== 'up-to-date') return false;
      const rows = await r.deps.rm.visits.toArray();
      return ledgers.every((l) => [...l.visits.values()].every((w) => rows.some((v) => v.id === w.id && v.organisation === w.organisation)));
    };
    await waitFor('all tablets converged', async () => (await Promise.all(tablets.map(converged))).every(Boolean), 120_000, 200);
    probing = false;
    await probe;

    const s = await serverContents(server.url, server.admin);
    expectExactlyOnce('server', s.visits, s.tickets, ledgers);
    for (const [i, r] of tablets.entries()) {
      const c = await tabletContents(r);
      expectExactlyOnce(`${devices[i]!.name} PouchDB`, c.visits, c.tickets, ledgers);
      expectExactlyOnce(`${devices[i]!.name} read model`, c.rmVisits.map((v) => ({ ...v, _id: v.id })), c.rmTickets, ledgers);
    }
    console.info(`[flapping] seed ${SEED}: ${proxy.cuts} connections cut, ${samples} status samples (${syncedSamples} "synced"), ${ledgers.reduce((n, l) => n + l.revs.length, 0)} writes`);
    expect(lies).toEqual([]);
    expect(proxy.cuts).toBeGreaterThan(0);
  }, 200_000);
});
