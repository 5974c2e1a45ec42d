import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbName } from '$lib/domain/common';
import { parisDay, parisTime } from '$lib/domain/dates';
import { parseDocument } from '$lib/domain/documents';
import { verifyPin } from '$lib/domain/pin';
import { DEMO_DEVICES, demoDocuments } from '../../../sync-server/src/setup/demo';
import { DEMO_ADVISERS, DEMO_PIN } from '../../../sync-server/src/setup/demo-advisers';
import { parisInstant } from '../../../sync-server/src/setup/paris-time';
import { type TestServer, call, startTestServer } from './helpers';

describe('demo data', () => {
  it('the eight demo advisers each take the demo PIN, and only it; each hash has its own salt', async () => {
    expect(DEMO_ADVISERS).toHaveLength(8);
    expect(new Set(DEMO_ADVISERS.map((a) => a.pin.salt)).size).toBe(8);
    for (const a of DEMO_ADVISERS) {
      expect(await verifyPin(DEMO_PIN, a.pin), a.name).toBe(true);
      expect(await verifyPin('0000', a.pin), a.name).toBe(false);
    }
  });

  it('every demo document passes the zod schemas (parseDocument)', () => {
    for (const [db, docs] of Object.entries(demoDocuments())) {
      for (const doc of docs) {
        const res = parseDocument(db as DbName, doc);
        expect(res, `${db} ${doc._id}: ${res.ok ? '' : res.reason}`).toMatchObject({ ok: true });
      }
    }
  });

  it('has the two sites with their opening hours, a dozen services and four rooms per site', () => {
    const { referentiel, planning } = demoDocuments();
    const sites = referentiel.filter((d) => d.type === 'site');
    expect(sites.map((s) => s._id)).toEqual(['site:curial', 'site:hdv']);
    const curial = sites[0] as { openingHours: { weekday: number; open: string; close: string; breakStart: string; breakEnd: string }[] };
    expect(curial.openingHours).toHaveLength(5);
    expect(curial.openingHours[0]).toEqual({ weekday: 1, open: '08:00', close: '17:30', breakStart: '12:30', breakEnd: '13:30' });
    const hdv = sites[1] as typeof curial;
    expect(hdv.openingHours[4]).toEqual({ weekday: 5, open: '08:30', close: '17:30', breakStart: '12:00', breakEnd: '13:30' });
    const services = referentiel.filter((d) => d.type === 'service') as { reasons: string[] }[];
    expect(services.length).toBeGreaterThanOrEqual(12);
    for (const s of services) expect(s.reasons.length).toBeGreaterThanOrEqual(3);
    const rooms = planning.filter((d) => d.type === 'room') as { site: string }[];
    expect(rooms.filter((r) => r.site === 'curial')).toHaveLength(4);
    expect(rooms.filter((r) => r.site === 'hdv')).toHaveLength(4);
  });

  it("puts the meetings on today's date in Paris, at Paris wall-clock times", () => {
    const now = new Date('2025-06-01T22:30:00.000Z'); // already 2 June in Paris
    const meetings = demoDocuments(now).planning.filter((d) => d.type === 'meeting') as { start: string; end: string; roomId: string }[];
    expect(meetings.length).toBeGreaterThanOrEqual(4);
    for (const m of meetings) expect(parisDay(m.start)).toBe('2025-06-02');
    expect(meetings.map((m) => parisTime(m.start))).toContain('09:30');
    const roomIds = new Set(demoDocuments(now).planning.filter((d) => d.type === 'room').map((r) => r._id));
    for (const m of meetings) expect(roomIds.has(m.roomId)).toBe(true);
  });

  it('converts Paris wall-clock times across daylight saving changes', () => {
    expect(parisInstant('2025-03-29', '09:00')).toBe('2025-03-29T08:00:00.000Z');
    expect(parisInstant('2025-03-30', '09:00')).toBe('2025-03-30T07:00:00.000Z');
    expect(parisInstant('2025-10-26', '09:00')).toBe('2025-10-26T08:00:00.000Z');
    expect(parisInstant('2025-07-14', '00:30')).toBe('2025-07-13T22:30:00.000Z');
  });
});

describe('demo data on a server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ demo: true });
  });
  afterAll(() => s.stop());

  it('is loaded, passes the structure ddoc and still parses with zod once stored', async () => {
    for (const db of ['referentiel', 'planning'] as const) {
      const res = await call(s.url, 'GET', `/${db}/_all_docs?include_docs=true`, { as: 'coordinator' });
      const docs = (res.json.rows as { doc: { _id: string } }[]).map((r) => r.doc).filter((d) => !d._id.startsWith('_design/'));
      expect(docs.length).toBe(demoDocuments()[db].length);
      for (const doc of docs) expect(parseDocument(db, doc)).toMatchObject({ ok: true });
    }
  });

  it('creates the demo device accounts with their fixed passwords', async () => {
    for (const d of DEMO_DEVICES) {
      const me = await call(s.url, 'GET', '/api/me', { as: { name: d.name, password: d.password } });
      expect(me.status, d.name).toBe(200);
      expect(me.json).toMatchObject({ name: d.name, role: d.role, site: d.site });
    }
  });

  it('is not loaded again into a database that has data', async () => {
    const before = (await call(s.url, 'GET', '/planning', { as: 'coordinator' })).json.doc_count;
    await s.close();
    const again = await startTestServer({ demo: true }, s.dataDir);
    try {
      expect((await call(again.url, 'GET', '/planning', { as: 'coordinator' })).json.doc_count).toBe(before);
    } finally {
      await again.close();
    }
  });
});
