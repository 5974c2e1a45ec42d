import { beforeAll, describe, expect, it } from 'vitest';
import { checkin, meeting, service, visit } from '$lib/testing/fixtures';
import { call } from '../server/helpers';
import { alive, raw, useDoor, type Door, type Mode } from './doors';

type Db = 'accueil' | 'planning' | 'referentiel' | 'borne';
const DBS: Db[] = ['accueil', 'planning', 'referentiel', 'borne'];
const DEVICES = ['desk-curial', 'kiosk-curial', 'display-hdv', 'coordinator'] as const;
/** The demo's devices, a request without credentials, and a desk revoked through `/api`: the last two may do nothing. */
const ROLES = [...DEVICES, 'anonymous', 'revoked'] as const;
type Who = (typeof ROLES)[number];

/** Who may do what, database by database: the policy the server must enforce (README, « What the server enforces »). */
const POLICY: Record<Db, { read: Who[]; create: Who[]; change: Who[] }> = {
  accueil: { read: ['desk-curial', 'coordinator'], create: ['desk-curial', 'coordinator'], change: ['desk-curial', 'coordinator'] },
  planning: { read: [...DEVICES], create: ['desk-curial', 'coordinator'], change: ['desk-curial', 'coordinator'] },
  referentiel: { read: [...DEVICES], create: ['coordinator'], change: ['coordinator'] },
  // The kiosk pushes check-ins and never reads them back, nor changes one.
  borne: { read: ['coordinator'], create: ['kiosk-curial', 'coordinator'], change: ['coordinator'] }
};

let counter = 0;
/** A valid document of the database, with a fresh id. */
function sample(db: Db): Record<string, unknown> & { _id: string } {
  const n = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  if (db === 'accueil') return visit({ _id: `visit:curial:2025-03-10T08:00:00.000Z:m${n}` });
  if (db === 'planning') return meeting({ _id: `meeting:hdv:manual:m${n}` });
  if (db === 'referentiel') return service({ _id: `service:m${n}` });
  return checkin({ _id: `checkin:curial:2025-03-10T08:00:00.000Z:m${n}`, kiosk: 'kiosk-curial' });
}

const hex = (c: string) => c.repeat(32);
const id = encodeURIComponent;

/**
 * The role matrix: every role × database × read, create, update, delete, by every route a
 * write can take. Allowed cases must succeed and refused ones must change nothing on the
 * engine, on both doors.
 */
export function roleMatrix(mode: Mode, start: () => Promise<Door>): void {
  describe(`role matrix, ${mode}`, () => {
    const env = useDoor(start);
    let revoked: { name: string; password: string };
    beforeAll(async () => {
      const created = await call(env.door.api, 'POST', '/api/devices', { as: 'coordinator', body: { label: 'Tablette volée', site: 'curial', role: 'desk' } });
      expect(created.status, created.text).toBe(201);
      revoked = { name: created.json.name, password: created.json.password };
      expect((await call(env.door.url, 'GET', '/accueil/_all_docs', { as: revoked })).status).toBe(200);
      expect((await call(env.door.api, 'POST', `/api/devices/${revoked.name}/revoke`, { as: 'coordinator' })).status).toBe(200);
    });
    /** How a refusal may look: a revoked device's failed logins meet the throttle (429) after a few tries. */
    const refusals = (who: Who) => (who === 'revoked' ? [401, 403, 429] : [401, 403]);
    /** Without a valid session the door refuses a COPY before it looks at the method (a multipart body is refused first, by its type). */
    const noSession = (who: Who) => who === 'anonymous' || who === 'revoked';
    const as = (who: Who) => (who === 'anonymous' ? undefined : who === 'revoked' ? revoked : who);

    const engineDoc = async (db: Db, docId: string) => env.door.engine.request<Record<string, unknown>>('GET', `/${db}/${id(docId)}`);
    const seed = async (db: Db) => {
      const doc = sample(db);
      const res = await env.door.engine.call<{ rev: string }>('PUT', `/${db}/${id(doc._id)}`, doc);
      return { ...doc, _rev: res.rev };
    };

    const cases = ROLES.flatMap((who) => DBS.map((db) => [who, db] as const));

    describe.each(cases)('%s on %s', (who, db) => {
      const policy = POLICY[db];
      const mayRead = policy.read.includes(who);
      const mayCreate = policy.create.includes(who);
      const mayChange = policy.change.includes(who);

      it(`reads: ${mayRead ? 'allowed' : 'refused'} by every read route`, async () => {
        const doc = await seed(db);
        const reads: [string, string, unknown][] = [
          ['GET', `/${db}/_all_docs`, undefined],
          ['GET', `/${db}/${id(doc._id)}`, undefined],
          ['GET', `/${db}/${id(doc._id)}?open_revs=all`, undefined],
          ['GET', `/${db}/_changes`, undefined],
          ['POST', `/${db}/_all_docs`, { keys: [doc._id] }],
          ['POST', `/${db}/_bulk_get`, { docs: [{ id: doc._id }] }],
          ['POST', `/${db}/_changes`, {}]
        ];
        for (const [method, path, body] of reads) {
          const res = await call(env.door.url, method, path, { as: as(who), body, headers: path.includes('open_revs') ? { Accept: 'application/json' } : {} });
          if (mayRead) expect(res.status, `${method} ${path}`).toBe(200);
          else expect(refusals(who), `${method} ${path}: ${res.status}`).toContain(res.status);
          if (!mayRead) expect(res.text).not.toContain(doc._rev);
        }
      });

      it(`creates: ${mayCreate ? 'allowed' : 'refused'} by PUT, POST, _bulk_docs and _bulk_docs new_edits:false`, async () => {
        const routes: [string, (d: Record<string, unknown> & { _id: string }) => { method: string; path: string; body: unknown }][] = [
          ['PUT', (d) => ({ method: 'PUT', path: `/${db}/${id(d._id)}`, body: d })],
          ['POST', (d) => ({ method: 'POST', path: `/${db}`, body: d })],
          ['_bulk_docs', (d) => ({ method: 'POST', path: `/${db}/_bulk_docs`, body: { docs: [d] } })],
          ['new_edits:false', (d) => ({ method: 'POST', path: `/${db}/_bulk_docs`, body: { new_edits: false, docs: [{ ...d, _rev: `1-${hex('a')}`, _revisions: { start: 1, ids: [hex('a')] } }] } })]
        ];
        for (const [route, make] of routes) {
          const doc = sample(db);
          const req = make(doc);
          const res = await call(env.door.url, req.method, req.path, { as: as(who), body: req.body });
          expect(res.status, `${route}: ${res.text}`).toBeLessThan(500);
          const there = (await engineDoc(db, doc._id)).status === 200;
          expect(there, `${route} as ${who}: ${res.status} ${res.text}`).toBe(mayCreate);
        }
      });

      it(`updates and deletes: ${mayChange ? 'allowed' : 'refused'} by PUT, DELETE, _bulk_docs and new_edits:false`, async () => {
        const edit = (d: Record<string, unknown>) => ({ ...d, ...(db === 'referentiel' ? { name: 'Renommé' } : db === 'planning' ? { title: 'Modifiée' } : { visitorName: 'Modifié' }) });
        const routes: [string, (d: Record<string, unknown> & { _id: string; _rev: string }) => { method: string; path: string; body?: unknown }][] = [
          ['PUT', (d) => ({ method: 'PUT', path: `/${db}/${id(d._id)}`, body: edit(d) })],
          ['_bulk_docs', (d) => ({ method: 'POST', path: `/${db}/_bulk_docs`, body: { docs: [edit(d)] } })],
          ['new_edits:false', (d) => ({ method: 'POST', path: `/${db}/_bulk_docs`, body: { new_edits: false, docs: [{ ...edit(d), _rev: `2-${hex('b')}`, _revisions: { start: 2, ids: [hex('b'), d._rev.split('-')[1]] } }] } })],
          ['DELETE', (d) => ({ method: 'DELETE', path: `/${db}/${id(d._id)}?rev=${d._rev}` })],
          ['_bulk_docs delete', (d) => ({ method: 'POST', path: `/${db}/_bulk_docs`, body: { docs: [{ _id: d._id, _rev: d._rev, _deleted: true }] } })],
          ['new_edits:false delete', (d) => ({ method: 'POST', path: `/${db}/_bulk_docs`, body: { new_edits: false, docs: [{ _id: d._id, _rev: `2-${hex('c')}`, _revisions: { start: 2, ids: [hex('c'), d._rev.split('-')[1]] }, _deleted: true }] } })]
        ];
        for (const [route, make] of routes) {
          const doc = await seed(db);
          const req = make(doc);
          const res = await call(env.door.url, req.method, req.path, { as: as(who), body: req.body });
          expect(res.status, `${route}: ${res.text}`).toBeLessThan(500);
          const after = await engineDoc(db, doc._id);
          const unchanged = after.status === 200 && after.body._rev === doc._rev;
          expect(!unchanged, `${route} as ${who}: ${res.status} ${res.text}`).toBe(mayChange);
        }
      });

      it('multipart, COPY and standalone attachment writes are refused, and the process keeps serving', async () => {
        const doc = await seed(db);
        const boundary = 'mx';
        const body = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(sample(db))}\r\n--${boundary}--`;
        const multipart = await raw(env.door.url, { method: 'PUT', path: `/${db}/${id(sample(db)._id)}`, as: as(who), headers: { 'Content-Type': `multipart/related; boundary=${boundary}` }, body });
        expect(multipart.status).toBe(415);
        const copy = await raw(env.door.url, { method: 'COPY', path: `/${db}/${id(doc._id)}`, as: as(who), headers: { Destination: `${doc._id}-copy` } });
        if (noSession(who)) expect(refusals(who)).toContain(copy.status);
        else expect(copy.status).toBe(405);
        const att = await raw(env.door.url, { method: 'PUT', path: `/${db}/${id(doc._id)}/page.html?rev=${doc._rev}`, as: as(who), headers: { 'Content-Type': 'text/html' }, body: '<script>1</script>' });
        expect(refusals(who)).toContain(att.status);
        expect((await engineDoc(db, doc._id)).body._rev).toBe(doc._rev);
        expect(await alive(env.door)).toBe(true);
      });
    });
  });
}
