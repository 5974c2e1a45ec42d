import { beforeAll, describe, expect, it } from 'vitest';
import { checkin, meeting } from '$lib/testing/fixtures';
import { call, couchWithDemo, scratchDb } from './helpers';

/**
 * Facts about Apache CouchDB 3.5.0 (QuickJS) that the door in front of it relies on. Each test
 * documents the engine as it is; a failure here means CouchDB changed, not that our code did.
 */
describe('Apache CouchDB 3.5 engine facts', () => {
  let couch: Awaited<ReturnType<typeof couchWithDemo>>;
  const admin = () => couch.admin;
  let n = 0;
  const id = (prefix: string) => `${prefix}${Date.now()}-${n++}`;
  const path = (db: string, docId: string) => `/${db}/${encodeURIComponent(docId)}`;

  beforeAll(async () => {
    couch = await couchWithDemo();
    await scratchDb(couch, 'facts', ['desk-curial']);
  });

  const zimbraMeeting = async () => {
    const doc = meeting({ _id: id('meeting:hdv:'), source: 'zimbra' });
    const res = await call(couch.url, 'PUT', path('planning', doc._id), { as: admin(), body: doc });
    expect(res.status, res.text).toBe(201);
    return { doc, rev: res.json.rev as string };
  };
  const replicate = (db: string, as: string, docs: unknown[]) => call(couch.url, 'POST', `/${db}/_bulk_docs`, { as, body: { new_edits: false, docs } });

  describe('(a) validate_doc_update runs on _bulk_docs with new_edits: false, with the writer’s userCtx', () => {
    it('a desk writing a Zimbra meeting as a child rev (_rev = winner, _revisions = new child) is refused', async () => {
      const { doc, rev } = await zimbraMeeting();
      const res = await replicate('planning', 'desk-curial', [{ ...doc, _rev: rev, _revisions: { start: 2, ids: ['a1a1', rev.split('-')[1]] }, title: 'Changé' }]);
      // 201 for the batch, the refusal per document; `_revisions` wins over `_rev` (the reported rev is the child).
      expect(res.status).toBe(201);
      expect(res.json).toEqual([{ id: doc._id, rev: '2-a1a1', error: 'forbidden', reason: 'Only the server writes Zimbra meetings and feed states.' }]);
      expect((await call(couch.url, 'GET', path('planning', doc._id), { as: admin() })).json._rev).toBe(rev);
    });

    it('oldDoc is the parent named by _revisions: a kiosk’s child rev of an existing check-in is refused', async () => {
      const doc = checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' });
      const created = await call(couch.url, 'PUT', path('borne', doc._id), { as: 'kiosk-curial', body: doc });
      const parent = (created.json.rev as string).split('-')[1];
      const res = await replicate('borne', 'kiosk-curial', [{ ...doc, _rev: '2-b2b2', _revisions: { start: 2, ids: ['b2b2', parent] }, visitorName: 'Autre' }]);
      expect(res.json[0]).toMatchObject({ error: 'forbidden', reason: expect.stringContaining('A kiosk may only create check-ins') });
    });

    it('a display writing to planning with new_edits: false is refused', async () => {
      const res = await replicate('planning', 'display-hdv', [{ ...meeting({ _id: id('meeting:hdv:') }), _rev: '1-c3c3' }]);
      expect(res.json).toEqual([expect.objectContaining({ rev: '1-c3c3', error: 'forbidden', reason: 'A display device may not write to planning.' })]);
    });

    it('the structure ddoc applies too; an accepted new_edits: false batch answers []', async () => {
      const bad = await replicate('planning', 'desk-curial', [{ ...meeting({ _id: id('meeting:hdv:') }), title: '', _rev: '1-d4d4' }]);
      expect(bad.json[0]).toMatchObject({ error: 'forbidden', reason: 'meeting: title: must not be empty' });
      const ok = await replicate('planning', 'desk-curial', [{ ...meeting({ _id: id('meeting:hdv:') }), _rev: '1-d4d4' }]);
      expect(ok.status).toBe(201);
      expect(ok.json).toEqual([]);
    });

    it('BUT a new root branch has oldDoc = null: a desk replaces a Zimbra meeting’s winner with a higher-generation root rev', async () => {
      const { doc, rev } = await zimbraMeeting();
      // No `_revisions`, `_rev` 9-…: stored as a separate branch with no parent, so validate_doc_update
      // sees oldDoc = null and newDoc.source 'manual', and the branch wins by generation.
      const res = await replicate('planning', 'desk-curial', [{ ...doc, source: 'manual', title: 'Détourné', _rev: '9-00000000000000000000000000000000' }]);
      expect(res.json).toEqual([]);
      const now = await call(couch.url, 'GET', `${path('planning', doc._id)}?conflicts=true`, { as: admin() });
      expect(now.json).toMatchObject({ _rev: '9-00000000000000000000000000000000', title: 'Détourné', source: 'manual', _conflicts: [rev] });
    });

    it('likewise a kiosk adds a sibling root rev to an existing check-in (the “create only” rule sees no oldDoc)', async () => {
      const doc = checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' });
      await call(couch.url, 'PUT', path('borne', doc._id), { as: 'kiosk-curial', body: doc });
      const res = await replicate('borne', 'kiosk-curial', [{ ...doc, visitorName: 'Autre', _rev: '1-ffffffffffffffffffffffffffffffff' }]);
      expect(res.json).toEqual([]);
      const now = await call(couch.url, 'GET', path('borne', doc._id), { as: admin() });
      expect(now.json).toMatchObject({ _rev: '1-ffffffffffffffffffffffffffffffff', visitorName: 'Autre' });
    });
  });

  describe('(b) a tombstone keeps the fields it was written with', () => {
    it('readable with ?rev=, ?open_revs=all, _bulk_get and _changes?include_docs', async () => {
      const created = await call(couch.url, 'PUT', '/facts/t1', { as: admin(), body: { name: 'Jean' } });
      const del = await call(couch.url, 'PUT', `/facts/t1?rev=${created.json.rev}`, { as: admin(), body: { _deleted: true, name: 'Jean Dupont' } });
      expect(del.status).toBe(200); // a deletion by PUT answers 200, not 201
      const rev = del.json.rev as string;
      const tomb = { _id: 't1', _rev: rev, _deleted: true, name: 'Jean Dupont' };
      expect(await call(couch.url, 'GET', '/facts/t1', { as: admin() })).toMatchObject({ status: 404, json: { error: 'not_found', reason: 'deleted' } });
      expect((await call(couch.url, 'GET', `/facts/t1?rev=${rev}`, { as: admin() })).json).toEqual(tomb);
      expect((await call(couch.url, 'GET', '/facts/t1?open_revs=all', { as: admin() })).json).toEqual([{ ok: tomb }]);
      const bulkGet = await call(couch.url, 'POST', '/facts/_bulk_get', { as: admin(), body: { docs: [{ id: 't1', rev }] } });
      expect(bulkGet.json.results[0].docs).toEqual([{ ok: tomb }]);
      const changes = await call(couch.url, 'GET', '/facts/_changes?include_docs=true', { as: admin() });
      expect(changes.json.results.find((r: { id: string }) => r.id === 't1').doc).toEqual(tomb);
    });

    it('also through _bulk_docs, and for a member (DELETE ?rev= leaves no body)', async () => {
      const bulk = await call(couch.url, 'POST', '/facts/_bulk_docs', { as: 'desk-curial', body: { docs: [{ _id: 't2', _deleted: true, name: 'tomb body' }] } });
      expect(bulk.json[0].ok).toBe(true);
      expect((await call(couch.url, 'GET', '/facts/t2?open_revs=all', { as: 'desk-curial' })).json[0].ok).toMatchObject({ name: 'tomb body', _deleted: true });
      const created = await call(couch.url, 'PUT', '/facts/t3', { as: 'desk-curial', body: { name: 'x' } });
      const del = await call(couch.url, 'DELETE', `/facts/t3?rev=${created.json.rev}`, { as: 'desk-curial' });
      expect((await call(couch.url, 'GET', `/facts/t3?rev=${del.json.rev}`, { as: 'desk-curial' })).json).toEqual({ _id: 't3', _rev: del.json.rev, _deleted: true });
    });
  });

  describe('(c) members write _local docs freely; _design needs a db admin', () => {
    it('PUT /db/_local/_security is an ordinary local doc (rev 0-1), not the database’s _security', async () => {
      const res = await call(couch.url, 'PUT', '/accueil/_local/_security', { as: 'desk-curial', body: { members: { names: ['x'] } } });
      expect(res).toMatchObject({ status: 201, json: { ok: true, id: '_local/_security', rev: '0-1' } });
      expect((await call(couch.url, 'GET', '/accueil/_local/_security', { as: 'desk-curial' })).json.members).toEqual({ names: ['x'] });
      expect((await call(couch.url, 'GET', '/accueil/_security', { as: admin() })).json.members).toEqual({ roles: ['desk', 'coordinator'], names: [] });
    });

    it('validate_doc_update does not run for _local docs: any member, even a display or a kiosk, writes any _local/* body', async () => {
      expect((await call(couch.url, 'PUT', '/planning/_local/anything', { as: 'display-hdv', body: { type: 'note' } })).status).toBe(201);
      expect((await call(couch.url, 'PUT', '/borne/_local/k', { as: 'kiosk-curial', body: { a: 1 } })).status).toBe(201);
      const listed = await call(couch.url, 'GET', '/borne/_local_docs', { as: 'kiosk-curial' });
      expect(listed.json.rows.map((r: { id: string }) => r.id)).toContain('_local/k');
      const bulk = await call(couch.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: { docs: [{ _id: '_local/bulk', a: 1 }, { _id: '_design/bulk' }] } });
      expect(bulk.json).toEqual([
        { ok: true, id: '_local/bulk', rev: '0-1' },
        { id: '_design/bulk', error: 'forbidden', reason: 'You are not a db or server admin.' }
      ]);
    });

    const multipart = (doc: object) => {
      const b = 'BOUNDARY';
      const json = JSON.stringify({ ...doc, _attachments: { 'f.txt': { follows: true, content_type: 'text/plain', length: 2 } } });
      return {
        body: `--${b}\r\nContent-Type: application/json\r\n\r\n${json}\r\n--${b}\r\nContent-Type: text/plain\r\n\r\nhi\r\n--${b}--`,
        headers: { 'Content-Type': `multipart/related; boundary="${b}"` }
      };
    };

    it('multipart PUT: to /db/_local/… a member succeeds (attachment dropped), to /db/_design/… it is refused', async () => {
      const local = multipart({ _id: '_local/mp', a: 1 });
      expect((await call(couch.url, 'PUT', '/facts/_local/mp', { as: 'desk-curial', ...local })).json).toEqual({ ok: true, id: '_local/mp', rev: '0-1' });
      const design = multipart({ _id: '_design/mp' });
      const res = await call(couch.url, 'PUT', '/facts/_design/mp', { as: 'desk-curial', ...design });
      expect(res).toMatchObject({ status: 403, json: { error: 'forbidden', reason: 'You are not a db or server admin.' } });
    });

    it('multipart PUT to /db/plain with a body _id of _local/… or _design/…: the URL id wins', async () => {
      for (const [url, bodyId] of [['/facts/plain1', '_local/sneaky'], ['/facts/plain2', '_design/sneaky']]) {
        const res = await call(couch.url, 'PUT', url!, { as: 'desk-curial', ...multipart({ _id: bodyId, a: 1 }) });
        expect(res.status, res.text).toBe(201);
        expect(res.json.id).toBe(url!.slice('/facts/'.length));
      }
      expect((await call(couch.url, 'GET', '/facts/_local/sneaky', { as: admin() })).status).toBe(404);
      expect((await call(couch.url, 'GET', '/facts/_design/sneaky', { as: admin() })).status).toBe(404);
    });
  });

  describe('(d) no write-only members', () => {
    it.each(['/borne/_all_docs', '/borne/_changes?include_docs=true', '/borne/_design/authority'])('a kiosk reads %s', async (p) => {
      const seed = checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' });
      await call(couch.url, 'PUT', path('borne', seed._id), { as: 'kiosk-curial', body: seed });
      const res = await call(couch.url, 'GET', p, { as: 'kiosk-curial' });
      expect(res.status).toBe(200);
      if (p.includes('_all_docs')) expect(res.json.rows.map((r: { id: string }) => r.id)).toContain(seed._id);
    });

    it('a kiosk reads another kiosk’s check-in by id', async () => {
      const doc = checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' });
      await call(couch.url, 'PUT', path('borne', doc._id), { as: admin(), body: doc });
      expect((await call(couch.url, 'GET', path('borne', doc._id), { as: 'kiosk-curial' })).json).toMatchObject({ visitorName: doc.visitorName });
    });
  });

  describe('(e) malformed bodies', () => {
    it.each([
      ['{"docs":[null]}', 400, 'bad_request', 'Document must be a JSON object'],
      ['{"docs":[1]}', 400, 'bad_request', 'Document must be a JSON object'],
      ['{"docs":"x"}', 400, 'bad_request', '`docs` parameter must be an array.'],
      ['null', 400, 'bad_request', 'Request body must be a JSON object'],
      ['[]', 400, 'bad_request', 'Request body must be a JSON object'],
      ['', 400, 'bad_request', 'invalid UTF-8 JSON'],
      ['{', 400, 'bad_request', 'invalid UTF-8 JSON'],
      ['{"docs":[{"_id":"a","_attachments":{"f":{"content_type":"text/plain","data":"!!!"}}}]}', 400, 'bad_request', 'Invalid attachment data for f']
    ])('_bulk_docs %s → %i', async (body, status, error, reason) => {
      const res = await call(couch.url, 'POST', '/facts/_bulk_docs', { as: admin(), body, headers: { 'Content-Type': 'application/json' } });
      expect({ status: res.status, json: res.json }).toEqual({ status, json: { error, reason } });
    });

    it('PUT of a null body and of non-base64 attachment data', async () => {
      expect((await call(couch.url, 'PUT', '/facts/n', { as: admin(), body: 'null' })).json).toEqual({ error: 'bad_request', reason: 'Document must be a JSON object' });
      // 'abc' is not valid (unpadded) base64 either.
      for (const data of ['!!!notbase64', 'abc']) {
        const res = await call(couch.url, 'PUT', '/facts/b64', { as: admin(), body: { _attachments: { f: { content_type: 'text/plain', data } } } });
        expect({ status: res.status, json: res.json }).toEqual({ status: 400, json: { error: 'bad_request', reason: 'Invalid attachment data for f' } });
      }
    });

    const B = 'XX';
    const mp = { 'Content-Type': `multipart/related; boundary="${B}"` };
    it.each([
      ['a JSON part in bad JSON', `--${B}\r\nContent-Type: application/json\r\n\r\n{nope\r\n--${B}--`, 400, 'invalid UTF-8 JSON'],
      ['no JSON part first', `--${B}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${B}--`, 415, 'Content-Type must be application/json'],
      ['a follows attachment without its part', `--${B}\r\nContent-Type: application/json\r\n\r\n{"_attachments":{"f":{"follows":true,"content_type":"text/plain","length":5}}}\r\n--${B}--`, 400, 'attachment shorter than expected'],
      ['an attachment shorter than its length', `--${B}\r\nContent-Type: application/json\r\n\r\n{"_attachments":{"f":{"follows":true,"content_type":"text/plain","length":50}}}\r\n--${B}\r\n\r\nhi\r\n--${B}--`, 400, 'attachment shorter than expected']
    ])('multipart with %s', async (_label, body, status, reason) => {
      const res = await call(couch.url, 'PUT', `/facts/${id('mp')}`, { as: admin(), body, headers: mp });
      expect(res.status).toBe(status);
      expect(res.json.reason).toBe(reason);
    });

    it('multipart with a wrong boundary or an empty body → 500 with an Erlang stack trace in reason', async () => {
      for (const body of [`--YY\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n--YY--`, '']) {
        const res = await call(couch.url, 'PUT', `/facts/${id('mp')}`, { as: admin(), body, headers: mp });
        expect(res.status).toBe(500);
        expect(res.json.error).toBe('error');
        expect(res.json.reason).toContain('expected more data');
        expect(res.json.reason).toContain('chttpd_db');
      }
    });

    it('multipart without the closing delimiter is accepted', async () => {
      const res = await call(couch.url, 'PUT', `/facts/${id('mp')}`, { as: admin(), body: `--${B}\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n--${B}\r\n`, headers: mp });
      expect(res.status).toBe(201);
    });

    it('multipart/related without a boundary is read as JSON', async () => {
      const res = await call(couch.url, 'PUT', `/facts/${id('mp')}`, { as: admin(), body: 'x', headers: { 'Content-Type': 'multipart/related' } });
      expect({ status: res.status, reason: res.json.reason }).toEqual({ status: 400, reason: 'invalid UTF-8 JSON' });
    });
  });

  describe('(f) DELETE /_session', () => {
    it('only clears the cookie in the browser: the AuthSession value stays valid on the server', async () => {
      const login = await call(couch.url, 'POST', '/_session', { body: { name: 'desk-curial', password: 'demo-desk-curial' } });
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
      expect(cookie).toMatch(/^AuthSession=.+/);
      expect(login.headers.getSetCookie()[0]).toContain('Max-Age=600');
      const out = await call(couch.url, 'DELETE', '/_session', { headers: { Cookie: cookie } });
      expect(out.json).toEqual({ ok: true });
      expect(out.headers.getSetCookie()[0]).toMatch(/^AuthSession=;/);
      const after = await call(couch.url, 'GET', '/_session', { headers: { Cookie: cookie } });
      expect(after.json.userCtx).toEqual({ name: 'desk-curial', roles: ['desk', 'site:curial'] });
      expect(after.json.info.authenticated).toBe('cookie');
      expect((await call(couch.url, 'GET', '/accueil/_all_docs?limit=1', { headers: { Cookie: cookie } })).status).toBe(200);
    });
  });

  describe('(g) attachment response headers', () => {
    it('text/html and image/svg+xml come back with the stored Content-Type and CSP sandbox, no nosniff, no Content-Disposition', async () => {
      const data = (s: string) => Buffer.from(s).toString('base64');
      const body = { _attachments: { 'page.html': { content_type: 'text/html', data: data('<script>alert(1)</script>') }, 'img.svg': { content_type: 'image/svg+xml', data: data('<svg/>') } } };
      expect((await call(couch.url, 'PUT', '/facts/html', { as: admin(), body })).status).toBe(201);
      for (const [name, type] of [['page.html', 'text/html'], ['img.svg', 'image/svg+xml']]) {
        const res = await call(couch.url, 'GET', `/facts/html/${name}`, { as: admin(), headers: { Accept: '*/*' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('content-security-policy')).toBe('sandbox');
        expect(res.headers.get('x-content-type-options')).toBeNull();
        expect(res.headers.get('content-disposition')).toBeNull();
      }
      // text/* is stored compressed: served gzip-encoded to a client that accepts it (fetch does).
      const html = await call(couch.url, 'GET', '/facts/html/page.html', { as: admin(), headers: { Accept: '*/*' } });
      expect(html.text).toBe('<script>alert(1)</script>');
    });
  });
});
