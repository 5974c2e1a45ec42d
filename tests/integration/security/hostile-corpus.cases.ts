import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '$lib/domain/documents';
import type { DbName } from '$lib/domain/common';
import { checkin, meeting, service, visit } from '$lib/testing/fixtures';
import { alive, raw, useDoor, type Door, type Mode } from './doors';

const DBS: DbName[] = ['accueil', 'planning', 'referentiel', 'borne'];
const ROLES = ['desk-curial', 'kiosk-curial', 'display-hdv', 'coordinator'];
const TYPES = ['visit', 'checkin', 'meeting', 'service', 'site', 'room', 'ticket', 'call', 'feed', 'roomcheck', 'boardprint', 'receipt', 'loan', 'conflict', 'appointment', 'x', ''];
const BASES = [visit(), checkin({ kiosk: 'kiosk-curial' }), meeting(), service()] as Record<string, unknown>[];

/** A twist present in one document out of four or so, so that most reach the design documents. */
const rarely = <T,>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** Mostly-plausible documents with one or more hostile twists: what a tampered tablet could send. */
const hostileDoc = fc
  .record({
    base: fc.constantFrom(...BASES),
    id: fc.oneof(
      fc.constantFrom('visit:curial:2025-03-10T08:00:00.000Z:', 'checkin:curial:2025-03-10T08:00:00.000Z:', 'meeting:hdv:manual:', 'service:', '_design/', '_local/', '_', 'meeting:hdv:ics:salle:').chain((p) => fc.string({ maxLength: 12 }).map((s) => p + s)),
      fc.string({ maxLength: 20 })
    ).map((id) => id),
    type: rarely(fc.constantFrom(...TYPES)),
    v: rarely(fc.constantFrom(1, 2, 0, '1', null)),
    site: rarely(fc.constantFrom('curial', 'hdv', 'lyon', '', 42)),
    day: rarely(fc.constantFrom('2025-02-30', '2025-13-45', '0000-00-00', '2025-03-10', 'demain')),
    source: rarely(fc.constantFrom('zimbra', 'manual', 'import', 'ics')),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 2 }),
    deleted: rarely(fc.boolean()),
    attachment: rarely(
      fc.record({
        name: fc.constantFrom('signature.png', 'photo.jpg', 'page.html', 'x.svg', '_x'),
        content_type: fc.constantFrom('image/png', 'image/jpeg', 'text/html', 'image/svg+xml', 'application/javascript', 'application/pdf'),
        data: fc.constantFrom('iVBORw0KGgo=', 'PHNjcmlwdD4=', '!!', '', null)
      })
    ),
    revisions: rarely(fc.record({ start: fc.integer({ min: -1, max: 12 }), ids: fc.array(fc.constantFrom('a'.repeat(32), 'b'.repeat(32), '', 'zz'), { maxLength: 4 }) }))
  })
  .map((r) => {
    const doc: Record<string, unknown> = { ...r.base, ...r.extra, _id: r.id };
    if (r.type !== undefined) doc.type = r.type;
    if (r.v !== undefined) doc.v = r.v;
    if (r.site !== undefined) doc.site = r.site;
    if (r.day !== undefined) doc.day = r.day;
    if (r.source !== undefined) doc.source = r.source;
    if (r.deleted !== undefined) doc._deleted = r.deleted;
    if (r.attachment) doc._attachments = { [r.attachment.name]: { content_type: r.attachment.content_type, data: r.attachment.data } };
    if (r.revisions) {
      doc._revisions = r.revisions;
      doc._rev = `${r.revisions.start}-${r.revisions.ids[0] ?? 'a'}`;
    }
    return doc;
  });

/** A request: who, where, by which route, with 1–3 hostile documents (or a broken body). */
const hostileRequest = fc.record({
  who: fc.constantFrom(...ROLES),
  db: fc.constantFrom(...DBS),
  route: fc.constantFrom('bulk', 'bulk-replicated', 'put', 'post', 'local', 'broken'),
  docs: fc.array(hostileDoc, { minLength: 1, maxLength: 3 }),
  broken: fc.constantFrom('{"docs":[null]}', '{"docs":"x"}', 'null', '[]', '{"docs":[{"_id":1}]}', '{"docs":[{"_attachments":null}]}', '{', '"\\u0000"', '{"new_edits":"no","docs":[]}')
});

const RUNS = 1000;

const queryValue = fc.oneof(
  fc.constantFrom('true', 'false', '0', '-1', '1e309', 'null', '[]', '{}', '[null]', '"x"', 'all', '["1-a"]', '[1,2]', 'main_only', 'all_docs', '_doc_ids', '_view', 'x/y', '%', '%ZZ', ''),
  fc.string({ maxLength: 10 })
);
/** Read requests with hostile query strings and bodies: the replication protocol's routes. */
const hostileRead = fc.record({
  who: fc.constantFrom(...ROLES),
  db: fc.constantFrom(...DBS),
  route: fc.constantFrom('GET _all_docs', 'GET doc', 'GET _changes', 'GET _local', 'GET attachment', 'POST _all_docs', 'POST _bulk_get', 'POST _revs_diff', 'POST _changes', 'GET _design view'),
  params: fc.dictionary(
    fc.constantFrom('open_revs', 'keys', 'key', 'startkey', 'endkey', 'revs', 'revs_info', 'limit', 'skip', 'since', 'style', 'filter', 'doc_ids', 'include_docs', 'attachments', 'conflicts', 'atts_since', 'latest', 'rev', 'descending', 'view', 'heartbeat', 'batch_size', 'x'),
    queryValue,
    { maxKeys: 2 }
  ),
  body: fc.jsonValue({ maxDepth: 4 })
});

/**
 * A generated hostile corpus (seeded): whatever a device sends, the server answers without a
 * 5xx, keeps serving, and every document it stored is one the app's own zod schemas accept.
 */
export function hostileCorpus(mode: Mode, start: () => Promise<Door>): void {
  describe(`hostile corpus, ${mode}`, () => {
    const env = useDoor(start);

    it(`${RUNS} generated requests: no 5xx, no crash, nothing stored that zod refuses`, async () => {
      let documents = 0;
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(hostileRequest, async (r) => {
          documents += r.docs.length;
          const first = r.docs[0]!;
          const req =
            r.route === 'broken'
              ? { method: 'POST', path: `/${r.db}/_bulk_docs`, body: r.broken }
              : r.route === 'local'
                ? { method: 'PUT', path: `/${r.db}/_local/${encodeURIComponent(String(first._id || 'x').replace(/^_local\//, ''))}`, body: JSON.stringify(first) }
              : r.route === 'put'
                ? { method: 'PUT', path: `/${r.db}/${encodeURIComponent(String(first._id || 'x'))}`, body: JSON.stringify(first) }
                : r.route === 'post'
                  ? { method: 'POST', path: `/${r.db}`, body: JSON.stringify(first) }
                  : { method: 'POST', path: `/${r.db}/_bulk_docs`, body: JSON.stringify({ docs: r.docs, ...(r.route === 'bulk-replicated' ? { new_edits: false } : {}) }) };
          const res = await raw(env.door.url, { ...req, as: r.who, headers: { 'Content-Type': 'application/json' } });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          return res.status >= 200 && res.status < 500;
        }),
        { seed: 8, numRuns: RUNS, endOnFailure: true }
      );
      expect(documents).toBeGreaterThanOrEqual(RUNS);
      expect(await alive(env.door)).toBe(true);

      for (const db of DBS) {
        const all = await env.door.engine.call<{ rows: { id: string; doc?: Record<string, unknown> }[] }>('GET', `/${db}/_all_docs?include_docs=true`);
        for (const row of all.rows) {
          if (row.id.startsWith('_design/')) continue;
          const parsed = parseDocument(db, row.doc);
          expect(parsed.ok, `${db}/${row.id}: ${parsed.ok ? '' : parsed.reason} ${JSON.stringify(row.doc)}`).toBe(true);
        }
      }
      const reads = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(hostileRead, async (r) => {
          const query = new URLSearchParams(r.params).toString();
          const [method, what] = r.route.split(' ') as [string, string];
          const path =
            what === 'doc' ? `/${r.db}/visit%3Acurial%3Ax` : what === '_local' ? `/${r.db}/_local/x` : what === 'attachment' ? `/${r.db}/x/signature.png` : what === 'view' ? `/${r.db}/_design/conflicts/_view/by_doc` : `/${r.db}/${what}`;
          const res = await raw(env.door.url, { method, path: `${path}?${query}`, as: r.who, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? JSON.stringify(r.body) : undefined, timeoutMs: 10_000 });
          reads.set(res.status, (reads.get(res.status) ?? 0) + 1);
          return res.status >= 200 && res.status < 500;
        }),
        { seed: 9, numRuns: RUNS, endOnFailure: true }
      );
      expect(await alive(env.door)).toBe(true);

      // Shown in the run's output, for the README's counts.
      console.info(`hostile corpus (${env.door.mode}): ${RUNS} write requests, ${documents} documents, statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${RUNS} read requests, statuses ${JSON.stringify(Object.fromEntries(reads))}`);
    }, 300_000);
  });
}
