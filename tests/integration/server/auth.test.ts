import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordChecks } from '../../../sync-server/src/auth/passwords';
import { SessionCookies } from '../../../sync-server/src/auth/session-cookie';
import { VerifyCache } from '../../../sync-server/src/auth/verify-cache';
import { type TestServer, basicHeader, call, localDb, remoteDb, startTestServer } from './helpers';

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('authentication', () => {
  let s: TestServer;
  const admin = () => ({ name: s.admin.name, password: s.admin.password });

  beforeAll(async () => {
    s = await startTestServer({ demo: true });
  });
  afterAll(() => s.stop());

  it('accepts Basic auth with the right password', async () => {
    expect((await call(s.url, 'GET', '/accueil', { as: 'desk-curial' })).status).toBe(200);
  });

  it('answers a wrong password or an unknown user with 401 JSON', async () => {
    for (const as of [{ name: 'desk-curial', password: 'wrong' }, { name: 'nobody', password: 'x' }]) {
      const res = await call(s.url, 'GET', '/accueil', { as });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
      // No browser login prompt over the PWA.
      expect(res.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('stores users in the CouchDB 3.4 format (PBKDF2-SHA256, 600,000 iterations), never the password', async () => {
    const doc = (await call(s.url, 'GET', '/_users/org.couchdb.user:desk-curial', { as: admin() })).json;
    expect(doc).toMatchObject({ name: 'desk-curial', type: 'user', password_scheme: 'pbkdf2', pbkdf2_prf: 'sha256', iterations: 600000 });
    expect(doc.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(doc.derived_key).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.password).toBeUndefined();
  });

  it('logs in with POST /_session (JSON or form) and then accepts the HttpOnly, SameSite=Strict cookie', async () => {
    const login = await call(s.url, 'POST', '/_session', { body: { name: 'desk-hdv', password: 'demo-desk-hdv' } });
    expect(login.status).toBe(200);
    expect(login.json).toEqual({ ok: true, name: 'desk-hdv', roles: ['desk', 'site:hdv'] });
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^AuthSession=[^;]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = cookieOf(login);
    expect((await call(s.url, 'GET', '/accueil', { headers: { Cookie: cookie } })).status).toBe(200);
    const session = await call(s.url, 'GET', '/_session', { headers: { Cookie: cookie } });
    expect(session.json.userCtx).toEqual({ name: 'desk-hdv', roles: ['desk', 'site:hdv'] });

    const form = await call(s.url, 'POST', '/_session', {
      body: 'name=desk-hdv&password=demo-desk-hdv',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    });
    expect(form.status).toBe(200);
  });

  it('refuses a bad login, a tampered cookie and a cookie after DELETE /_session', async () => {
    expect((await call(s.url, 'POST', '/_session', { body: { name: 'desk-hdv', password: 'nope' } })).status).toBe(401);
    const cookie = cookieOf(await call(s.url, 'POST', '/_session', { body: { name: 'desk-hdv', password: 'demo-desk-hdv' } }));
    const value = cookie.split('=')[1] ?? '';
    const raw = Buffer.from(value, 'base64url').toString().replace('desk-hdv', 'coordinator');
    const forged = `AuthSession=${Buffer.from(raw).toString('base64url')}`;
    expect((await call(s.url, 'GET', '/borne', { headers: { Cookie: forged } })).status).toBe(401);
    const logout = await call(s.url, 'DELETE', '/_session', { headers: { Cookie: cookie } });
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call(s.url, 'GET', '/accueil', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('tells an anonymous GET /_session who it is (nobody), like CouchDB', async () => {
    const res = await call(s.url, 'GET', '/_session');
    expect(res.status).toBe(200);
    expect(res.json.userCtx).toEqual({ name: null, roles: [] });
  });

  it('lets GET /_up through without credentials', async () => {
    expect((await call(s.url, 'GET', '/_up')).json).toEqual({ status: 'ok' });
  });

  it('caches successful checks so replication does not pay 600,000 iterations per request', async () => {
    // Counted in hashes, not milliseconds: timings lie on a loaded machine.
    const as = { name: 'display-curial', password: 'demo-display-curial' };
    const before = passwordChecks();
    expect((await call(s.url, 'GET', '/planning', { as })).status).toBe(200);
    expect(passwordChecks() - before).toBe(1);
    for (let i = 0; i < 10; i++) expect((await call(s.url, 'GET', '/planning', { as })).status).toBe(200);
    expect(passwordChecks() - before).toBe(1);
  });

  it('forgets a cached password when the user document changes', async () => {
    const created = (await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'Tablette test', site: 'curial', role: 'desk' } })).json;
    const as = { name: created.name, password: created.password };
    expect((await call(s.url, 'GET', '/accueil', { as })).status).toBe(200);
    const doc = (await call(s.url, 'GET', `/_users/org.couchdb.user:${created.name}`, { as: admin() })).json;
    expect((await call(s.url, 'PUT', `/_users/org.couchdb.user:${created.name}`, { as: admin(), body: { ...doc, password: 'changed' } })).status).toBe(201);
    expect((await call(s.url, 'GET', '/accueil', { as })).status).toBe(401);
    expect((await call(s.url, 'GET', '/accueil', { as: { name: created.name, password: 'changed' } })).status).toBe(200);
  });

  it('refuses a revoked device at once, Basic auth, session cookie and live replication alike', async () => {
    const created = (await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'Tablette perdue', site: 'hdv', role: 'desk' } })).json;
    const as = { name: created.name, password: created.password };
    expect((await call(s.url, 'GET', '/accueil', { as })).status).toBe(200);
    const cookie = cookieOf(await call(s.url, 'POST', '/_session', { body: as }));
    expect((await call(s.url, 'GET', '/accueil', { headers: { Cookie: cookie } })).status).toBe(200);

    const revoke = await call(s.url, 'POST', `/api/devices/${created.name}/revoke`, { as: 'coordinator' });
    expect(revoke.status).toBe(200);
    expect(revoke.json).toMatchObject({ name: created.name, revoked: true, roles: ['revoked'] });

    expect((await call(s.url, 'GET', '/accueil', { as })).status).toBe(401);
    expect((await call(s.url, 'GET', '/accueil/_changes', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/me', { as })).status).toBe(401);
    await expect(localDb().replicate.from(remoteDb(s, 'accueil', as))).rejects.toMatchObject({ status: 401 });
  });

  it('keeps the generated admin credentials in <dataDir>/admin.json, readable by the owner only', async () => {
    const path = join(s.dataDir, 'admin.json');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ name: s.admin.name, password: s.admin.password });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
  });

  it('takes the admin from options (or SYNC_ADMIN_USER / SYNC_ADMIN_PASSWORD)', async () => {
    const other = await startTestServer({ adminUser: 'boss', adminPassword: 'sesame-sesame' });
    try {
      expect(other.admin).toEqual({ name: 'boss', password: 'sesame-sesame' });
      const res = await fetch(`${other.url}/_all_dbs`, { headers: { Authorization: basicHeader('boss', 'sesame-sesame') } });
      expect(res.status).toBe(200);
      expect((await fetch(`${other.url}/_all_dbs`, { headers: { Authorization: basicHeader('boss', 'wrong') } })).status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});

describe('session cookies (clock-controlled)', () => {
  const secret = Buffer.alloc(32, 7);

  it('expire after 10 minutes and slide when used after 10% of their life', () => {
    let now = 1_000_000_000_000;
    const cookies = new SessionCookies(secret, 600, () => now);
    const value = cookies.issue('desk-curial', 'salt1');
    const parsed = cookies.parse(value);
    expect(parsed && cookies.valid(parsed, 'salt1')).toBe(true);
    expect(parsed && cookies.needsRefresh(parsed)).toBe(false);
    now += 61_000;
    const later = cookies.parse(value);
    expect(later && cookies.needsRefresh(later)).toBe(true);
    now += 600_000;
    expect(cookies.parse(value)).toBeNull();
  });

  it('die with a password change (the salt keys the MAC)', () => {
    const cookies = new SessionCookies(secret);
    const parsed = cookies.parse(cookies.issue('desk-curial', 'old-salt'));
    expect(parsed && cookies.valid(parsed, 'new-salt')).toBe(false);
  });
});

describe('verification cache', () => {
  it('matches only the same name, password and user revision, and expires', () => {
    let now = 0;
    const cache = new VerifyCache(1000, 10, () => now);
    cache.add('a', 'pw', '1-x');
    expect(cache.has('a', 'pw', '1-x')).toBe(true);
    expect(cache.has('a', 'pw', '2-y')).toBe(false);
    expect(cache.has('a', 'other', '1-x')).toBe(false);
    cache.invalidate('a');
    expect(cache.has('a', 'pw', '1-x')).toBe(false);
    cache.add('a', 'pw', '1-x');
    now = 1001;
    expect(cache.has('a', 'pw', '1-x')).toBe(false);
  });

  it('slides while in use, so a working tablet keeps its entry through a throttled attack', () => {
    let now = 0;
    const cache = new VerifyCache(1000, 10, () => now);
    cache.add('a', 'pw', '1-x');
    for (now = 900; now < 5000; now += 900) expect(cache.has('a', 'pw', '1-x')).toBe(true);
  });
});
