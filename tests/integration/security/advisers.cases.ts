import { describe, expect, it } from 'vitest';
import { adviser, shift } from '$lib/testing/shift-fixtures';
import { call } from '../server/helpers';
import { useDoor, type Door, type Mode } from './doors';

const hex = (c: string) => c.repeat(32);
const id = encodeURIComponent;
let n = 0;
const fresh = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

/**
 * Issue 9: the advisers and their PIN hashes are the coordinators' reference data, and a
 * shift is written by its own tablet only. Checked by every write route, on both doors.
 */
export function advisersAndShifts(mode: Mode, start: () => Promise<Door>): void {
  describe(`advisers and shifts, ${mode}`, () => {
    const env = useDoor(start);
    const engineDoc = (docId: string) => env.door.engine.request<Record<string, unknown>>('GET', `/accueil/${id(docId)}`);
    const seed = async <T extends { _id: string }>(doc: T): Promise<T & { _rev: string }> => {
      const res = await env.door.engine.call<{ rev: string }>('PUT', `/accueil/${id(doc._id)}`, doc);
      return { ...doc, _rev: res.rev };
    };
    const routes = (d: Record<string, unknown> & { _id: string; _rev?: string }) => [
      { method: 'PUT', path: `/accueil/${id(d._id)}`, body: d },
      { method: 'POST', path: '/accueil/_bulk_docs', body: { docs: [d] } },
      {
        method: 'POST',
        path: '/accueil/_bulk_docs',
        body: { new_edits: false, docs: [{ ...d, _rev: d._rev ? `2-${hex('b')}` : `1-${hex('a')}`, _revisions: d._rev ? { start: 2, ids: [hex('b'), d._rev.split('-')[1]] } : { start: 1, ids: [hex('a')] } }] }
      }
    ];

    it('a desk may not add an adviser, change a PIN or delete an adviser, by any route; a coordinator may', async () => {
      for (const r of routes(adviser({ _id: `adviser:intrus-${fresh()}` }))) {
        const res = await call(env.door.url, r.method, r.path, { as: 'desk-curial', body: r.body });
        expect(res.status).toBeLessThan(500);
        expect((await engineDoc((r.body as { _id?: string })._id ?? (r.body as { docs: { _id: string }[] }).docs[0]!._id)).status).toBe(404);
      }
      const existing = await seed(adviser({ _id: `adviser:chloe-${fresh()}` }));
      const changed = { ...existing, pin: { ...existing.pin, hash: 'A'.repeat(43) + '=' } };
      for (const r of [...routes(changed), { method: 'DELETE', path: `/accueil/${id(existing._id)}?rev=${existing._rev}`, body: undefined }]) {
        await call(env.door.url, r.method, r.path, { as: 'desk-curial', body: r.body });
        expect((await engineDoc(existing._id)).body._rev).toBe(existing._rev);
      }
      const res = await call(env.door.url, 'PUT', `/accueil/${id(existing._id)}`, { as: 'coordinator', body: changed });
      expect(res.status).toBe(201);
    });

    it('a desk writes its own shift, never another tablet’s', async () => {
      const startedAt = new Date(Date.UTC(2026, 11, 1, 8, 0, n++)).toISOString();
      const own = shift({ device: 'desk-curial', startedAt });
      expect((await call(env.door.url, 'PUT', `/accueil/${id(own._id)}`, { as: 'desk-curial', body: own })).status).toBe(201);
      for (const r of routes(shift({ site: 'hdv', device: 'desk-hdv', startedAt }))) {
        await call(env.door.url, r.method, r.path, { as: 'desk-curial', body: r.body });
      }
      expect((await engineDoc(shift({ site: 'hdv', device: 'desk-hdv', startedAt })._id)).status).toBe(404);
      const theirs = await seed(shift({ site: 'hdv', device: 'desk-hdv', startedAt: new Date(Date.parse(startedAt) + 1000).toISOString() }));
      for (const r of routes({ ...theirs, endedAt: theirs.startedAt, endReason: 'sign-out' })) {
        await call(env.door.url, r.method, r.path, { as: 'desk-curial', body: r.body });
        expect((await engineDoc(theirs._id)).body._rev).toBe(theirs._rev);
      }
    });
  });
}
