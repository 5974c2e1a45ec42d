import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PouchDB } from './helpers';
import { startSyncServer, type SyncServer } from '../../../sync-server/src/server';
import { purgeExpired } from '../../../sync-server/src/workers/retention';
import { holdsPersonalData } from '../../../src/lib/domain/retention';

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

  it('holds the cut-off to the hour for every purged type: kept at 91½ days, deleted at 92½', async () => {
    // NOW is 10:00 UTC on 29 November; 92 days before is 29 August, 12:00 in Paris (CEST). 92½
    // days before is midnight starting 29 August in Paris, 91½ midnight ending it: the tickets and
    // calls of either side carry the Paris day of the cut-off, or the next one.
    const kept = daysAgo(91.5);
    const gone = daysAgo(92.5);
    const justBefore = new Date(Date.parse(daysAgo(92)) - 3600_000).toISOString();
    const justAfter = new Date(Date.parse(daysAgo(92)) + 3600_000).toISOString();
    const paris = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));
    expect([paris(gone), paris(justBefore), paris(justAfter), paris(kept)]).toEqual(['2026-08-29', '2026-08-29', '2026-08-29', '2026-08-30']);

    const visitAt = (at: string, tag: string) => visit('hdv', at, `Heure${tag}`);
    const conflictOf = (docId: string, docType: string, at: string) => ({
      _id: `conflict:${docId}:2-abc`, type: 'conflict', v: 1, docId, docType, fields: [{ field: 'reason', kept: 'a', discarded: 'b' }],
      keptRev: '2-a', discardedRev: '2-abc', detectedAt: at, detectedBy: 'desk-hdv'
    });
    let n = 0;
    const ticket = (at: string) => {
      const number = `B${++n}`;
      return {
        _id: `ticket:hdv:${paris(at)}:${number}`, type: 'ticket', v: 1, site: 'hdv', day: paris(at), number, category: 'general', source: 'desk',
        issuedAt: at, status: 'closed', closedAt: at, closedReason: 'Parti', createdBy: 'desk-hdv', updatedAt: at, updatedBy: 'desk-hdv', fieldGen: {}
      };
    };
    const call = (t: ReturnType<typeof ticket>) => ({
      _id: `call:hdv:${t.day}:${t.number}:desk-hdv`, type: 'call', v: 1, site: 'hdv', day: t.day, number: t.number, guichet: 2, calledAt: t.issuedAt, issuedAt: t.issuedAt, device: 'desk-hdv'
    });
    const checkin = (at: string, tag: string) => ({
      _id: `checkin:hdv:${at}:${tag}`, type: 'checkin', v: 1, site: 'hdv', visitorName: `Borne ${tag}`, reason: 'Passeport', createdAt: at, kiosk: 'kiosk-hdv'
    });
    const loan = (returnedAt: string, tag: string) => ({
      _id: `loan:hdv:6f1c2d3e-0000-4000-8000-0000000002${tag}`, type: 'loan', v: 1, site: 'hdv', equipmentId: 'equipment:hdv:pc-portable-3', agent: `Agent ${tag}`,
      service: 'Urbanisme', lentAt: daysAgo(200), dueAt: daysAgo(199), lentBy: 'Accueil', returnedAt, returnedTo: 'Accueil'
    });
    const shift = (endedAt: string) => ({
      _id: `shift:hdv:desk-hdv:${Date.parse(endedAt) - 3600_000}`, type: 'shift', v: 1, site: 'hdv', device: 'desk-hdv', adviserId: 'adviser:chloe-martin',
      adviserName: 'Chloé Martin', startedAt: new Date(Date.parse(endedAt) - 3600_000).toISOString(), endedAt, endReason: 'sign-out'
    });

    const at = { gone, justBefore, justAfter, kept };
    const doomed = (k: keyof typeof at) => k === 'gone' || k === 'justBefore';
    const expected: { db: string; id: string; goes: boolean }[] = [];
    const write = async (db: string, docs: { _id: string }[], goes: boolean) => {
      const res = await server.client.post<{ error?: string }[]>(`/${db}/_bulk_docs`, { docs });
      expect(res.filter((r) => r.error)).toEqual([]);
      expected.push(...docs.map((d) => ({ db, id: d._id, goes })));
    };
    for (const [k, instant] of Object.entries(at) as [keyof typeof at, string][]) {
      const v = visitAt(instant, k);
      const t = ticket(instant);
      const l = loan(instant, String(Object.keys(at).indexOf(k)));
      const s = shift(instant);
      await write('accueil', [v, conflictOf(v._id, 'visit', instant), t, l, s], doomed(k));
      // Conflict records about a ticket or a shift go with it, not before.
      await write('accueil', [conflictOf(t._id, 'ticket', instant), conflictOf(s._id, 'shift', instant), conflictOf(l._id, 'loan', instant)], doomed(k));
      await write('planning', [call(t), conflictOf(call(t)._id, 'call', instant)], doomed(k));
      await write('borne', [checkin(instant, k)], doomed(k));
    }

    await purgeExpired(server.client, NOW, 92);
    const present = async (db: string, id: string) => (await server.client.request('GET', `/${db}/${encodeURIComponent(id)}`)).status === 200;
    const wrong: string[] = [];
    for (const e of expected) if ((await present(e.db, e.id)) === e.goes) wrong.push(`${e.db}/${e.id} ${e.goes ? 'kept' : 'deleted'}`);
    expect(wrong).toEqual([]);
    expect(expected.filter((e) => e.goes)).toHaveLength(2 * 11);
    // The tablet compacts its copy when such a deletion arrives: it must know every purged type.
    expect(expected.filter((e) => e.goes && !holdsPersonalData(e.id)).map((e) => e.id)).toEqual([]);
  });
});
