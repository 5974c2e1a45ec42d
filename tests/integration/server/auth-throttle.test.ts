import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchAuthenticator } from '../../../sync-server/src/auth/couch-authenticator';
import { passwordChecks } from '../../../sync-server/src/auth/passwords';
import { HashSlots, LoginThrottle, addressKey, createCredentialGuard } from '../../../sync-server/src/auth/throttle';
import { HttpError } from '../../../sync-server/src/errors';
import { type TestServer, basicHeader, call, demoPassword, startTestServer } from './helpers';

/** The couch port believes X-Forwarded-For from loopback (the web app's proxy): each test acts from its own address. */
const from = (address: string) => ({ 'X-Forwarded-For': address });

describe('finding 6: brute force and CPU exhaustion (embedded server)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ demo: true });
  });
  afterAll(() => s.stop());

  it('answers 5 wrong passwords on an account with 401, then 429 with Retry-After, without hashing', async () => {
    const before = passwordChecks();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await call(s.url, 'GET', '/accueil', { as: { name: 'desk-curial', password: `wrong-${i}` }, headers: from('198.51.100.1') });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(res.json).toMatchObject({ error: 'too_many_requests' });
      }
    }
    expect(statuses.filter((x) => x === 401)).toHaveLength(5);
    expect(statuses.filter((x) => x === 429)).toHaveLength(5);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(passwordChecks() - before).toBe(5);
  });

  it('counts failed logins on POST /_session and on the API the same way', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(s.url, 'POST', '/_session', { body: { name: 'kiosk-curial', password: `no-${i}` }, headers: from('198.51.100.2') })).status);
    for (let i = 0; i < 3; i++) statuses.push((await call(s.url, 'GET', '/api/me', { as: { name: 'kiosk-curial', password: `nope-${i}` }, headers: from('198.51.100.2') })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await call(s.url, 'POST', '/_session', { body: { name: 'kiosk-curial', password: 'again' }, headers: from('198.51.100.2') });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('keeps a working tablet in: a cached password and a session cookie still work during an attack on its own account', async () => {
    const tablet = { name: 'desk-hdv', password: demoPassword('desk-hdv') };
    expect((await call(s.url, 'GET', '/accueil', { as: tablet, headers: from('192.0.2.10') })).status).toBe(200);
    const login = await call(s.url, 'POST', '/_session', { body: tablet, headers: from('192.0.2.10') });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    let refused = 0;
    for (let i = 0; i < 8; i++) {
      const res = await call(s.url, 'GET', '/accueil', { as: { name: 'desk-hdv', password: `guess-${i}` }, headers: from('203.0.113.66') });
      if (res.status === 429) refused++;
    }
    expect(refused).toBe(3);

    const before = passwordChecks();
    for (let i = 0; i < 3; i++) {
      expect((await call(s.url, 'GET', '/accueil/_all_docs?limit=1', { as: tablet, headers: from('192.0.2.10') })).status).toBe(200);
      expect((await call(s.url, 'GET', '/accueil/_all_docs?limit=1', { headers: { Cookie: cookie, ...from('192.0.2.10') } })).status).toBe(200);
    }
    expect(passwordChecks() - before).toBe(0);
  });

  it('refuses an uncached right password while its account is locked, before hashing it', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await call(s.url, 'GET', '/planning', { as: { name: 'display-hdv', password: `x-${i}` }, headers: from('203.0.113.67') })).status).toBe(401);
    }
    const before = passwordChecks();
    const res = await call(s.url, 'GET', '/planning', { as: 'display-hdv', headers: from('192.0.2.11') });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(passwordChecks() - before).toBe(0);
  });

  it('gives an unknown name, the admin name and a device the same path: one PBKDF2 per failure, then 429', async () => {
    for (const name of ['nobody-at-all', s.admin.name, 'coordinator']) {
      const before = passwordChecks();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await call(s.url, 'GET', '/_session', { headers: { Authorization: basicHeader(name, `bad-${i}`), ...from('198.51.100.3') } });
        statuses.push(res.status);
        if (res.status === 401) expect(res.json).toEqual({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
      }
      expect(statuses, name).toEqual([401, 401, 401, 401, 401, 429, 429]);
      expect(passwordChecks() - before, name).toBe(5);
    }
  });

  it('locks an address after 20 failures on any names; other addresses and cached passwords are not affected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await call(s.url, 'GET', '/accueil', { as: { name: `spray-${i}`, password: 'x' }, headers: from('198.51.100.4') })).status);
    }
    expect(statuses.filter((x) => x === 401)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await call(s.url, 'GET', '/accueil', { as: { name: 'spray-99', password: 'x' }, headers: from('198.51.100.5') })).status).toBe(401);
    // desk-hdv's password is cached by the test above.
    expect((await call(s.url, 'GET', '/accueil', { as: 'desk-hdv', headers: from('198.51.100.4') })).status).toBe(200);
  });

  it('bounds a flood: hashes wait in a short queue, the rest get 503 at once, and only queued ones hash', async () => {
    const before = passwordChecks();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(s.url, 'GET', '/accueil', { as: { name: `flood-${i}`, password: 'x' }, headers: from(`10.9.${i}.1`) }))
    );
    const unauthorized = results.filter((r) => r.status === 401).length;
    const busy = results.filter((r) => r.status === 503);
    expect(unauthorized + busy.length).toBe(40);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]?.headers.get('retry-after')).toBe('1');
    expect(passwordChecks() - before).toBe(unauthorized);
  });
});

describe('finding 6: the throttle itself (clock-controlled)', () => {
  it('locks for 1 s, then doubles each failure up to 15 min, and forgets after the window', () => {
    let now = 0;
    const t = new LoginThrottle({ perAccount: 5, perAddress: 20, windowMs: 15 * 60_000, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, maxEntries: 100, now: () => now });
    /** Seconds `a` must wait now; 0 when a check may start (that probe is settled without counting). */
    const retryOf = () => {
      try {
        t.begin('a', '192.0.2.1')('none');
        return 0;
      } catch (err) {
        return Number((err as HttpError).headers['Retry-After']);
      }
    };
    for (let i = 0; i < 5; i++) t.begin('a', undefined)('failed');
    expect(retryOf()).toBe(1);
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wait = retryOf();
      delays.push(wait);
      now += wait * 1000;
      t.begin('a', undefined)('failed');
    }
    expect(delays.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    expect(Math.max(...delays)).toBe(900);
    now += 15 * 60_000 + 1;
    expect(retryOf()).toBe(0);
  });

  it('refuses a parallel burst beyond the limit before any check finishes, and a success clears the account', () => {
    const t = new LoginThrottle({ perAccount: 3, perAddress: 100, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 60_000, maxEntries: 100 });
    const settles = [t.begin('b', undefined), t.begin('b', undefined), t.begin('b', undefined)];
    expect(() => t.begin('b', undefined)).toThrow(HttpError);
    settles.forEach((settle) => settle('failed'));
    expect(() => t.begin('b', undefined)).toThrow(HttpError);
    const t2 = new LoginThrottle({ perAccount: 3, perAddress: 100, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 60_000, maxEntries: 100 });
    t2.begin('c', undefined)('failed');
    t2.begin('c', undefined)('failed');
    t2.begin('c', undefined)('ok');
    t2.begin('c', undefined)('failed');
    t2.begin('c', undefined)('failed');
    expect(() => t2.begin('c', undefined)('none')).not.toThrow();
  });

  it('keeps bounded memory when names are sprayed', () => {
    const t = new LoginThrottle({ perAccount: 5, perAddress: 1_000_000, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 60_000, maxEntries: 50 });
    for (let i = 0; i < 500; i++) t.begin(`n${i}`, `10.0.${i % 250}.${i % 7}`)('failed');
    expect(t.size.accounts).toBeLessThanOrEqual(50);
    expect(t.size.addresses).toBeLessThanOrEqual(50);
  });

  it('keys IPv4-mapped addresses as IPv4 and IPv6 by /64', () => {
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:1:2::5')).toBe(addressKey('2001:0db8:0001:0002:ffff::9'));
    expect(addressKey('2001:db8:1:3::5')).not.toBe(addressKey('2001:db8:1:2::5'));
  });

  it('runs one hash at a time and refuses beyond the queue with 503', async () => {
    const slots = new HashSlots(1, 2);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      slots.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => releases.push(r));
        running--;
        return true;
      });
    const runs = [job(), job(), job(), job(), job()].map((p) => p.then(() => 200, (e: HttpError) => e.status));
    await new Promise((r) => setTimeout(r, 10));
    while (releases.length) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await Promise.all(runs)).toEqual([200, 200, 200, 503, 503]);
    expect(peak).toBe(1);
  });
});

describe('finding 6: the same throttle in CouchDB mode', () => {
  let fake: Server;
  let url: string;
  let asked = 0;
  const good = basicHeader('desk-curial', 'right');

  beforeAll(async () => {
    // CouchDB's GET /_session, as far as the authenticator reads it.
    fake = createServer((req, res) => {
      asked++;
      const ok = req.headers.authorization === good || req.headers.cookie === 'AuthSession=live';
      res.writeHead(ok ? 200 : req.headers.authorization ? 401 : 200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(ok ? { ok: true, userCtx: { name: 'desk-curial', roles: ['desk', 'site:curial'] } } : { ok: true, userCtx: { name: null, roles: [] } }));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => fake.close(() => r())));

  it('asks CouchDB 5 times for wrong passwords, then answers 429 itself; a known-good password still passes', async () => {
    const auth = new CouchAuthenticator(url, { guard: createCredentialGuard() });
    const tablet = { headers: { authorization: good }, secure: false, clientAddress: '192.0.2.20' };
    expect((await auth.authenticate(tablet)).principal?.name).toBe('desk-curial');
    asked = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const attempt = { headers: { authorization: basicHeader('desk-curial', `w${i}`) }, secure: false, clientAddress: '203.0.113.9' };
      statuses.push(await auth.authenticate(attempt).then(() => 200, (e: HttpError) => e.status));
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(asked).toBe(5);
    expect((await auth.authenticate(tablet)).principal?.name).toBe('desk-curial');
  });

  it('does not show CouchDB a cookie ended by a logout', async () => {
    const auth = new CouchAuthenticator(url);
    const ctx = { headers: { cookie: 'AuthSession=live' }, secure: false };
    expect((await auth.authenticate(ctx)).principal?.name).toBe('desk-curial');
    await auth.revocations.revoke('live');
    expect((await auth.authenticate(ctx)).principal).toBeNull();
  });
});
