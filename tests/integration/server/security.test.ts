import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkin, visit } from '$lib/testing/fixtures';
import { type TestServer, call, localDb, remoteDb, startTestServer } from './helpers';

/** Who may read which database: `_security` per database, plus the kiosk's push-only inbox. */
describe('database access by role', () => {
  let s: TestServer;
  const admin = () => ({ name: s.admin.name, password: s.admin.password });

  beforeAll(async () => {
    s = await startTestServer({ demo: true });
    await call(s.url, 'POST', '/borne/_bulk_docs', {
      as: admin(),
      body: { docs: [checkin({ _id: 'checkin:curial:2025-03-10T08:00:00.000Z:seed', kiosk: 'kiosk-curial' })] }
    });
    await call(s.url, 'PUT', `/accueil/${encodeURIComponent(visit()._id)}`, { as: 'desk-curial', body: visit() });
  });
  afterAll(() => s.stop());

  const matrix: [string, string, number][] = [
    ['desk-curial', 'accueil', 200],
    ['desk-curial', 'planning', 200],
    ['desk-curial', 'referentiel', 200],
    ['desk-curial', 'borne', 403],
    ['coordinator', 'accueil', 200],
    ['coordinator', 'borne', 200],
    ['display-hdv', 'accueil', 403],
    ['display-hdv', 'planning', 200],
    ['display-hdv', 'referentiel', 200],
    ['display-hdv', 'borne', 403],
    ['kiosk-curial', 'accueil', 403],
    ['kiosk-curial', 'planning', 200], // the called numbers, for the estimated wait
    ['kiosk-curial', 'referentiel', 200]
  ];
  it.each(matrix)('%s reading %s/_all_docs gets %i', async (who, db, status) => {
    const res = await call(s.url, 'GET', `/${db}/_all_docs`, { as: who });
    expect(res.status).toBe(status);
    if (status === 403) expect(res.json).toEqual({ error: 'forbidden', reason: 'You are not allowed to access this db.' });
  });

  it('a display cannot read visitors, by any route', async () => {
    for (const path of [`/accueil/${encodeURIComponent(visit()._id)}`, '/accueil/_changes', '/accueil/_design/conflicts/_view/by_doc']) {
      expect((await call(s.url, 'GET', path, { as: 'display-hdv' })).status).toBe(403);
    }
    expect((await call(s.url, 'POST', '/accueil/_bulk_get', { as: 'display-hdv', body: { docs: [{ id: visit()._id }] } })).status).toBe(403);
  });

  it('a display cannot pull accueil with PouchDB, and can pull planning', async () => {
    await expect(localDb().replicate.from(remoteDb(s, 'accueil', 'display-hdv'))).rejects.toMatchObject({ status: 403 });
    const planning = localDb();
    const result = await planning.replicate.from(remoteDb(s, 'planning', 'display-hdv'));
    expect(result.docs_written).toBeGreaterThan(0);
  });

  describe('kiosk on its inbox (push only)', () => {
    const seed = 'checkin:curial:2025-03-10T08:00:00.000Z:seed';
    it.each([
      ['GET', `/borne/${encodeURIComponent(seed)}`],
      ['GET', '/borne/_all_docs'],
      ['GET', '/borne/_changes'],
      ['POST', '/borne/_changes'],
      ['POST', '/borne/_all_docs'],
      ['POST', '/borne/_bulk_get'],
      ['POST', '/borne/_find'],
      ['GET', '/borne/_design/authority'],
      ['GET', '/borne/_security'],
      ['DELETE', `/borne/${encodeURIComponent(seed)}`]
    ])('%s %s is forbidden', async (method, path) => {
      const res = await call(s.url, method, path, { as: 'kiosk-curial', body: method === 'POST' ? {} : undefined });
      expect(res.status).toBe(403);
      expect(res.json.error).toBe('forbidden');
    });

    it('may do what push replication needs', async () => {
      expect((await call(s.url, 'GET', '/borne', { as: 'kiosk-curial' })).status).toBe(200);
      expect((await call(s.url, 'PUT', '/borne/_local/checkpoint-test', { as: 'kiosk-curial', body: { last_seq: 1 } })).status).toBe(201);
      expect((await call(s.url, 'GET', '/borne/_local/checkpoint-test', { as: 'kiosk-curial' })).status).toBe(200);
      expect((await call(s.url, 'POST', '/borne/_revs_diff', { as: 'kiosk-curial', body: { x: ['1-a'] } })).status).toBe(200);
      expect((await call(s.url, 'POST', '/borne/_ensure_full_commit', { as: 'kiosk-curial' })).status).toBe(201);
      const doc = checkin({ _id: 'checkin:curial:2025-03-10T09:00:00.000Z:put', kiosk: 'kiosk-curial' });
      expect((await call(s.url, 'PUT', `/borne/${encodeURIComponent(doc._id)}`, { as: 'kiosk-curial', body: doc })).status).toBe(201);
    });

    it('pushes check-ins with PouchDB replication, and cannot pull them back', async () => {
      const local = localDb('kiosk');
      await local.bulkDocs([
        checkin({ _id: 'checkin:curial:2025-03-10T10:00:00.000Z:r1', kiosk: 'kiosk-curial' }),
        checkin({ _id: 'checkin:curial:2025-03-10T10:01:00.000Z:r2', kiosk: 'kiosk-curial', visitorName: 'Anne Roche' })
      ]);
      const remote = remoteDb(s, 'borne', 'kiosk-curial');
      const pushed = await local.replicate.to(remote);
      expect(pushed.docs_written).toBe(2);
      expect(pushed.doc_write_failures).toBe(0);
      const seen = await call(s.url, 'GET', '/borne/_all_docs', { as: 'coordinator' });
      expect(seen.json.rows.map((r: { id: string }) => r.id)).toContain('checkin:curial:2025-03-10T10:01:00.000Z:r2');
      await expect(localDb().replicate.from(remote)).rejects.toMatchObject({ status: 403 });
    });

    it('reads the directory it needs', async () => {
      const result = await localDb().replicate.from(remoteDb(s, 'referentiel', 'kiosk-curial'));
      expect(result.docs_written).toBeGreaterThan(10);
    });
  });

  it('members can read and write what their role allows', async () => {
    const local = localDb('desk');
    const result = await local.replicate.from(remoteDb(s, 'accueil', 'desk-curial'));
    expect(result.docs_written).toBeGreaterThan(0);
    expect((await local.get(visit()._id)).visitorName).toBe(visit().visitorName);
  });
});
