import { beforeAll, describe, expect, it } from 'vitest';
import { checkin, meeting, service, visit } from '$lib/testing/fixtures';
import { SECURITY } from '../../sync-server/src/setup/security';
import { loadDesignDocs } from '../../sync-server/src/setup/design-docs';
import { type CouchInstance } from '../support/couchdb';
import { call, couchWithDemo } from './helpers';

const put = (c: CouchInstance, db: string, doc: { _id: string }, as: string | { name: string; password: string }) =>
  call(c.url, 'PUT', `/${db}/${encodeURIComponent(doc._id)}`, { as, body: doc });

/** Our setup and demo against a real Apache CouchDB 3.5, whose validate_doc_update runs in QuickJS. */
describe('setup on Apache CouchDB 3.5', () => {
  let couch: Awaited<ReturnType<typeof couchWithDemo>>;
  let n = 0;
  const id = (prefix: string) => `${prefix}${Date.now()}-${n++}`;

  beforeAll(async () => {
    couch = await couchWithDemo();
  });

  it('creates the databases, each with its _security', async () => {
    const dbs = (await call(couch.url, 'GET', '/_all_dbs', { as: couch.admin })).json;
    expect(dbs).toEqual(expect.arrayContaining(['_users', 'accueil', 'planning', 'referentiel', 'borne', 'device_enrolment']));
    for (const [db, security] of Object.entries(SECURITY)) {
      expect((await call(couch.url, 'GET', `/${db}/_security`, { as: couch.admin })).json).toEqual(security);
    }
    expect((await call(couch.url, 'GET', '/device_enrolment/_security', { as: couch.admin })).json.members.roles).toEqual(['_admin']);
  });

  it('installs every design document as loaded from sync-server/ddocs', async () => {
    const ddocs = await loadDesignDocs();
    for (const [db, list] of Object.entries(ddocs)) {
      for (const ddoc of list) {
        const res = await call(couch.url, 'GET', `/${db}/${ddoc._id}`, { as: couch.admin });
        expect(res.status, `${db}/${ddoc._id}`).toBe(200);
        expect(res.json.validate_doc_update).toBe(ddoc.validate_doc_update);
        expect(res.json.views).toEqual(ddoc.views);
      }
    }
  });

  it('is idempotent: a second run changes nothing (databases, every _security, every design document rev)', async () => {
    const { runSetup } = await import('../../sync-server/src/setup/setup');
    /** Every database with its _security and the revs of its design documents. */
    const snapshot = async () => {
      const out: Record<string, { security: unknown; ddocs: Record<string, string>; updateSeq?: unknown }> = {};
      for (const db of (await call(couch.url, 'GET', '/_all_dbs', { as: couch.admin })).json as string[]) {
        const security = (await call(couch.url, 'GET', `/${db}/_security`, { as: couch.admin })).json;
        const rows = (await call(couch.url, 'GET', `/${db}/_design_docs`, { as: couch.admin })).json.rows as { id: string; value: { rev: string } }[];
        out[db] = { security, ddocs: Object.fromEntries(rows.map((r) => [r.id, r.value.rev])) };
      }
      return out;
    };
    const before = await snapshot();
    expect(Object.values(before).reduce((n, d) => n + Object.keys(d.ddocs).length, 0)).toBeGreaterThanOrEqual(10);
    const lines: string[] = [];
    await runSetup(couch.client, { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } as never);
    expect(lines.filter((l) => /created|installed|updated/.test(l))).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('loads the demo data and device accounts', async () => {
    const rooms = await call(couch.url, 'GET', '/planning/_all_docs?startkey="room:"&endkey="room:\uffff"', { as: couch.admin });
    expect(rooms.json.rows.length).toBe(8);
    const session = await call(couch.url, 'GET', '/_session', { as: 'desk-curial' });
    expect(session.json.userCtx).toEqual({ name: 'desk-curial', roles: ['desk', 'site:curial'] });
  });

  it('the views compile and run (conflicts views)', async () => {
    const ddocs = await loadDesignDocs();
    for (const db of ['accueil', 'planning']) {
      const views = Object.keys(ddocs[db]!.find((d) => d._id === '_design/conflicts')!.views ?? {});
      expect(views.length).toBeGreaterThan(0);
      for (const view of views) {
        const res = await call(couch.url, 'GET', `/${db}/_design/conflicts/_view/${view}?limit=1`, { as: couch.admin });
        expect(res.status, `${db} ${view}: ${res.text}`).toBe(200);
      }
    }
  });

  describe('validate_doc_update in QuickJS, as a desk with Basic auth', () => {
    it.each([
      ['accueil', () => visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:${id('ok')}` })],
      ['planning', () => meeting({ _id: id('meeting:hdv:') })]
    ])('accepts a valid doc in %s', async (db, make) => {
      const res = await put(couch, db, make(), 'desk-curial');
      expect(res.status, res.text).toBe(201);
    });

    it.each([
      ['accueil', () => visit({ _id: `visit:curial:x:${id('e')}`, visitorName: '   ' }), 'visit: visitorName: must not be empty'],
      ['accueil', () => visit({ _id: `visit:hdv:x:${id('w')}` }), 'visit: _id: must start with "visit:curial:"'],
      ['accueil', () => ({ _id: id('note:'), type: 'note', v: 1 }), 'unknown type "note" in accueil'],
      ['planning', () => meeting({ _id: id('meeting:hdv:'), end: '2025-06-01T20:00:00.000Z' }), 'meeting: end: must follow start'],
      ['planning', () => meeting({ _id: id('meeting:hdv:'), source: 'zimbra' }), 'Only the server writes Zimbra meetings and feed states.'],
      ['referentiel', () => service({ _id: id('service:') }), 'may not write to referentiel']
    ])('refuses an invalid doc in %s with 403 and our reason', async (db, make, reason) => {
      const res = await put(couch, db, make() as { _id: string }, 'desk-curial');
      expect(res.status, res.text).toBe(403);
      expect(res.json.error).toBe('forbidden');
      expect(res.json.reason).toContain(reason);
    });

    it('a display writes nothing to planning', async () => {
      const res = await put(couch, 'planning', meeting({ _id: id('meeting:hdv:') }), 'display-hdv');
      expect(res.status).toBe(403);
      expect(res.json.reason).toBe('A display device may not write to planning.');
    });

    it('a desk may not read borne (not a member)', async () => {
      expect((await call(couch.url, 'GET', '/borne/_all_docs', { as: 'desk-curial' })).status).toBe(403);
    });
  });

  describe('a kiosk on borne', () => {
    it('creates a check-in', async () => {
      const doc = checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' });
      const res = await put(couch, 'borne', doc, 'kiosk-curial');
      expect(res.status, res.text).toBe(201);
      const update = await put(couch, 'borne', { ...doc, _rev: res.json.rev, visitorName: 'Autre' } as never, 'kiosk-curial');
      expect(update.status).toBe(403);
      expect(update.json.reason).toContain('A kiosk may only create check-ins');
    });

    it('may not sign a check-in with another name', async () => {
      const res = await put(couch, 'borne', checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-hdv' }), 'kiosk-curial');
      expect(res.status).toBe(403);
      expect(res.json.reason).toContain("kiosk: must be the kiosk's own name (kiosk-curial)");
    });
  });
});
