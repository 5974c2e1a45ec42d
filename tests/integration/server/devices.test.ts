import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET, EnrolmentCodes } from '../../../sync-server/src/services/enrolment-codes';
import { DevicesService } from '../../../sync-server/src/services/devices';
import { type TestServer, call, startTestServer } from './helpers';

/** The app API: who am I, device accounts, one-time enrolment codes. */
describe('devices API', () => {
  let s: TestServer;
  const admin = () => ({ name: s.admin.name, password: s.admin.password });

  beforeAll(async () => {
    s = await startTestServer({ demo: true });
  });
  afterAll(() => s.stop());

  it('GET /api/me describes the device', async () => {
    const res = await call(s.url, 'GET', '/api/me', { as: 'desk-hdv' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ name: 'desk-hdv', roles: ['desk', 'site:hdv'], site: 'hdv', role: 'desk', label: 'Accueil Hôtel de Ville', revoked: false });
    expect((await call(s.url, 'GET', '/api/me')).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/me', { as: { name: 'desk-hdv', password: 'x' } })).status).toBe(401);
  });

  it('a coordinator creates a device and gets its credentials and a one-time code', async () => {
    const before = Date.now();
    const res = await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'Tablette accueil 2', site: 'curial', role: 'desk' } });
    expect(res.status).toBe(201);
    const { name, password, enrolmentCode, codeExpiresAt } = res.json;
    expect(name).toMatch(/^desk-curial-[0-9a-f]{4}$/);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(enrolmentCode).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    const validity = Date.parse(codeExpiresAt) - before;
    expect(validity).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(validity).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
    expect((await call(s.url, 'GET', '/referentiel', { as: { name, password } })).status).toBe(200);
  });

  it('an enrolment code gives the credentials once, and only once', async () => {
    const created = (await call(s.url, 'POST', '/api/devices', { as: admin(), body: { label: 'Borne hall', site: 'hdv', role: 'kiosk' } })).json;
    const code = created.enrolmentCode.toLowerCase().replace(/^(....)/, '$1-'); // typed by a person
    const first = await call(s.url, 'POST', '/api/enrol', { body: { code } });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ name: created.name, password: created.password, site: 'hdv', role: 'kiosk', label: 'Borne hall' });
    const second = await call(s.url, 'POST', '/api/enrol', { body: { code: created.enrolmentCode } });
    expect(second.status).toBe(404);
    expect(second.json.error).toBe('not_found');
    expect((await call(s.url, 'GET', '/api/me', { as: { name: first.json.name, password: first.json.password } })).json.role).toBe('kiosk');
  });

  it('two concurrent redeems of one code: exactly one wins', async () => {
    const created = (await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'Double', site: 'curial', role: 'display' } })).json;
    const results = await Promise.all([1, 2, 3].map(() => call(s.url, 'POST', '/api/enrol', { body: { code: created.enrolmentCode } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
  });

  it('refuses an expired code with 410', async () => {
    const later = new EnrolmentCodes(s.client, () => Date.now() + 25 * 3600_000);
    const devices = new DevicesService(s.client, new EnrolmentCodes(s.client));
    const created = await devices.create({ label: 'Vieille', site: 'curial', role: 'desk' });
    await expect(later.redeem(created.enrolmentCode)).rejects.toMatchObject({ kind: 'expired' });
    // and the expired code is gone for good
    expect((await call(s.url, 'POST', '/api/enrol', { body: { code: created.enrolmentCode } })).status).toBe(404);
  });

  it('only a coordinator or the admin manages devices', async () => {
    const body = { label: 'X', site: 'curial', role: 'desk' };
    expect((await call(s.url, 'POST', '/api/devices', { as: 'desk-curial', body })).status).toBe(403);
    expect((await call(s.url, 'POST', '/api/devices', { as: 'kiosk-curial', body })).status).toBe(403);
    expect((await call(s.url, 'POST', '/api/devices', { body })).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/devices', { as: 'display-hdv' })).status).toBe(403);
    expect((await call(s.url, 'POST', '/api/devices/desk-hdv/revoke', { as: 'desk-curial' })).status).toBe(403);
    expect((await call(s.url, 'GET', '/api/me', { as: 'desk-hdv' })).json.revoked).toBe(false);
  });

  it('validates request bodies with a precise 400', async () => {
    const res = await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'X', site: 'lyon', role: 'desk' } });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('bad_request');
    expect(res.json.reason).toMatch(/^site: /);
    expect((await call(s.url, 'POST', '/api/enrol', { body: {} })).status).toBe(400);
    expect((await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'X', site: 'curial', role: 'desk', name: 'desk-curial' } })).status).toBe(409);
  });

  it('lists devices, revoked ones included', async () => {
    const created = (await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'À retirer', site: 'hdv', role: 'display' } })).json;
    const revoked = await call(s.url, 'POST', `/api/devices/${created.name}/revoke`, { as: 'coordinator' });
    expect(revoked.json).toMatchObject({ name: created.name, revoked: true, role: 'display', revokedAt: expect.any(String) });
    const list = (await call(s.url, 'GET', '/api/devices', { as: 'coordinator' })).json.devices as { name: string; revoked: boolean }[];
    expect(list.map((d) => d.name)).toEqual(expect.arrayContaining(['desk-curial', 'desk-hdv', 'kiosk-curial', 'display-hdv', 'display-curial', 'coordinator', created.name]));
    expect(list.find((d) => d.name === created.name)?.revoked).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/derived_key|salt|password/);
  });

  it('a revoked device cannot sync, nor use its pending enrolment code', async () => {
    const created = (await call(s.url, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'Volée', site: 'curial', role: 'desk' } })).json;
    expect((await call(s.url, 'POST', `/api/devices/${created.name}/revoke`, { as: 'coordinator' })).status).toBe(200);
    expect((await call(s.url, 'GET', '/accueil/_changes', { as: { name: created.name, password: created.password } })).status).toBe(401);
    expect((await call(s.url, 'POST', '/api/enrol', { body: { code: created.enrolmentCode } })).status).toBe(404);
    expect((await call(s.url, 'POST', '/api/devices/nobody/revoke', { as: 'coordinator' })).status).toBe(404);
  });

  it('rate-limits enrolment attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(s.url, 'POST', '/api/enrol', { body: { code: 'AAAAAAAA' } })).status);
    expect(statuses).toContain(429);
  });
});
