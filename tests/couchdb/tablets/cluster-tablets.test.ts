import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/lib/app/runtime';
import type { SiteCode } from '../../../src/lib/domain/common';
import { createCheckin } from '../../../src/lib/kiosk/repo';
import { registerVisit } from '../../../src/lib/visitors/repo';
import { CouchClient } from '../../../sync-server/src/couch-client';
import { DB_NAMES } from '../../../src/lib/domain/common';
import { type ServerProcess, runSetupCli, startServerProcess } from '../../support/couchdb-cluster';
import { startDevice } from '../../support/clients';
import { type ClusterNode, type CouchCluster, startCouchCluster } from '../../support/couchdb-cluster';
import { DEVICES } from '../../support/devices';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PREFIX = 'Cluster';

type Row = { id: string; doc?: { type?: string; visitorName?: string; _conflicts?: string[] } };

/**
 * Production on a 3-node Apache CouchDB 3.5 cluster: our setup (twice), the CouchDB-mode sync
 * server in front with the three nodes' URLs (it fails over when its node dies), two desks
 * writing all along while the door's node, then another one, are killed with SIGKILL and come
 * back, and a kiosk check-in while a node is down, taken in by the intake worker.
 */
describe('a 3-node CouchDB cluster under two tablets', () => {
  let cluster: CouchCluster;
  let client: CouchClient;
  let server: ServerProcess;
  let dataDir: string;
  const tablets: Runtime[] = [];
  const written: string[] = [];

  beforeAll(async () => {
    cluster = await startCouchCluster(3);
    client = new CouchClient(cluster.adminUrls);
    dataDir = await mkdtemp(join(tmpdir(), 'accueil-cluster-server-'));
  });
  afterAll(async () => {
    await Promise.all(tablets.map((t) => t.destroy()));
    await server?.stop();
    await cluster?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('our setup runs on the cluster, twice, and leaves every database with n=3 (q=2, CouchDB 3’s default)', async () => {
    const env = { COUCHDB_URL: cluster.adminUrls.join(',') };
    const first = await runSetupCli(env, ['--demo']);
    expect(first).toMatch(/installed accueil\/_design\//);
    const again = await runSetupCli(env, ['--demo']);
    expect(again.split('\n').filter((l) => /created|installed|updated|demo/i.test(l))).toEqual([]);
    for (const db of [...DB_NAMES, 'device_enrolment', '_users']) {
      const info = await client.get<{ cluster: { n: number; q: number; w: number; r: number } }>(`/${db}`);
      expect(info.cluster, db).toEqual({ n: 3, q: 2, w: 2, r: 2 });
    }
  });

  it('two desks replicate through the door while the door’s node, then another one, are killed and come back: every write once everywhere', async () => {
    // The sync server as production runs it (main.ts), given the three nodes.
    server = await startServerProcess({ COUCHDB_URL: cluster.adminUrls.join(','), DATA_DIR: dataDir, WORKER_LEASE_SECONDS: '3' });
    const door = `${server.url}/db`;
    const healthy = async () => (await fetch(`${server.url}/api/health`)).status;
    const desk = async (d: (typeof DEVICES)['deskCurial']) => {
      const t = await startDevice(door, d);
      tablets.push(t);
      return t;
    };
    const a = await desk(DEVICES.deskCurial);
    const b = await desk(DEVICES.deskHdv);

    // Both desks write all along, one visit each in turn, until told to stop.
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        for (const [t, site, name] of [
          [a, 'curial', DEVICES.deskCurial.name],
          [b, 'hdv', DEVICES.deskHdv.name]
        ] as const) {
          const visitorName = `${PREFIX} ${site} ${++n}`;
          await registerVisit(t.store, form(site, visitorName), { device: name, adviser: 'Agent' });
          written.push(visitorName);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const writtenSoFar = () => written.length;
    const waitForWrites = async (more: number) => {
      const target = writtenSoFar() + more;
      await expect.poll(writtenSoFar, { timeout: 30_000 }).toBeGreaterThanOrEqual(target);
    };
    const [n1, n2, n3] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];

    await waitForWrites(6);
    await cluster.kill(n1);
    await waitForWrites(6);
    // The server moved on to another node: the engine is reachable for it.
    expect(await healthy()).toBe(200);
    // The kiosk checks a visitor in while the door's first node is down.
    const kiosk = await startDevice(door, DEVICES.kioskCurial);
    tablets.push(kiosk);
    const checkin = await createCheckin(kiosk.store, 'curial', DEVICES.kioskCurial.name, { visitorName: `${PREFIX} kiosk`, reason: 'Passeport', signature: SIGNATURE });
    const intakeVisit = `visit:${checkin._id.slice('checkin:'.length)}`;
    await expect.poll(() => a.store.dbs.accueil.get(intakeVisit).then(() => true, () => false), { timeout: 30_000 }).toBe(true);
    await cluster.restart(n1);
    await waitForWrites(6);
    // Now a node the door does not talk to (it moved to the second one).
    await cluster.kill(n3);
    await waitForWrites(6);
    expect(await healthy()).toBe(200);
    await cluster.restart(n3);
    await waitForWrites(4);
    writing = false;
    await writer;

    const expected = [...written, `${PREFIX} kiosk`].sort();
    // Both tablets converge on the same visits, each exactly once and without conflicts.
    const visitsOn = async (t: Runtime) => names((await t.store.dbs.accueil.allDocs({ include_docs: true, conflicts: true })).rows as Row[]);
    for (const t of [a, b]) await expect.poll(() => visitsOn(t), { timeout: 60_000 }).toEqual(expected);
    // The cluster as the door sees it.
    const onCluster = async () => names((await client.get<{ rows: Row[] }>('/accueil/_all_docs?include_docs=true&conflicts=true')).rows);
    await expect.poll(onCluster, { timeout: 30_000 }).toEqual(expected);
    // Each node's own copy: once internal replication has caught the restarted nodes up, each
    // node alone (the two others killed) must answer every write. In turn: [1] alone, then [2], then [3].
    await expect.poll(() => internalReplicationJobs(cluster), { timeout: 60_000 }).toBe(0);
    const alone = async (node: ClusterNode) => {
      const only = new CouchClient(node.url, cluster.admin);
      expect(names((await only.get<{ rows: Row[] }>('/accueil/_all_docs?include_docs=true&conflicts=true')).rows), node.name).toEqual(expected);
    };
    await cluster.kill(n2);
    await cluster.kill(n3);
    await alone(n1);
    await cluster.restart(n2);
    await cluster.kill(n1);
    await alone(n2);
    await cluster.restart(n3);
    await cluster.kill(n2);
    await alone(n3);
    await cluster.restart(n1);
    await cluster.restart(n2);
    // The intake worker took the check-in in while the first node was down.
    expect(server.output()).toContain('intake: moved 1 kiosk check-in(s) into accueil');
  });
});

const form = (site: SiteCode, visitorName: string) => ({
  site,
  visitorName,
  reason: 'Acte de naissance',
  serviceId: 'service:etat-civil',
  idChecked: true,
  doorOpenedBy: 'Agent A'
});

/** The test's visits' names, sorted; a doc in conflict shows as `<name> (conflict)`. */
function names(rows: Row[]): string[] {
  return rows
    .filter((r) => r.doc?.type === 'visit' && r.doc.visitorName?.startsWith(PREFIX))
    .map((r) => (r.doc!._conflicts?.length ? `${r.doc!.visitorName} (conflict)` : r.doc!.visitorName!))
    .sort();
}

/** Internal replication jobs pending on all nodes (CouchDB's `_system` stats). */
async function internalReplicationJobs(cluster: CouchCluster): Promise<number> {
  let total = 0;
  for (const node of cluster.nodes) {
    const c = new CouchClient(node.url, cluster.admin);
    total += (await c.get<{ internal_replication_jobs: number }>('/_node/_local/_system')).internal_replication_jobs;
  }
  return total;
}
