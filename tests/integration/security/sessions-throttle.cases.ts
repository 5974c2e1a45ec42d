import { describe, expect, it } from 'vitest';
import { call, demoPassword } from '../server/helpers';
import { alive, raw, TRUSTED_PROXY, useDoor, type Door, type Mode } from './doors';

const json = { 'Content-Type': 'application/json' };
const cookieOf = (setCookie: string | string[] | undefined) => String(Array.isArray(setCookie) ? setCookie[0] : setCookie ?? '').split(';')[0]!;

/** Findings 6 and 7 on both doors: brute force is throttled, a logout ends the session, cookies are Secure only behind a trusted proxy. */
export function loginsAndSessions(mode: Mode, start: () => Promise<Door>): void {
  describe(`logins and sessions, ${mode}`, () => {
    const env = useDoor(start);

    const login = (name: string, password: string, o: { from?: string; headers?: Record<string, string> } = {}) =>
      raw(env.door.url, { method: 'POST', path: '/_session', headers: { ...json, ...o.headers }, body: JSON.stringify({ name, password }), from: o.from });

    it('6. wrong passwords on /_session and by Basic auth are throttled with Retry-After, and a working tablet keeps working', async () => {
      expect((await call(env.door.url, 'GET', '/accueil', { as: 'desk-curial' })).status).toBe(200);
      const answers: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 8; i++) {
        const res = await login('coordinator', `wrong-${i}`);
        answers.push(res.status);
        if (res.status === 429) retryAfter ??= String(res.headers['retry-after']);
      }
      expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(answers.slice(5)).toEqual([429, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      const basic = await call(env.door.url, 'GET', '/accueil', { as: { name: 'coordinator', password: 'wrong-again' } });
      expect(basic.status).toBe(429);
      // The attack on the coordinator costs the desk nothing: its password is known good.
      expect((await call(env.door.url, 'GET', '/accueil/_all_docs?limit=1', { as: 'desk-curial' })).status).toBe(200);
      expect(await alive(env.door)).toBe(true);
    });

    it('6. an unknown name is throttled like a real one', async () => {
      const answers: number[] = [];
      for (let i = 0; i < 7; i++) answers.push((await login('nobody-here', `x${i}`)).status);
      expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429]);
    });

    it('7. after DELETE /_session the same cookie no longer reads accueil', async () => {
      const res = await login('desk-hdv', demoPassword('desk-hdv'));
      expect(res.status).toBe(200);
      const cookie = cookieOf(res.headers['set-cookie']);
      expect(cookie).toMatch(/^AuthSession=.+/);
      expect((await raw(env.door.url, { method: 'GET', path: '/accueil/_all_docs?limit=1', headers: { Cookie: cookie } })).status).toBe(200);
      const out = await raw(env.door.url, { method: 'DELETE', path: '/_session', headers: { Cookie: cookie } });
      expect(out.status).toBe(200);
      expect((await raw(env.door.url, { method: 'GET', path: '/accueil/_all_docs?limit=1', headers: { Cookie: cookie } })).status).toBe(401);
      const who = await raw(env.door.url, { method: 'GET', path: '/_session', headers: { Cookie: cookie } });
      expect(JSON.parse(who.text).userCtx.name).toBeNull();
    });

    it('7. the session cookie is Secure when a trusted proxy says the request came over TLS, and only then', async () => {
      const tls = { 'X-Forwarded-Proto': 'https' };
      const trusted = await raw(env.door.webDbUrl, { method: 'POST', path: '/_session', headers: { ...json, ...tls }, body: JSON.stringify({ name: 'desk-curial', password: demoPassword('desk-curial') }), from: TRUSTED_PROXY });
      expect(trusted.status).toBe(200);
      expect(String(trusted.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      const spoofed = await raw(env.door.webDbUrl, { method: 'POST', path: '/_session', headers: { ...json, ...tls }, body: JSON.stringify({ name: 'desk-curial', password: demoPassword('desk-curial') }) });
      expect(spoofed.status).toBe(200);
      expect(String(spoofed.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    });
  });
}
