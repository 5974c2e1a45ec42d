import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer } from '../../support/server';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES } from '../../support/devices';

type Server = Awaited<ReturnType<typeof startSyncServer>>;

// The server's own modules, loaded through variable paths like tests/support/server.ts does, so
// their Node types stay out of the app's program.
interface AdminClient {
  post<T>(path: string, body: unknown): Promise<T>;
}
const RETENTION = new URL('../../../sync-server/src/workers/retention.ts', import.meta.url).href;
const COUCH_CLIENT = new URL('../../../sync-server/src/couch-client.ts', import.meta.url).href;
async function serverSide(server: Server) {
  const { CouchClient } = (await import(/* @vite-ignore */ COUCH_CLIENT)) as { CouchClient: new (url: string, admin: Server['admin']) => AdminClient };
  const { purgeExpired } = (await import(/* @vite-ignore */ RETENTION)) as {
    purgeExpired(client: AdminClient, now: Date, days: number): Promise<{ deleted: Record<string, number> }>;
  };
  return { client: new CouchClient(server.url, server.admin), purgeExpired };
}

describe('a tablet receiving the retention purge', () => {
  let dir: string;
  let server: Server;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-purge-tablet-'));
    server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log: false });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('drops the read model row and compacts its copy at once, not at the next idle hour', async () => {
    const { client, purgeExpired } = await serverSide(server);
    const tablet = await startDevice(server.url, DEVICES.deskCurial);
    try {
      // Yesterday's visit, edited once; the purge runs as if 92 days and a bit had passed.
      const arrivedAt = new Date(Date.now() - 86_400_000).toISOString();
      const visit = {
        _id: `visit:curial:${arrivedAt}:purge-tablet`,
        type: 'visit', v: 1, site: 'curial', visitorName: 'Quatrebarbe-Xylophane', reason: 'Renseignement', serviceId: 'service:etat-civil',
        vigipirate: { idChecked: true, doorOpenedBy: 'Agent', doorOpenedAt: arrivedAt },
        arrivedAt, createdBy: 'desk-curial', updatedAt: arrivedAt, updatedBy: 'desk-curial', fieldGen: {}
      };
      const first = await client.post<{ rev: string }[]>('/accueil/_bulk_docs', { docs: [visit] });
      const second = await client.post<{ rev: string }[]>('/accueil/_bulk_docs', { docs: [{ ...visit, _rev: first[0]!.rev, reason: 'Passeport' }] });
      const local = tablet.dbs.accueil!;
      await waitFor('the visit on the tablet', async () => (await tablet.deps.rm.visits.get(visit._id)) !== undefined);

      const later = new Date(Date.parse(arrivedAt) + 93 * 86_400_000);
      expect((await purgeExpired(client, later, 92)).deleted).toEqual({ accueil: 1 });

      await waitFor('the row gone from the read model', async () => (await tablet.deps.rm.visits.get(visit._id)) === undefined);
      // The last living revision's body is what compaction drops; until then `?rev=` reads it.
      const bodyOf = (rev: string) => local.get(visit._id, { rev }).then((d) => (d as { visitorName?: string }).visitorName ?? null, () => null);
      await waitFor('the bodies compacted away', async () => (await bodyOf(second[0]!.rev)) === null && (await bodyOf(first[0]!.rev)) === null);
      const leaves = (await local.get(visit._id, { open_revs: 'all' })) as unknown as { ok?: Record<string, unknown> }[];
      expect(leaves.every((l) => l.ok?._deleted === true && l.ok?.visitorName === undefined)).toBe(true);
    } finally {
      await tablet.destroy();
    }
  });
});
