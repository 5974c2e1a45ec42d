import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/lib/app/runtime';
import { checkOutVisit, registerVisit, updateVisit } from '../../../src/lib/visitors/repo';
import type { VisitDoc } from '../../../src/lib/domain/visit';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES } from '../../support/devices';
import { couchAdminHeader, type ProductionServer, runCouchDB, startProductionServer } from '../../support/production';

const CURIAL = { ...DEVICES.deskCurial };
const HDV = { ...DEVICES.deskHdv };

const form = (name: string) => ({
  site: 'curial' as const,
  visitorName: name,
  reason: 'Acte de naissance',
  serviceId: 'service:etat-civil',
  idChecked: true,
  doorOpenedBy: 'Agent A'
});

/** As tests/integration/sync/two-tablets.test.ts, with the tablets replicating through the CouchDB-mode door. */
describe('two desk tablets through the door in front of Apache CouchDB', () => {
  let server: ProductionServer;
  const running: Runtime[] = [];

  beforeAll(async () => {
    server = await startProductionServer(await runCouchDB(), { demo: true });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.destroy()));
  });
  afterAll(() => server?.close());

  async function device(d: typeof CURIAL) {
    const r = await startDevice(server.dbUrl, d);
    running.push(r);
    return r;
  }
  const onCouch = async (id: string) => {
    const res = await fetch(`${server.couch.url}/accueil/${encodeURIComponent(id)}?conflicts=true`, { headers: { Authorization: couchAdminHeader(server.couch) } });
    return res.status === 200 ? ((await res.json()) as VisitDoc & { _conflicts?: string[] }) : null;
  };

  it('a visitor registered at Curial reaches the Hôtel de Ville read model, and the check-out comes back', async () => {
    const a = await device(CURIAL);
    const b = await device(HDV);
    const v = await registerVisit(a.store, form('Camille Martin'), { device: CURIAL.name, adviser: 'Agent A' });
    const row = await waitFor('visit on HdV tablet', () => b.deps.rm.visits.get(v._id), 60_000);
    expect(row).toMatchObject({ visitorName: 'Camille Martin', status: 'present' });
    await waitFor('pending cleared at Curial', async () => (await a.deps.rm.pending.count()) === 0, 60_000);
    expect((await onCouch(v._id))?.visitorName).toBe('Camille Martin');

    await checkOutVisit(b.store, v._id, { device: HDV.name, adviser: 'B' });
    const back = await waitFor('check-out on Curial tablet', async () => {
      const r = await a.deps.rm.visits.get(v._id);
      return r?.status === 'left' ? r : null;
    }, 60_000);
    expect(back.visitorName).toBe('Camille Martin');
    expect((await onCouch(v._id))?.checkedOutBy).toBe('B');
  });

  it('offline edits on both tablets converge and the real conflict is recorded on both', async () => {
    const a = await device(CURIAL);
    const b = await device(HDV);
    const v = await registerVisit(a.store, form('Jean Dupont'), { device: CURIAL.name, adviser: 'Agent A' });
    await waitFor('visit on B', () => b.deps.rm.visits.get(v._id), 60_000);
    await waitFor('A pushed', async () => (await a.deps.rm.pending.count()) === 0, 60_000);

    await a.engine.stop();
    await b.engine.stop();
    await updateVisit(a.store, v._id, { visitorName: 'Jean Dupont-Lefèvre', organisation: 'SNCF' }, { device: CURIAL.name, adviser: 'A' }, new Date(Date.now() + 1000));
    await updateVisit(b.store, v._id, { visitorName: 'Jean Dupond' }, { device: HDV.name, adviser: 'B' }, new Date(Date.now() + 2000));
    await checkOutVisit(b.store, v._id, { device: HDV.name, adviser: 'B' }, new Date(Date.now() + 3000));
    await a.engine.start();
    await b.engine.start();

    const settled = async (r: Runtime) => {
      const doc = (await r.store.dbs.accueil.get(v._id, { conflicts: true })) as unknown as VisitDoc & { _conflicts?: string[] };
      return !doc._conflicts?.length && doc.checkedOutAt && doc.organisation === 'SNCF' ? doc : null;
    };
    const onA = await waitFor('A converged', () => settled(a), 60_000);
    const onB = await waitFor('B converged', async () => {
      const d = await settled(b);
      return d && d._rev === onA._rev ? d : null;
    }, 60_000);
    expect(onB).toMatchObject({ organisation: 'SNCF', checkedOutBy: 'B', visitorName: 'Jean Dupond' });
    for (const r of [a, b]) {
      const conflicts = await waitFor('conflict record', async () => {
        const rows = await r.deps.rm.conflicts.where('docId').equals(v._id).toArray();
        return rows.length ? rows : null;
      }, 60_000);
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.fields).toEqual([{ field: 'visitorName', kept: 'Jean Dupond', discarded: 'Jean Dupont-Lefèvre' }]);
    }
    // CouchDB holds the merged winner, its losing branch resolved.
    await waitFor('CouchDB resolved', async () => {
      const d = await onCouch(v._id);
      return d && d._rev === onA._rev && !d._conflicts?.length ? d : null;
    }, 60_000);
  });
});
