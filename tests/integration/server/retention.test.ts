import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PouchDB } from './helpers';
import { startSyncServer, type SyncServer } from '../../../sync-server/src/server';
import { purgeExpired } from '../../../sync-server/src/workers/retention';

const NOW = new Date('2026-11-29T10:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

const visit = (site: 'curial' | 'hdv', at: string, name: string) => ({
  _id: `visit:${site}:${at}:${name.toLowerCase()}`,
  type: 'visit', v: 1, site, visitorName: name, reason: 'Renseignement', serviceId: 'service:etat-civil',
  vigipirate: { idChecked: true, doorOpenedBy: 'Agent', doorOpenedAt: at },
  arrivedAt: at, createdBy: 'desk-curial', updatedAt: at, updatedBy: 'desk-curial', fieldGen: {}
});

describe('retention purge of personal data', () => {
  let dir: string;
  let server: SyncServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-retention-'));
    server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log: false });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes visits, their conflict records and kiosk check-ins older than the period, and only those', async () => {
    const old = [visit('curial', daysAgo(120), 'Ancien'), visit('hdv', daysAgo(93), 'Vieux')];
    const recent = [visit('curial', daysAgo(91), 'Recent'), visit('hdv', daysAgo(1), 'Hier')];
    await server.client.post('/accueil/_bulk_docs', { docs: [...old, ...recent] });
    await server.client.post('/accueil/_bulk_docs', {
      docs: [
        { _id: `conflict:${old[0]!._id}:2-abc`, type: 'conflict', v: 1, docId: old[0]!._id, docType: 'visit', fields: [{ field: 'visitorName', kept: 'Ancien', discarded: 'Ancienne' }], keptRev: '2-a', discardedRev: '2-abc', detectedAt: daysAgo(120), detectedBy: 'desk-curial' }
      ]
    });
    await server.client.post('/borne/_bulk_docs', {
      docs: [
        { _id: `checkin:curial:${daysAgo(100)}:k1`, type: 'checkin', v: 1, site: 'curial', visitorName: 'Borne Ancien', reason: 'Passeport', createdAt: daysAgo(100), kiosk: 'kiosk-curial' },
        { _id: `checkin:curial:${daysAgo(2)}:k2`, type: 'checkin', v: 1, site: 'curial', visitorName: 'Borne Recent', reason: 'Passeport', createdAt: daysAgo(2), kiosk: 'kiosk-curial' }
      ]
    });

    // A tablet that holds everything before the purge.
    const tablet = new PouchDB(`tablet-${Date.now()}`, { adapter: 'memory' });
    const remote = new PouchDB(`${server.url}/accueil`, { skip_setup: true, auth: { username: 'desk-curial', password: 'demo-desk-curial' } });
    await tablet.replicate.from(remote);
    expect((await tablet.allDocs({ startkey: 'visit:', endkey: 'visit:\uffff' })).rows).toHaveLength(4);

    const oldRev = (await server.client.get<{ _rev: string }>(`/accueil/${encodeURIComponent(old[0]!._id)}`))._rev;
    const result = await purgeExpired(server.client, NOW, 92);
    expect(result.deleted).toEqual({ accueil: 3, borne: 1 });

    const visits = await server.client.get<{ rows: { id: string }[] }>('/accueil/_all_docs?startkey="visit:"&endkey="visit:\uffff"');
    expect(visits.rows.map((r) => r.id).sort()).toEqual(recent.map((v) => v._id).sort());
    const conflicts = await server.client.get<{ rows: unknown[] }>('/accueil/_all_docs?startkey="conflict:"&endkey="conflict:\uffff"');
    expect(conflicts.rows).toHaveLength(0);
    const checkins = await server.client.get<{ rows: { id: string }[] }>('/borne/_all_docs?startkey="checkin:"&endkey="checkin:\uffff"');
    expect(checkins.rows.map((r) => r.id)).toEqual([`checkin:curial:${daysAgo(2)}:k2`]);

    // Not merely hidden: the old body is gone from the server, even by revision.
    await expect
      .poll(async () => (await server.client.request('GET', `/accueil/${encodeURIComponent(old[0]!._id)}?rev=${encodeURIComponent(oldRev)}`)).status)
      .toBe(404);

    // The tablet receives the deletions: after compaction it keeps no body of the old visits.
    await tablet.replicate.from(remote);
    await tablet.compact();
    expect((await tablet.allDocs({ startkey: 'visit:', endkey: 'visit:\uffff' })).rows).toHaveLength(2);
    const leaf = (await tablet.get(old[0]!._id, { open_revs: 'all' })) as unknown as { ok?: Record<string, unknown> }[];
    expect(leaf.every((l) => l.ok?._deleted === true && l.ok?.visitorName === undefined)).toBe(true);
    await tablet.destroy();

    // Running it again deletes nothing more.
    expect((await purgeExpired(server.client, NOW, 92)).deleted).toEqual({});
  });
});
