import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCookies } from '../../../sync-server/src/auth/session-cookie';
import { REVOCATIONS_FILE, SessionRevocations } from '../../../sync-server/src/auth/session-revocations';
import { type TestServer, call, demoPassword, startTestServer, tempDir } from './helpers';

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const login = async (base: string, name: string, headers: Record<string, string> = {}) =>
  call(base, 'POST', '/_session', { body: { name, password: demoPassword(name) }, headers });

describe('finding 7: a logout ends the session server-side', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ demo: true });
  });
  afterAll(() => s.stop());

  it('refuses the old cookie after DELETE /_session (401 on GET /accueil/_all_docs), and after a restart on the same data', async () => {
    const cookie = cookieOf(await login(s.url, 'desk-curial'));
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: cookie } })).status).toBe(200);
    const logout = await call(s.url, 'DELETE', '/_session', { headers: { Cookie: cookie } });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await call(s.url, 'GET', '/_session', { headers: { Cookie: cookie } })).json.userCtx).toEqual({ name: null, roles: [] });
    expect((await call(s.url, 'GET', '/api/me', { headers: { Cookie: cookie } })).status).toBe(401);

    const file = join(s.dataDir, REVOCATIONS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Hashes only: the file never holds a cookie someone could replay.
    expect(await readFile(file, 'utf8')).not.toContain(cookie.split('=')[1] ?? '');

    const other = cookieOf(await login(s.url, 'desk-hdv'));
    await s.close();
    const again = await startTestServer({ demo: true }, s.dataDir);
    s = again;
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: cookie } })).status).toBe(401);
    // Only the ended session: the other one, and new logins, work across the restart.
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: other } })).status).toBe(200);
    const fresh = cookieOf(await login(s.url, 'desk-curial'));
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: fresh } })).status).toBe(200);
  });

  it('ignores a logout with a forged cookie (nothing recorded)', async () => {
    const before = await readFile(join(s.dataDir, REVOCATIONS_FILE), 'utf8');
    const forged = `AuthSession=${Buffer.from(`desk-curial:ffffffff:${'a'.repeat(32)}:${'b'.repeat(64)}`).toString('base64url')}`;
    expect((await call(s.url, 'DELETE', '/_session', { headers: { Cookie: forged } })).status).toBe(200);
    expect(await readFile(join(s.dataDir, REVOCATIONS_FILE), 'utf8')).toBe(before);
  });

  it('kills cookies when the password changes or the device is revoked (the salt keys the MAC)', async () => {
    const created = (await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'Tablette sessions', site: 'curial', role: 'desk' } })).json;
    const as = { name: created.name, password: created.password };
    const cookie = cookieOf(await call(s.url, 'POST', '/_session', { body: as }));
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: cookie } })).status).toBe(200);
    const admin = { name: s.admin.name, password: s.admin.password };
    const doc = (await call(s.url, 'GET', `/_users/org.couchdb.user:${created.name}`, { as: admin })).json;
    expect((await call(s.url, 'PUT', `/_users/org.couchdb.user:${created.name}`, { as: admin, body: { ...doc, password: 'changed-password' } })).status).toBe(201);
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: cookie } })).status).toBe(401);

    const second = cookieOf(await call(s.url, 'POST', '/_session', { body: { name: created.name, password: 'changed-password' } }));
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: second } })).status).toBe(200);
    expect((await call(s.url, 'POST', `/api/devices/${created.name}/revoke`, { as: 'coordinator' })).status).toBe(200);
    expect((await call(s.url, 'GET', '/accueil/_all_docs', { headers: { Cookie: second } })).status).toBe(401);
  });
});

describe('finding 7: re-issued cookies and the revocation list (clock-controlled)', () => {
  it('keeps the session id across a sliding re-issue, so one logout ends every value of the session', () => {
    let now = 1_000_000_000_000;
    const cookies = new SessionCookies(Buffer.alloc(32, 3), 600, () => now);
    const first = cookies.parse(cookies.issue('desk-curial', 'salt'));
    now += 120_000;
    const second = first && cookies.parse(cookies.issue('desk-curial', 'salt', first.sid));
    expect(second?.sid).toBe(first?.sid);
    expect(second && cookies.valid(second, 'salt')).toBe(true);
    expect(cookies.parse(cookies.issue('desk-curial', 'salt'))?.sid).not.toBe(first?.sid);
  });

  it('persists atomically with mode 600 and prunes entries once expired', async () => {
    const dir = tempDir('accueil-revocations-');
    try {
      let now = 1_000_000_000_000;
      const list = await SessionRevocations.load(dir, { now: () => now });
      await list.revoke('cookie-a', now / 1000 + 60);
      await list.revoke('cookie-b', now / 1000 + 6000);
      expect(list.isRevoked('cookie-a')).toBe(true);
      expect(statSync(join(dir, REVOCATIONS_FILE)).mode & 0o777).toBe(0o600);
      now += 61_000;
      const reloaded = await SessionRevocations.load(dir, { now: () => now });
      expect(reloaded.isRevoked('cookie-a')).toBe(false);
      expect(reloaded.isRevoked('cookie-b')).toBe(true);
      expect(reloaded.size).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('finding 7: Secure session cookies behind a trusted TLS proxy only', () => {
  const root = tempDir('accueil-web-');
  let trusted: TestServer;
  let untrusted: TestServer;

  beforeAll(async () => {
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Accueil</title>');
    [trusted, untrusted] = await Promise.all([
      startTestServer({ demo: true, webRoot: root, webPort: 0, trustedProxies: ['loopback'] }),
      startTestServer({ demo: true, webRoot: root, webPort: 0 })
    ]);
  });
  afterAll(async () => {
    await Promise.all([trusted?.stop(), untrusted?.stop()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('sets Secure on /db/_session when a trusted proxy says X-Forwarded-Proto: https', async () => {
    const res = await login(trusted.webUrl + '/db', 'desk-curial', { 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    const plain = await login(trusted.webUrl + '/db', 'desk-curial');
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    const logout = await call(trusted.webUrl + '/db', 'DELETE', '/_session', { headers: { Cookie: cookieOf(res), 'X-Forwarded-Proto': 'https' } });
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0.*; Secure/);
  });

  it('does not set Secure when an untrusted client sends X-Forwarded-Proto: https itself', async () => {
    const res = await login(untrusted.webUrl + '/db', 'desk-curial', { 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('does not let an untrusted client dodge the per-address throttle with X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await call(untrusted.webUrl + '/db', 'POST', '/_session', { body: { name: `spoof-${i}`, password: 'x' }, headers: { 'X-Forwarded-For': `198.51.100.${i + 1}` } });
      statuses.push(res.status);
    }
    expect(statuses.filter((x) => x === 401)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
  });

  it('keys the throttle on the browser address a trusted proxy gives, not on the proxy', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await call(trusted.webUrl + '/db', 'POST', '/_session', { body: { name: 'kiosk-hdv', password: `w${i}` }, headers: { 'X-Forwarded-For': `198.51.100.${i + 1}` } });
      expect(res.status).toBe(401);
    }
    for (let i = 0; i < 20; i++) {
      await call(trusted.webUrl + '/db', 'POST', '/_session', { body: { name: `nobody-${i}`, password: 'x' }, headers: { 'X-Forwarded-For': '203.0.113.50' } });
    }
    // That address is locked; another browser behind the same proxy is not.
    expect((await call(trusted.webUrl + '/db', 'POST', '/_session', { body: { name: 'nobody-x', password: 'x' }, headers: { 'X-Forwarded-For': '203.0.113.50' } })).status).toBe(429);
    expect((await call(trusted.webUrl + '/db', 'POST', '/_session', { body: { name: 'nobody-y', password: 'x' }, headers: { 'X-Forwarded-For': '203.0.113.51' } })).status).toBe(401);
  });
});
