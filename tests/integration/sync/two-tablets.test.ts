import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncServer } from '../../support/server';
import type { Runtime } from '../../../src/lib/app/runtime';
import { registerVisit, updateVisit, checkOutVisit } from '../../../src/lib/visitors/repo';
import type { VisitDoc } from '../../../src/lib/domain/visit';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';

type Server = Awaited<ReturnType<typeof startSyncServer>>;

const CURIAL = { ...DEMO_DEVICES.deskCurial };
const HDV = { ...DEMO_DEVICES.deskHdv };

const form = (name: string) => ({
  site: 'curial' as const,
  visitorName: name,
  reason: 'Acte de naissance',
  serviceId: 'service:etat-civil',
  idChecked: true,
  doorOpenedBy: 'Agent A'
});

describe('two desk tablets through the embedded sync server', () => {
  let dir: string;
  let server: Server;
  const running: Runtime[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-sync-'));
    server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log: false });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.destroy()));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function device(d: typeof CURIAL) {
    const r = await startDevice(server.url, d);
    running.push(r);
    return r;
  }

  it('a visitor registered at Curial reaches the Hôtel de Ville read model, and leaves pending', async () => {
    const a = await device(CURIAL);
    const b = await device(HDV);
    const v = await registerVisit(a.store, form('Camille Martin'), { device: CURIAL.name, adviser: 'Agent A' });
    expect(await a.deps.rm.pending.count()).toBe(1);
    const row = await waitFor('visit on HdV tablet', () => b.deps.rm.visits.get(v._id));
    expect(row.visitorName).toBe('Camille Martin');
    expect(row.status).toBe('present');
    await waitFor('pending cleared', async () => (await a.deps.rm.pending.count()) === 0);
    await waitFor('last sync recorded', async () => (await a.deps.rm.syncState.get('lastSyncAt'))?.value);
  });

  it('offline edits on both tablets merge deterministically and the real conflict is recorded', async () => {
    const a = await device(CURIAL);
    const b = await device(HDV);
    const v = await registerVisit(a.store, form('Jean Dupont'), { device: CURIAL.name, adviser: 'Agent A' });
    await waitFor('visit on B', () => b.deps.rm.visits.get(v._id));
    await waitFor('A pushed', async () => (await a.deps.rm.pending.count()) === 0);

    // Both tablets lose the network.
    await a.engine.stop();
    await b.engine.stop();
    await updateVisit(a.store, v._id, { visitorName: 'Jean Dupont-Lefèvre', organisation: 'SNCF' }, { device: CURIAL.name, adviser: 'A' }, new Date(Date.now() + 1000));
    await updateVisit(b.store, v._id, { visitorName: 'Jean Dupond' }, { device: HDV.name, adviser: 'B' }, new Date(Date.now() + 2000));
    await checkOutVisit(b.store, v._id, { device: HDV.name, adviser: 'B' }, new Date(Date.now() + 3000));

    // Back online.
    await a.engine.start();
    await b.engine.start();

    const settled = async (r: Runtime) => {
      const doc = (await r.store.dbs.accueil.get(v._id, { conflicts: true })) as unknown as VisitDoc & { _conflicts?: string[] };
      return !doc._conflicts?.length && doc.checkedOutAt && doc.organisation === 'SNCF' ? doc : null;
    };
    const onA = await waitFor('A converged', () => settled(a), 30_000);
    const onB = await waitFor('B converged', async () => {
      const d = await settled(b);
      return d && d._rev === onA._rev ? d : null;
    }, 30_000);
    // One-sided edits kept from both sides; the name, changed on both, goes to the latest edit.
    expect(onB.organisation).toBe('SNCF');
    expect(onB.checkedOutBy).toBe('B');
    expect(onB.visitorName).toBe('Jean Dupond');
    // The discarded name is shown to the coordinator, on both tablets.
    for (const r of [a, b]) {
      const conflicts = await waitFor('conflict record', async () => {
        const rows = await r.deps.rm.conflicts.where('docId').equals(v._id).toArray();
        return rows.length ? rows : null;
      });
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.fields).toEqual([{ field: 'visitorName', kept: 'Jean Dupond', discarded: 'Jean Dupont-Lefèvre' }]);
    }
    const rowB = await waitFor('B read model updated', async () => {
      const row = await b.deps.rm.visits.get(v._id);
      return row?.status === 'left' && row.conflicted === 0 ? row : null;
    });
    expect(rowB.organisation).toBe('SNCF');
  });

  it('a write the server refuses is kept locally and flagged, not lost', async () => {
    const a = await device(CURIAL);
    // As an older app version might: a malformed visit written straight to the local database.
    const bad = { _id: 'visit:curial:2026-01-01T00:00:00.000Z:bad', type: 'visit', v: 1, site: 'curial', visitorName: '' };
    const { rev } = await a.store.dbs.accueil.put(bad);
    await a.deps.rm.pending.put({ key: `accueil/${bad._id}`, db: 'accueil', docId: bad._id, rev, at: new Date().toISOString() });
    const row = await waitFor('denied flag', async () => {
      const p = await a.deps.rm.pending.get(`accueil/${bad._id}`);
      return p?.denied ? p : null;
    });
    expect(row.denied).toMatch(/visitorName|invalid|forbidden/i);
    expect((await a.store.dbs.accueil.get(bad._id))._id).toBe(bad._id);
    expect(a.engine.snapshot().lastError ?? '').toContain(bad._id);
    const res = await fetch(`${server.url}/accueil/${encodeURIComponent(bad._id)}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` }
    });
    expect(res.status).toBe(404);
  });
});

describe('server killed and restarted mid-replication', () => {
  it('loses nothing and duplicates nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accueil-restart-'));
    let server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log: false });
    const port = server.port;
    const a = await startDevice(server.url, CURIAL, { batchSize: 20 });
    await a.engine.stop();
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      ids.push((await registerVisit(a.store, form(`Visiteur ${i}`), { device: CURIAL.name, adviser: 'A' }))._id);
    }
    await a.engine.start();
    // Kill the server as soon as some, not all, documents have arrived.
    await waitFor('first batches pushed', async () => (await a.deps.rm.pending.count()) < 300, 20_000);
    await server.close();
    server = await startSyncServer({ port, dataDir: dir, demo: true, log: false });

    await waitFor('all pushed after restart', async () => (await a.deps.rm.pending.count()) === 0, 90_000);
    const res = await fetch(`${server.url}/accueil/_all_docs?startkey="visit:"&endkey="visit:\uffff"`, {
      headers: { Authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` }
    });
    const body = (await res.json()) as { rows: { id: string }[] };
    const onServer = body.rows.map((r) => r.id).filter((id) => ids.includes(id));
    expect(new Set(onServer).size).toBe(300);
    expect(onServer.length).toBe(300);

    const b = await startDevice(server.url, HDV);
    await waitFor('B has all 300', async () => (await b.deps.rm.visits.count()) >= 300, 60_000);
    expect(await b.deps.rm.visits.count()).toBe(300);
    await a.destroy();
    await b.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }, 180_000);
});
