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

  it('deletes loans of equipment returned before the period, with their conflict records, never a loan still out', async () => {
    const loan = (site: 'curial' | 'hdv', n: number, lentAt: string, returnedAt?: string) => ({
      _id: `loan:${site}:6f1c2d3e-0000-4000-8000-00000000010${n}`,
      type: 'loan', v: 1, site, equipmentId: `equipment:${site}:pc-portable-3`, agent: `Agent ${n}`, service: 'Urbanisme',
      lentAt, dueAt: new Date(Date.parse(lentAt) + 8 * 3600_000).toISOString(), lentBy: 'Accueil',
      ...(returnedAt ? { returnedAt, returnedTo: 'Accueil' } : {})
    });
    const returnedLongAgo = loan('curial', 1, daysAgo(120), daysAgo(100));
    const returnedLately = loan('curial', 2, daysAgo(95), daysAgo(10));
    const outForAges = loan('curial', 3, daysAgo(200));
    // Returned long ago at the Hôtel de Ville, on two tablets while apart: two branches.
    const twoBranches = loan('hdv', 4, daysAgo(150), daysAgo(99));
    await server.client.post('/accueil/_bulk_docs', { docs: [returnedLongAgo, returnedLately, outForAges] });
    await server.client.post('/accueil/_bulk_docs', {
      new_edits: false,
      docs: [
        { ...twoBranches, _rev: '2-aaaa' },
        { ...twoBranches, returnedTo: 'Accueil HdV', _rev: '2-bbbb' }
      ]
    });
    const record = (loanId: string, detectedAt: string) => ({
      _id: `conflict:${loanId}:2-aaaa`, type: 'conflict', v: 1, docId: loanId, docType: 'loan',
      fields: [{ field: 'returnedTo', kept: 'Accueil HdV', discarded: 'Accueil' }], keptRev: '2-bbbb', discardedRev: '2-aaaa', detectedAt, detectedBy: 'desk-hdv'
    });
    await server.client.post('/accueil/_bulk_docs', { docs: [record(twoBranches._id, daysAgo(99)), record(returnedLately._id, daysAgo(10))] });

    const result = await purgeExpired(server.client, NOW, 92);
    expect(result.deleted).toEqual({ accueil: 3 });

    const loans = await server.client.get<{ rows: { id: string }[] }>('/accueil/_all_docs?startkey="loan:"&endkey="loan:\uffff"');
    const ids = loans.rows.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([returnedLately._id, outForAges._id]));
    expect(ids).not.toContain(returnedLongAgo._id);
    // Both branches are gone: no older revision comes back as the winner.
    expect(ids).not.toContain(twoBranches._id);
    expect((await server.client.request('GET', `/accueil/${encodeURIComponent(twoBranches._id)}`)).status).toBe(404);
    const records = await server.client.get<{ rows: { id: string }[] }>('/accueil/_all_docs?startkey="conflict:loan:"&endkey="conflict:loan:\uffff"');
    expect(records.rows.map((r) => r.id)).toEqual([`conflict:${returnedLately._id}:2-aaaa`]);

    expect((await purgeExpired(server.client, NOW, 92)).deleted).toEqual({});
  });

  it('deletes the shifts ended before the period, never a recent one', async () => {
    const shift = (site: 'curial' | 'hdv', startedAt: string, endedAt?: string) => ({
      _id: `shift:${site}:desk-${site}:${Date.parse(startedAt)}`,
      type: 'shift', v: 1, site, device: `desk-${site}`, adviserId: 'adviser:chloe-martin', adviserName: 'Chloé Martin', startedAt,
      ...(endedAt ? { endedAt, endReason: 'sign-out' } : {})
    });
    const old = shift('curial', daysAgo(120), daysAgo(120));
    const neverClosed = shift('hdv', daysAgo(100));
    const recent = shift('hdv', daysAgo(3), daysAgo(3));
    await server.client.post('/accueil/_bulk_docs', { docs: [old, neverClosed, recent] });
    expect((await purgeExpired(server.client, NOW, 92)).deleted).toEqual({ accueil: 2 });
    const left = await server.client.get<{ rows: { id: string }[] }>('/accueil/_all_docs?startkey="shift:"&endkey="shift:\uffff"');
    expect(left.rows.map((r) => r.id)).toEqual([recent._id]);
  });
});
