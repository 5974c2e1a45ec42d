import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from '$lib/testing/fixtures';
import { type TestServer, call, startTestServer } from './helpers';

/** Each known defect of express-pouchdb 4.2.0 (STACK.md), pinned by a test named after it. */
describe('hardened HTTP layer', () => {
  let s: TestServer;
  const admin = () => ({ name: s.admin.name, password: s.admin.password });

  beforeAll(async () => {
    s = await startTestServer({ demo: true, corsOrigins: ['http://localhost:4173'] });
  });
  afterAll(() => s.stop());

  it('GET / answers like CouchDB 3, without the express-pouchdb banner', async () => {
    const res = await call(s.url, 'GET', '/');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ couchdb: 'Welcome', version: '3.3.3', vendor: { name: 'Accueil sync-server' } });
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('pouchdb-server#374: an anonymous PUT /<newdb> gets 401 and the process keeps serving', async () => {
    const res = await call(s.url, 'PUT', '/x');
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'unauthorized' });
    expect((await call(s.url, 'GET', '/')).status).toBe(200);
    expect((await call(s.url, 'GET', '/_all_dbs', { as: admin() })).json).not.toContain('x');
  });

  it('creating and deleting databases is for the server admin only', async () => {
    expect((await call(s.url, 'PUT', '/y', { as: 'coordinator' })).status).toBe(401);
    expect((await call(s.url, 'DELETE', '/accueil', { as: 'coordinator' })).status).toBe(401);
    expect((await call(s.url, 'GET', '/')).status).toBe(200);
    expect((await call(s.url, 'PUT', '/y', { as: admin() })).status).toBe(201);
    expect((await call(s.url, 'DELETE', '/y', { as: admin() })).status).toBe(200);
    expect((await call(s.url, 'GET', '/accueil', { as: 'coordinator' })).status).toBe(200);
  });

  it.each(['/_all_dbs', '/_config', '/_active_tasks', '/_replicate', '/_uuids', '/_utils'])(
    'server endpoint %s is refused to anonymous callers and devices',
    async (path) => {
      expect((await call(s.url, 'GET', path)).status).toBe(401);
      const asDevice = await call(s.url, 'GET', path, { as: 'coordinator' });
      expect(asDevice.status).toBe(401);
      expect(asDevice.json).toEqual({ error: 'unauthorized', reason: 'You are not a server admin.' });
    }
  );

  it('_all_dbs works for the admin; _config and _replicate do not exist at all', async () => {
    expect((await call(s.url, 'GET', '/_all_dbs', { as: admin() })).json).toEqual(
      expect.arrayContaining(['accueil', 'planning', 'referentiel', 'borne', '_users'])
    );
    expect((await call(s.url, 'GET', '/_config', { as: admin() })).status).toBe(404);
    expect((await call(s.url, 'POST', '/_replicate', { as: admin(), body: {} })).status).toBe(404);
  });

  describe('CORS', () => {
    const origin = 'http://localhost:4173';

    it('reflects a listed origin with credentials', async () => {
      const res = await call(s.url, 'GET', '/accueil', { as: 'desk-curial', headers: { Origin: origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    });

    it('answers a preflight from a listed origin before authentication', async () => {
      const res = await call(s.url, 'OPTIONS', '/accueil/_bulk_docs', {
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' }
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    });

    it('gives no CORS header at all to an origin that is not listed', async () => {
      const evil = 'http://evil.example';
      const simple = await call(s.url, 'GET', '/accueil', { as: 'desk-curial', headers: { Origin: evil } });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await call(s.url, 'OPTIONS', '/accueil', { headers: { Origin: evil, 'Access-Control-Request-Method': 'PUT' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    });
  });

  describe('request body limit (default 16 MiB)', () => {
    it('refuses a 17 MiB body with a 413 JSON error', async () => {
      const big = JSON.stringify({ docs: [{ _id: 'big', blob: 'x'.repeat(17 * 1024 * 1024) }] });
      const res = await call(s.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: big });
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ error: 'too_large' });
      expect((await call(s.url, 'GET', '/')).status).toBe(200);
    });

    it('accepts a body under the limit', async () => {
      const doc = visit({ _id: 'visit:curial:2025-03-10T23:30:00.000Z:bodylim', reason: 'Passeport' });
      const padded = JSON.stringify({ docs: [doc], padding: 'x'.repeat(2 * 1024 * 1024) });
      const res = await call(s.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: padded });
      expect(res.status).toBe(201);
    });

    it('is configurable', async () => {
      // Above the largest design document, which setup writes through the same HTTP layer.
      const small = await startTestServer({ maxBodyBytes: 100_000 });
      try {
        const res = await call(small.url, 'POST', '/accueil/_bulk_docs', {
          as: { name: small.admin.name, password: small.admin.password },
          body: { docs: [{ _id: 'a', pad: 'x'.repeat(200_000) }] }
        });
        expect(res.status).toBe(413);
        expect(res.json.reason).toContain('100000 bytes');
      } finally {
        await small.stop();
      }
    });
  });

  describe('_bulk_docs keeps the request order', () => {
    it('returns one result per doc, in request order, even when some are refused', async () => {
      const docs = Array.from({ length: 120 }, (_, i) => {
        const id = `visit:curial:2025-03-10T23:30:00.000Z:order${String(i).padStart(3, '0')}`;
        if (i % 7 === 3) return visit({ _id: id, visitorName: '' }); // refused by validate_doc_update
        return visit({ _id: id });
      });
      const res = await call(s.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: { docs } });
      expect(res.status).toBe(201);
      expect((res.json as { id: string }[]).map((r) => r.id)).toEqual(docs.map((d) => d._id));
      const byId = new Map((res.json as { id: string; ok?: boolean; error?: string }[]).map((r) => [r.id, r]));
      expect(byId.get(docs[3]!._id)).toMatchObject({ error: 'forbidden' });
      expect(byId.get(docs[0]!._id)).toMatchObject({ ok: true });
    });

    it('a batch with a design document is refused whole by the door, before the engine', async () => {
      const docs = [visit({ _id: 'visit:curial:2025-03-10T23:30:00.000Z:withddoc' }), { _id: '_design/sneaky', views: {} }];
      const res = await call(s.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: { docs } });
      expect(res.status).toBe(403);
      expect(res.json.reason).toMatch(/docs\[1\]: design documents/);
      expect((await call(s.url, 'GET', `/accueil/${encodeURIComponent(docs[0]!._id)}`, { as: 'desk-curial' })).status).toBe(404);
    });
  });

  describe('no way around _security', () => {
    it('a member cannot rewrite _local/_security, by path or by body', async () => {
      const before = await call(s.url, 'GET', '/borne/_security', { as: admin() });
      const takeover = { _id: '_local/_security', security: { members: { roles: ['kiosk'] }, admins: { roles: ['kiosk'] } } };
      for (const attempt of [
        call(s.url, 'PUT', '/borne/_local/_security', { as: 'kiosk-curial', body: takeover }),
        call(s.url, 'PUT', '/borne/_local%2F_security', { as: 'kiosk-curial', body: takeover }),
        call(s.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: { docs: [takeover] } }),
        call(s.url, 'POST', '/accueil', { as: 'desk-curial', body: takeover })
      ]) {
        expect((await attempt).status).toBe(403);
      }
      expect((await call(s.url, 'GET', '/borne/_security', { as: admin() })).json).toEqual(before.json);
    });

    it('the _users database is closed to devices', async () => {
      for (const path of ['/_users', '/_users/_all_docs', '/_users/org.couchdb.user:desk-curial']) {
        const res = await call(s.url, 'GET', path, { as: 'desk-curial' });
        expect(res.status).toBe(403);
      }
      expect((await call(s.url, 'PUT', '/_users/org.couchdb.user:x', { as: 'coordinator', body: { name: 'x', roles: ['_admin'] } })).status).toBe(403);
    });

    it('a device cannot reach the enrolment codes database', async () => {
      expect((await call(s.url, 'GET', '/device_enrolment/_all_docs', { as: 'coordinator' })).status).toBe(403);
    });
  });

  describe('errors', () => {
    it('answers malformed JSON with a 400 and no stack trace', async () => {
      const res = await call(s.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: '{"docs": [', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: 'bad_request', reason: expect.stringMatching(/^invalid JSON/) });
      expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
    });

    it('answers a malformed path with a 400', async () => {
      const res = await call(s.url, 'GET', '/accueil/%E0%A4%A', { as: 'desk-curial' });
      expect(res.status).toBe(400);
      expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
    });

    it('logs one precise line per rejected request', async () => {
      await call(s.url, 'PUT', '/logged-db');
      await call(s.url, 'GET', '/accueil', { as: 'display-hdv' });
      expect(s.logs).toContainEqual(expect.stringMatching(/PUT \/logged-db -> 401 \(anonymous\): unauthorized: authentication required/));
      expect(s.logs).toContainEqual(expect.stringMatching(/GET \/accueil -> 403 \(display-hdv\): forbidden: You are not allowed to access this db/));
    });
  });
});
