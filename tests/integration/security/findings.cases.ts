import { describe, expect, it } from 'vitest';
import { appointment } from '$lib/testing/appointment-fixtures';
import { checkin, meeting, service, visit } from '$lib/testing/fixtures';
import { call } from '../server/helpers';
import { alive, raw, useDoor, type Door, type Mode } from './doors';

/**
 * Issue 8's findings, each pinned by a test named after it, on both doors: the embedded
 * server and real Apache CouchDB. After every case the process must still answer.
 */
export function securityFindings(mode: Mode, start: () => Promise<Door>): void {
  describe(`security findings, ${mode}`, () => {
    const env = useDoor(start);
    const id = (s: string) => encodeURIComponent(s);
    const stored = async (db: string, docId: string) => (await env.door.engine.request<Record<string, unknown>>('GET', `/${db}/${id(docId)}`)).body;
    const leaves = async (db: string, docId: string) =>
      ((await env.door.engine.request<{ ok?: Record<string, unknown> }[]>('GET', `/${db}/${id(docId)}?open_revs=all`)).body ?? []).map((l) => l.ok).filter(Boolean) as Record<string, unknown>[];


    describe('1. no request kills the process', () => {
      const multipart = (json: string, boundary = 'abc') =>
        `--${boundary}\r\nContent-Type: application/json\r\n\r\n${json}\r\n--${boundary}\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="a.txt"\r\n\r\nhello\r\n--${boundary}--`;
      const cases: [string, string, string, string, Record<string, string>, string][] = [
        ['kiosk-curial', 'PUT', '/borne/checkin:x', 'multipart/related with invalid JSON in its JSON part', { 'Content-Type': 'multipart/related; boundary=abc' }, multipart('{not json')],
        ['display-hdv', 'PUT', '/planning/x', 'multipart/related truncated', { 'Content-Type': 'multipart/related; boundary=abc' }, multipart('{}').slice(0, 40)],
        ['desk-curial', 'PUT', '/accueil/x', 'multipart/related without a boundary', { 'Content-Type': 'multipart/related' }, multipart('{}')],
        ['desk-curial', 'POST', '/accueil', 'multipart/form-data', { 'Content-Type': 'multipart/form-data; boundary=abc' }, multipart('{}')],
        ['desk-curial', 'POST', '/referentiel/_bulk_docs', 'text/plain', { 'Content-Type': 'text/plain' }, '{"docs":[]}'],
        ['kiosk-curial', 'PUT', '/borne/_local/x', 'no content type', {}, '{"a":1}']
      ];
      it.each(cases)('%s %s %s as %s is refused with 415, directly and through /db', async (who, method, path, _what, headers, body) => {
        for (const base of [env.door.url, env.door.webDbUrl]) {
          const res = await raw(base, { method, path, as: who, headers, body });
          expect(res.status, base).toBe(415);
          expect(JSON.parse(res.text)).toMatchObject({ error: 'bad_content_type' });
          expect(await alive(env.door)).toBe(true);
        }
      });

      it('a body cut off mid-way is dropped, and the process keeps serving', async () => {
        const res = await raw(env.door.url, { method: 'POST', path: '/accueil/_bulk_docs', as: 'desk-curial', headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' }, body: '{"docs":[', timeoutMs: 500 });
        expect([0, 400, 408]).toContain(res.status);
        expect(await alive(env.door)).toBe(true);
      });
    });

    describe('2. new_edits:false cannot skip validate_doc_update', () => {
      /**
       * Writes `body` as a new child of the current winning revision: first the way the review
       * did (`_rev` naming the winner, the child only in `_revisions`: now a 400, the head must
       * match), then as a replicator would send it (`_rev` = the child), which reaches the
       * design documents. Returns the second answer.
       */
      async function childOfWinner(who: string, db: string, docId: string, body: Record<string, unknown>) {
        const current = await stored(db, docId);
        const rev = String(current._rev);
        const [gen, hash] = rev.split('-');
        const revisions = { start: Number(gen) + 1, ids: ['f'.repeat(32), hash] };
        const review = await call(env.door.url, 'POST', `/${db}/_bulk_docs`, { as: who, body: { docs: [{ ...body, _id: docId, _rev: rev, _revisions: revisions }], new_edits: false } });
        expect(review.status).toBe(400);
        const child = { ...body, _id: docId, _rev: `${revisions.start}-${'f'.repeat(32)}`, _revisions: revisions };
        const res = await call(env.door.url, 'POST', `/${db}/_bulk_docs`, { as: who, body: { docs: [child], new_edits: false } });
        return { res, before: current };
      }

      it.each([
        ['desk-curial', 'accueil', 'a visit without type', (d: Record<string, unknown>) => ({ ...d, type: undefined })],
        ['desk-curial', 'accueil', 'a visit with v: 2', (d: Record<string, unknown>) => ({ ...d, v: 2 })],
        ['desk-curial', 'accueil', 'a visit at site lyon', (d: Record<string, unknown>) => ({ ...d, site: 'lyon' })],
        ['desk-curial', 'accueil', 'a check-in inside accueil', () => checkin({ kiosk: 'kiosk-curial' })]
      ])('%s cannot store %s over %s', async (who, db, _what, change) => {
        const v = visit({ _id: `visit:curial:2025-03-10T08:00:00.000Z:ne${Math.random().toString(36).slice(2, 8)}` });
        expect((await call(env.door.url, 'PUT', `/${db}/${id(v._id)}`, { as: who, body: v })).status).toBe(201);
        const before = await stored(db, v._id);
        const { res } = await childOfWinner(who, db, v._id, change(before) as Record<string, unknown>);
        expect(res.status).toBeLessThan(500);
        const results = (res.json ?? []) as { error?: string }[];
        expect(res.status === 201 ? results[0]?.error : res.json.error).toBe('forbidden');
        expect(await stored(db, v._id)).toEqual(before);
        expect(await leaves(db, v._id)).toHaveLength(1);
      });

      it('a display cannot write planning, a kiosk cannot rewrite a check-in, a desk cannot rewrite Zimbra meetings or reference data', async () => {
        const zimbra = meeting({ _id: 'meeting:hdv:ics:salle:ne-zimbra', source: 'zimbra' } as never);
        await env.door.engine.call('PUT', `/planning/${id(zimbra._id)}`, zimbra);
        const manual = meeting({ _id: 'meeting:hdv:manual:ne-display' });
        await env.door.engine.call('PUT', `/planning/${id(manual._id)}`, manual);
        const svc = service({ _id: 'service:ne-etat-civil' });
        await env.door.engine.call('PUT', `/referentiel/${id(svc._id)}`, svc);
        const c = checkin({ _id: 'checkin:curial:2025-03-10T08:00:00.000Z:ne-kiosk', kiosk: 'kiosk-curial' });
        await env.door.engine.call('PUT', `/borne/${id(c._id)}`, c);

        const attempts: [string, string, string, (d: Record<string, unknown>) => Record<string, unknown>][] = [
          ['display-hdv', 'planning', manual._id, (d) => ({ ...d, title: 'Réunion détournée' })],
          ['kiosk-curial', 'planning', manual._id, (d) => ({ ...d, title: 'Réunion détournée' })],
          ['desk-curial', 'planning', zimbra._id, (d) => ({ ...d, title: 'Réécrite par un guichet' })],
          ['desk-curial', 'planning', zimbra._id, (d) => ({ _id: d._id, _deleted: true })],
          ['desk-curial', 'referentiel', svc._id, (d) => ({ ...d, name: 'Service renommé' })],
          ['desk-curial', 'referentiel', svc._id, (d) => ({ _id: d._id, _deleted: true })],
          ['kiosk-curial', 'borne', c._id, (d) => ({ ...d, visitorName: 'Autre' })]
        ];
        for (const [who, db, docId, change] of attempts) {
          const before = await stored(db, docId);
          const { res } = await childOfWinner(who, db, docId, change(before));
          expect(res.status, `${who} ${db} ${docId}`).toBeLessThan(500);
          expect(await stored(db, docId), `${who} ${db} ${docId}`).toEqual(before);
          expect(await leaves(db, docId), `${who} ${db} ${docId}`).toHaveLength(1);
        }
      });

      it('a new branch (no parent on the server) is judged against the current document: a desk cannot turn a Zimbra meeting into its own, a kiosk cannot add a sibling check-in', async () => {
        const zimbra = meeting({ _id: 'meeting:hdv:ics:salle:ne-root', source: 'zimbra' } as never);
        await env.door.engine.call('PUT', `/planning/${id(zimbra._id)}`, zimbra);
        const c = checkin({ _id: 'checkin:curial:2025-03-10T08:00:00.000Z:ne-root', kiosk: 'kiosk-curial' });
        await env.door.engine.call('PUT', `/borne/${id(c._id)}`, c);
        const attempts: [string, string, Record<string, unknown>][] = [
          // CouchDB found no parent for these and ran validate_doc_update with oldDoc null (engine-facts.test.ts).
          ['desk-curial', 'planning', { ...zimbra, source: 'manual', title: 'Réunion du guichet', _rev: `9-${'0'.repeat(32)}` }],
          ['desk-curial', 'planning', { ...zimbra, source: 'manual', title: 'Réunion du guichet', _rev: `1-${'f'.repeat(32)}`, _revisions: { start: 1, ids: ['f'.repeat(32)] } }],
          ['kiosk-curial', 'borne', { ...c, visitorName: 'Quelqu’un d’autre', _rev: `1-${'f'.repeat(32)}`, _revisions: { start: 1, ids: ['f'.repeat(32)] } }]
        ];
        for (const [who, db, doc] of attempts) {
          const before = await stored(db, String(doc._id));
          const res = await call(env.door.url, 'POST', `/${db}/_bulk_docs`, { as: who, body: { new_edits: false, docs: [doc] } });
          expect(res.status, `${who} ${db}: ${res.text}`).toBe(201);
          expect(res.json[0], `${who} ${db}`).toMatchObject({ error: 'forbidden' });
          expect(await stored(db, String(doc._id))).toEqual(before);
          expect(await leaves(db, String(doc._id))).toHaveLength(1);
        }
      });

      it('two desks booking the same seat while apart still meet as a conflict (a legitimate new branch)', async () => {
        const seat = appointment({ _id: 'appointment:etat-civil:2025-03-10T08:00:00.000Z:1' });
        const first = await call(env.door.url, 'PUT', `/accueil/${id(seat._id)}`, { as: 'desk-curial', body: seat });
        expect(first.status).toBe(201);
        const other = { ...seat, visitorName: 'Autre personne', _rev: `1-${'c'.repeat(32)}`, _revisions: { start: 1, ids: ['c'.repeat(32)] } };
        const res = await call(env.door.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-hdv', body: { new_edits: false, docs: [other] } });
        expect(res.status).toBe(201);
        expect(res.json).toEqual([]);
        expect(await leaves('accueil', seat._id)).toHaveLength(2);
      });

      it('a replicated PUT (?new_edits=false) is refused: replication writes with _bulk_docs', async () => {
        const m = meeting({ _id: 'meeting:hdv:manual:ne-put' });
        const res = await call(env.door.url, 'PUT', `/planning/${id(m._id)}?new_edits=false`, { as: 'desk-curial', body: { ...m, _rev: `1-${'d'.repeat(32)}` } });
        expect(res.status).toBe(400);
      });

      it('a ten-revision branch from a display is refused', async () => {
        const m = meeting({ _id: 'meeting:hdv:manual:ne-branch' });
        await env.door.engine.call('PUT', `/planning/${id(m._id)}`, m);
        const ids = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(32).slice(0, 32));
        const res = await call(env.door.url, 'POST', '/planning/_bulk_docs', {
          as: 'display-hdv',
          body: { new_edits: false, docs: [{ ...m, title: 'x', _revisions: { start: 10, ids } }] }
        });
        expect(res.status).toBeLessThan(500);
        expect(await leaves('planning', m._id)).toHaveLength(1);
      });

      it('a replicated deletion whose _revisions repeats an id is refused (PouchDB stored it as a live document without a body)', async () => {
        const res = await call(env.door.url, 'POST', '/borne/_bulk_docs', {
          as: 'coordinator',
          body: { new_edits: false, docs: [{ _id: 'ne-repeated', _deleted: true, _rev: '4-zz', _revisions: { start: 4, ids: ['zz', 'zz'] } }] }
        });
        expect(res.status).toBe(400);
        expect((await env.door.engine.request('GET', '/borne/ne-repeated')).status).toBe(404);
      });

      it('a replicated revision the server already has is accepted as a no-op', async () => {
        const v = visit({ _id: 'visit:curial:2025-03-10T08:00:00.000Z:ne-noop' });
        const put = await call(env.door.url, 'PUT', `/accueil/${id(v._id)}`, { as: 'desk-curial', body: v });
        const rev = put.json.rev as string;
        const res = await call(env.door.url, 'POST', '/accueil/_bulk_docs', {
          as: 'desk-curial',
          body: { new_edits: false, docs: [{ ...v, _rev: rev, _revisions: { start: 1, ids: [rev.split('-')[1]] } }] }
        });
        expect(res.status).toBe(201);
        expect(res.json).toEqual([]);
      });
    });

    describe('3. no device makes itself admin', () => {
      it.each([
        ['kiosk-curial', 'borne'],
        ['desk-curial', 'accueil'],
        ['display-hdv', 'planning']
      ])('%s cannot replace the security object of %s by any route', async (who, db) => {
        const before = (await env.door.engine.request('GET', `/${db}/_security`)).body;
        const mine = { admins: { names: [who], roles: [] }, members: { names: [who], roles: [] } };
        const boundary = 'xyz';
        const multipart = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ _id: '_local/_security', _rev: '0-1', ...mine })}\r\n--${boundary}--`;
        const attempts = [
          await raw(env.door.url, { method: 'PUT', path: `/${db}/x`, as: who, headers: { 'Content-Type': `multipart/related; boundary=${boundary}` }, body: multipart }),
          await raw(env.door.url, { method: 'PUT', path: `/${db}/_local/_security`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(mine) }),
          await raw(env.door.url, { method: 'PUT', path: `/${db}/_local%2F_security`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(mine) }),
          await raw(env.door.url, { method: 'PUT', path: `/${db}/x`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ _id: '_local/_security', ...mine }) }),
          await raw(env.door.url, { method: 'PUT', path: `/${db}/_security`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(mine) }),
          await raw(env.door.url, { method: 'POST', path: `/${db}/_bulk_docs`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ docs: [{ _id: '_local/_security', ...mine }] }) }),
          await raw(env.door.url, { method: 'POST', path: `/${db}/_bulk_docs`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ new_edits: false, docs: [{ _id: '_local/_security', _rev: '0-1', ...mine }] }) }),
          await raw(env.door.url, { method: 'POST', path: `/${db}`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ _id: '_local/_security', ...mine }) }),
          await raw(env.door.url, { method: 'PUT', path: `/${db}/_design/x`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ validate_doc_update: 'function(){}' }) }),
          await raw(env.door.url, { method: 'POST', path: `/${db}/_bulk_docs`, as: who, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ docs: [{ _id: '_design/x', validate_doc_update: 'function(){}' }] }) })
        ];
        for (const [i, res] of attempts.entries()) {
          expect(res.status, `attempt ${i}: ${res.text}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `attempt ${i}`).toBeLessThan(500);
        }
        expect((await env.door.engine.request('GET', `/${db}/_security`)).body).toEqual(before);
        expect((await env.door.engine.request('GET', `/${db}/_design/x`)).status).toBe(404);
        if (db === 'borne') expect((await call(env.door.url, 'GET', '/borne/_all_docs', { as: who })).status).toBe(403);
      });

      it('a checkpoint id starting with an underscore is a checkpoint like any other (PouchDB ids are base64 with _)', async () => {
        expect((await call(env.door.url, 'PUT', '/planning/_local/__gnKLlZQWraLStP0c2a4A%3D%3D', { as: 'desk-curial', body: { last_seq: 3 } })).status).toBe(201);
        expect((await call(env.door.url, 'GET', '/planning/_local/__gnKLlZQWraLStP0c2a4A%3D%3D', { as: 'desk-curial' })).json).toMatchObject({ last_seq: 3 });
      });

      it('local documents belong to the device that wrote them', async () => {
        expect((await call(env.door.url, 'PUT', '/planning/_local/checkpoint-a', { as: 'desk-curial', body: { last_seq: 1 } })).status).toBe(201);
        expect((await call(env.door.url, 'GET', '/planning/_local/checkpoint-a', { as: 'desk-curial' })).json).toMatchObject({ last_seq: 1 });
        expect((await call(env.door.url, 'GET', '/planning/_local/checkpoint-a', { as: 'display-hdv' })).status).toBe(404);
        expect((await call(env.door.url, 'PUT', '/planning/_local/checkpoint-a', { as: 'display-hdv', body: { last_seq: 99 } })).status).toBe(403);
        expect((await call(env.door.url, 'GET', '/planning/_local/checkpoint-a', { as: 'desk-curial' })).json).toMatchObject({ last_seq: 1 });
      });
    });

    describe('4. no script on the app origin from attachments', () => {
      it('an HTML attachment is served as a download, with nosniff and a sandbox CSP; an image inline', async () => {
        const html = Buffer.from('<script>alert(document.cookie)</script>').toString('base64');
        const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
        // Design documents carry attachments without validate_doc_update: the one place an admin could leave one.
        await env.door.engine.call('PUT', '/planning/_design/evil', {
          _attachments: { 'page.html': { content_type: 'text/html', data: html }, 'logo.svg': { content_type: 'image/svg+xml', data: html }, 'sig.png': { content_type: 'image/png', data: png } }
        });
        for (const base of [env.door.url, env.door.webDbUrl]) {
          for (const name of ['page.html', 'logo.svg']) {
            const res = await raw(base, { method: 'GET', path: `/planning/_design/evil/${name}`, as: 'desk-curial' });
            expect(res.status).toBe(200);
            expect(res.headers['content-type']).toBe('application/octet-stream');
            expect(res.headers['content-disposition']).toBe('attachment');
            expect(res.headers['x-content-type-options']).toBe('nosniff');
            expect(res.headers['content-security-policy']).toContain('sandbox');
          }
          const img = await raw(base, { method: 'GET', path: '/planning/_design/evil/sig.png', as: 'desk-curial' });
          expect(img.headers['content-type']).toBe('image/png');
          expect(img.headers['content-disposition']).toBe('inline');
          expect(img.headers['content-security-policy']).toContain('sandbox');
        }
        const json = await raw(env.door.url, { method: 'GET', path: '/planning', as: 'desk-curial' });
        expect(json.headers['x-content-type-options']).toBe('nosniff');
      });
    });

    describe('5. tombstones keep no body', () => {
      it.each([
        ['PUT', (v: Record<string, unknown>, rev: string) => ({ method: 'PUT', path: `/accueil/${id(String(v._id))}`, body: { ...v, _rev: rev, _deleted: true } })],
        ['_bulk_docs', (v: Record<string, unknown>, rev: string) => ({ method: 'POST', path: '/accueil/_bulk_docs', body: { docs: [{ ...v, _rev: rev, _deleted: true }] } })],
        [
          '_bulk_docs new_edits:false',
          (v: Record<string, unknown>, rev: string) => ({
            method: 'POST',
            path: '/accueil/_bulk_docs',
            body: { new_edits: false, docs: [{ ...v, _rev: `2-${'e'.repeat(32)}`, _revisions: { start: 2, ids: ['e'.repeat(32), rev.split('-')[1]] }, _deleted: true }] }
          })
        ]
      ])('a deletion by %s written with the visitor name keeps only id and revision', async (_route, make) => {
        const v = visit({ _id: `visit:curial:2025-03-10T08:00:00.000Z:tomb${Math.random().toString(36).slice(2, 8)}`, visitorName: 'Jeanne Secret' });
        const put = await call(env.door.url, 'PUT', `/accueil/${id(v._id)}`, { as: 'desk-curial', body: v });
        const req = make(v as never, put.json.rev);
        const res = await call(env.door.url, req.method, req.path, { as: 'desk-curial', body: req.body });
        expect(res.status).toBeLessThan(300);
        const all = (await env.door.engine.request<{ ok?: Record<string, unknown> }[]>('GET', `/accueil/${id(v._id)}?open_revs=all&revs=false`)).body;
        const texts = JSON.stringify(all);
        expect(texts).not.toContain('Jeanne Secret');
        for (const leaf of all.map((l) => l.ok).filter(Boolean) as Record<string, unknown>[]) {
          expect(Object.keys(leaf).sort()).toEqual(['_deleted', '_id', '_rev']);
        }
      });
    });

    describe('8. requests that would stall the server', () => {
      it('a _bulk_docs of 100,000 invalid documents is refused at once', async () => {
        const docs = Array.from({ length: 100_000 }, (_, i) => ({ _id: `x${i}`, junk: i }));
        const res = await call(env.door.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-curial', body: { docs } });
        expect(res.status).toBe(400);
        expect(res.json.reason).toMatch(/at most 1000 documents/);
        expect(await alive(env.door)).toBe(true);
      });

      it('slow bodies are dropped: 20 requests that stall mid-body are answered 408 and closed', async () => {
        const stalled = await Promise.all(
          Array.from({ length: 20 }, () =>
            raw(env.door.url, { method: 'POST', path: '/accueil/_bulk_docs', as: 'desk-curial', headers: { 'Content-Type': 'application/json', 'Content-Length': '100000' }, body: '{"docs":[', endBody: false, timeoutMs: 30_000 })
          )
        );
        // Each was answered by the server: the client's own timeout would give no status at all.
        expect(stalled.map((r) => r.status)).toEqual(Array(20).fill(408));
        expect((await call(env.door.url, 'GET', '/accueil', { as: 'desk-hdv' })).status).toBe(200);
      }, 60_000);

      it('a device sending many writes at once gets 429 with Retry-After, and another device is still served', async () => {
        const batch = (n: number, tag: string) => ({ docs: Array.from({ length: n }, (_, i) => visit({ _id: `visit:curial:2025-03-10T08:00:00.000Z:${tag}${i}` })) });
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(env.door.url, 'POST', '/accueil/_bulk_docs', { as: 'coordinator', body: batch(200, `flood${i}-`) })));
        const refused = answers.filter((a) => a.status === 429);
        expect(refused.length).toBeGreaterThan(0);
        expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused[0]!.json).toMatchObject({ error: 'too_many_requests' });
        expect((await call(env.door.url, 'POST', '/accueil/_bulk_docs', { as: 'desk-hdv', body: batch(5, 'other-') })).status).toBe(201);
      }, 60_000);
    });

    describe('9. bad bodies are 400s with a reason', () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000);
      it.each([
        ['/referentiel/site%3Acurial?open_revs=x', 'a malformed open_revs (was a 500)'],
        ['/referentiel/site%3Acurial?open_revs=%22x%22', 'a JSON string as open_revs (was a 500)'],
        ['/planning/_changes?filter=_view&view=x', 'a view filter naming no view (was an unhandled rejection, which ends a Node process)'],
        ['/planning/_changes?filter=x/y', 'a design document filter'],
        ['/planning/_all_docs?keys=x', 'keys that are not an array'],
        ['/planning/_all_docs?limit=-1', 'a negative limit'],
        ['/planning/_changes?style=x', 'an unknown style']
      ])('GET %s: %s is a 400', async (path) => {
        const res = await raw(env.door.url, { method: 'GET', path, as: 'kiosk-curial' });
        expect(res.status).toBe(400);
        expect(await alive(env.door)).toBe(true);
      });

      it.each([
        ['deep nesting', 'POST', '/accueil/_bulk_docs', `{"docs":${deep}}`],
        ['deep nesting in a document', 'PUT', '/accueil/visit:deep', `{"a":${deep}}`],
        ['non-base64 attachment data', 'POST', '/accueil/_bulk_docs', JSON.stringify({ docs: [{ ...visit({ _id: 'visit:curial:2025-03-10T08:00:00.000Z:b64' }), _attachments: { 'signature.png': { content_type: 'image/png', data: '!!not base64!!' } } }] })],
        ['a null attachment entry', 'POST', '/accueil/_bulk_docs', JSON.stringify({ docs: [{ ...visit({ _id: 'visit:curial:2025-03-10T08:00:00.000Z:nullatt' }), _attachments: { 'signature.png': null } }] })],
        ['{"docs": [null]}', 'POST', '/accueil/_bulk_docs', '{"docs":[null]}'],
        ['{"docs": "x"}', 'POST', '/accueil/_bulk_docs', '{"docs":"x"}'],
        ['a null body', 'POST', '/accueil/_bulk_docs', 'null'],
        ['a null document', 'PUT', '/accueil/visit:x', 'null'],
        ['an array document', 'POST', '/accueil', '[]'],
        ['a null _revs_diff', 'POST', '/accueil/_revs_diff', 'null'],
        ['a string _bulk_get', 'POST', '/accueil/_bulk_get', '"x"']
      ])('%s', async (_what, method, path, body) => {
        const res = await raw(env.door.url, { method, path, as: 'desk-curial', headers: { 'Content-Type': 'application/json' }, body });
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text)).toMatchObject({ error: 'bad_request', reason: expect.any(String) });
        expect(await alive(env.door)).toBe(true);
      });
    });
  });
}
