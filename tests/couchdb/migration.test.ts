import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAMES } from '$lib/domain/common';
import { checkin, receipt, visit } from '$lib/testing/fixtures';
import { CouchClient } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { startProduction } from '../../sync-server/src/production';
import { SECURITY } from '../../sync-server/src/setup/security';
import { runSetup } from '../../sync-server/src/setup/setup';
import { type CouchInstance, adminUrl } from '../support/couchdb';
import { type TestServer, startTestServer, tempDir } from '../integration/server/helpers';
import { blankCouch, call } from './helpers';

/** Bytes as the app attaches them: a receipt PDF and a signature PNG (not text, so a re-encoding would show). */
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256))]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 11) % 256))]);
const b64 = (b: Buffer) => b.toString('base64');

const RECEIPT_ID = 'receipt:curial:C-2025-MIGR-0001';
const CHECKIN_ID = 'checkin:curial:2025-03-10T08:00:00.000Z:migr';
const CONFLICTED_ID = 'visit:curial:2025-03-10T09:00:00.000Z:migrconf';
const DELETED_ID = 'visit:curial:2025-03-10T10:00:00.000Z:migrdel';

/** `http://name:password@host:port/db`, as a replication endpoint takes it. */
const endpoint = (base: string, admin: { name: string; password: string }, db: string) => `${adminUrl({ url: base, admin })}/${db}`;

/** Every document of a database, deleted ones included, with its winning rev and conflicts. */
async function snapshot(base: string, admin: { name: string; password: string }, db: string) {
  const changes = await call(base, 'GET', `/${db}/_changes?style=all_docs&include_docs=true&conflicts=true`, { as: admin });
  expect(changes.status, changes.text).toBe(200);
  const docs = new Map<string, { rev: string; deleted: boolean; conflicts: string[] }>();
  for (const r of changes.json.results as { id: string; deleted?: boolean; doc: { _rev: string; _conflicts?: string[] } }[]) {
    docs.set(r.id, { rev: r.doc._rev, deleted: !!r.deleted, conflicts: [...(r.doc._conflicts ?? [])].sort() });
  }
  return docs;
}

async function replicate(couch: CouchInstance, source: string, target: string, extra: Record<string, unknown> = {}) {
  const res = await call(couch.url, 'POST', '/_replicate', { as: couch.admin, body: { source, target, ...extra } });
  expect(res.status, res.text).toBe(200);
  expect(res.json.ok, res.text).toBe(true);
  return res.json as { history: { doc_write_failures: number; docs_written: number }[] };
}

/**
 * Moving from the embedded server to Apache CouchDB with CouchDB's own replicator, as the
 * README's migration steps do it: databases and `_security` first (setup without design
 * documents), then every app database and `_users` pulled by CouchDB from the embedded
 * server, design documents included (they keep their revisions: no conflicts), then the full
 * setup, which finds nothing to change. And the way back, attachments included.
 */
describe('migration from the embedded server to Apache CouchDB 3.5', () => {
  let couch: CouchInstance;
  let emb: TestServer;

  beforeAll(async () => {
    [couch, emb] = await Promise.all([blankCouch(), startTestServer({ demo: true })]);
    const as = emb.admin;
    // A receipt with its signature and PDF, a kiosk check-in with its signature (as the app stores them).
    const withFiles = { ...receipt({ _id: RECEIPT_ID, number: 'C-2025-MIGR-0001' }), _attachments: { 'signature.png': { content_type: 'image/png', data: b64(PNG) }, 'recepisse.pdf': { content_type: 'application/pdf', data: b64(PDF) } } };
    expect((await call(emb.url, 'PUT', `/accueil/${encodeURIComponent(RECEIPT_ID)}`, { as, body: withFiles })).status).toBe(201);
    const kiosk = { ...checkin({ _id: CHECKIN_ID }), _attachments: { 'signature.png': { content_type: 'image/png', data: b64(PNG) } } };
    expect((await call(emb.url, 'PUT', `/borne/${encodeURIComponent(CHECKIN_ID)}`, { as, body: kiosk })).status).toBe(201);
    // A tombstone.
    const created = await call(emb.url, 'PUT', `/accueil/${encodeURIComponent(DELETED_ID)}`, { as, body: visit({ _id: DELETED_ID }) });
    expect(created.status).toBe(201);
    expect((await call(emb.url, 'DELETE', `/accueil/${encodeURIComponent(DELETED_ID)}?rev=${created.json.rev}`, { as })).status).toBe(200);
    // A real conflict: two leaf revisions of one visit, as two tablets offline would make them.
    const base = visit({ _id: CONFLICTED_ID });
    const leaves = [
      { ...base, reason: 'Passeport', _rev: '2-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', _revisions: { start: 2, ids: ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '11111111111111111111111111111111'] } },
      { ...base, reason: 'Mariage', _rev: '2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', _revisions: { start: 2, ids: ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', '11111111111111111111111111111111'] } }
    ];
    const bulk = await call(emb.url, 'POST', '/accueil/_bulk_docs', { as, body: { docs: leaves, new_edits: false } });
    expect(bulk.status, bulk.text).toBe(201);
    expect((await call(emb.url, 'GET', `/accueil/${encodeURIComponent(CONFLICTED_ID)}?conflicts=true`, { as })).json._conflicts).toHaveLength(1);

    // Step 1 of the README: the databases and their _security, no design documents yet.
    await runSetup(new CouchClient(adminUrl(couch)), memoryLogger(), { designDocs: false });
    // Step 2: CouchDB pulls every app database and the device accounts.
    for (const db of [...DB_NAMES, '_users']) {
      const result = await replicate(couch, endpoint(emb.url, emb.admin, db), endpoint(couch.url, couch.admin, db));
      expect(result.history[0]?.doc_write_failures ?? 0, db).toBe(0);
    }
  });

  afterAll(async () => {
    await emb?.stop();
  });

  it.each([...DB_NAMES])('%s: the same documents, winning revisions, conflicts and tombstones', async (db) => {
    const [before, after] = await Promise.all([snapshot(emb.url, emb.admin, db), snapshot(couch.url, couch.admin, db)]);
    expect(before.size).toBeGreaterThan(0);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
    const [a, b] = await Promise.all([call(emb.url, 'GET', `/${db}`, { as: emb.admin }), call(couch.url, 'GET', `/${db}`, { as: couch.admin })]);
    // PouchDB's database info has no doc_del_count: the tombstones are compared above.
    expect(b.json.doc_count).toBe(a.json.doc_count);
  });

  it('carries design documents, tombstones and conflicts (the cases that failed)', async () => {
    const accueil = await snapshot(couch.url, couch.admin, 'accueil');
    expect([...accueil.keys()].filter((id) => id.startsWith('_design/')).sort()).toEqual(['_design/authority', '_design/conflicts', '_design/structure']);
    expect(accueil.get(DELETED_ID)?.deleted).toBe(true);
    expect(accueil.get(CONFLICTED_ID)).toEqual({ rev: '2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', deleted: false, conflicts: ['2-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'] });
    const planning = await snapshot(couch.url, couch.admin, 'planning');
    expect([...planning.keys()].filter((id) => id.startsWith('room:'))).toHaveLength(8);
  });

  it('attachments are byte-identical', async () => {
    for (const [db, id, name, bytes] of [
      ['accueil', RECEIPT_ID, 'recepisse.pdf', PDF],
      ['accueil', RECEIPT_ID, 'signature.png', PNG],
      ['borne', CHECKIN_ID, 'signature.png', PNG]
    ] as const) {
      const res = await fetch(`${couch.url}/${db}/${encodeURIComponent(id)}/${name}`, { headers: { Authorization: `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString('base64')}` } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes), `${db}/${id}/${name}`).toBe(true);
    }
  });

  it('_security is what our setup sets, and the full setup then changes nothing', async () => {
    for (const db of DB_NAMES) expect((await call(couch.url, 'GET', `/${db}/_security`, { as: couch.admin })).json).toEqual(SECURITY[db]);
    const log = memoryLogger();
    await runSetup(new CouchClient(adminUrl(couch)), log);
    expect(log.lines.filter((l) => /created|installed|updated/.test(l))).toEqual([]);
  });

  it('the device accounts came with _users, their PBKDF2 hashes unchanged', async () => {
    const names = (db: { url: string }, admin: { name: string; password: string }) =>
      call(db.url, 'GET', '/_users/_all_docs?include_docs=true&startkey="org.couchdb.user:"&endkey="org.couchdb.user:\uffff"', { as: admin });
    const [a, b] = await Promise.all([names(emb, emb.admin), names(couch, couch.admin)]);
    const keyOf = (rows: { doc: Record<string, unknown> }[]) => rows.map((r) => [r.doc._id, r.doc.derived_key, r.doc.salt, r.doc.iterations, r.doc.roles]);
    expect(a.json.rows.length).toBeGreaterThan(0);
    expect(keyOf(b.json.rows)).toEqual(keyOf(a.json.rows));
  });

  it('the migrated CouchDB works behind the CouchDB-mode door: a demo desk logs in and reads', async () => {
    const root = tempDir('accueil-migration-web-');
    mkdirSync(join(root, '_app'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Accueil</title>');
    const door = await startProduction({ client: new CouchClient(adminUrl(couch)), webRoot: root, webPort: 0, host: '127.0.0.1', demo: true, log: memoryLogger(), workers: false, dataDir: tempDir('accueil-migration-state-') });
    try {
      const session = await call(`${door.webUrl}/db`, 'GET', '/_session', { as: 'desk-curial' });
      expect(session.json.userCtx.name).toBe('desk-curial');
      const rooms = await call(`${door.webUrl}/db`, 'GET', '/planning/_all_docs?startkey="room:"&endkey="room:\uffff"', { as: 'desk-curial' });
      expect(rooms.status, rooms.text).toBe(200);
      expect(rooms.json.rows).toHaveLength(8);
      const conflicted = await call(`${door.webUrl}/db`, 'GET', `/accueil/${encodeURIComponent(CONFLICTED_ID)}?conflicts=true`, { as: 'desk-curial' });
      expect(conflicted.json._conflicts).toEqual(['2-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
    } finally {
      await door.close();
    }
  });

  it('the way back: CouchDB pushes planning, accueil and borne into a fresh embedded server, attachments byte-identical', async () => {
    const back = await startTestServer({});
    try {
      // The fresh server installed its own design documents: they stay out (a selector on CouchDB, the source).
      // accueil and borne carry attachments: CouchDB writes those documents with a multipart PUT ?new_edits=false.
      for (const db of ['planning', 'accueil', 'borne']) {
        const result = await replicate(couch, endpoint(couch.url, couch.admin, db), endpoint(back.url, back.admin, db), { selector: { _id: { $regex: '^[^_]' } } });
        expect(result.history[0]?.doc_write_failures, db).toBe(0);
        const [there, home] = await Promise.all([snapshot(couch.url, couch.admin, db), snapshot(back.url, back.admin, db)]);
        const data = (m: Map<string, unknown>) => Object.fromEntries([...m].filter(([id]) => !id.startsWith('_design/')));
        expect(Object.keys(data(home)).length, db).toBeGreaterThan(0);
        expect(data(home), db).toEqual(data(there));
      }
      const accueil = await snapshot(back.url, back.admin, 'accueil');
      expect(accueil.get(DELETED_ID)?.deleted).toBe(true);
      expect(accueil.get(CONFLICTED_ID)?.conflicts).toEqual(['2-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
      for (const [db, id, name, bytes, type] of [
        ['accueil', RECEIPT_ID, 'recepisse.pdf', PDF, 'application/pdf'],
        ['accueil', RECEIPT_ID, 'signature.png', PNG, 'image/png'],
        ['borne', CHECKIN_ID, 'signature.png', PNG, 'image/png']
      ] as const) {
        const doc = await call(back.url, 'GET', `/${db}/${encodeURIComponent(id)}?attachments=true`, { as: back.admin });
        expect(doc.status, doc.text).toBe(200);
        const att = doc.json._attachments[name] as { content_type: string; data: string; digest: string };
        expect(att.content_type, `${db}/${id}/${name}`).toBe(type);
        expect(Buffer.from(att.data, 'base64').equals(bytes), `${db}/${id}/${name}`).toBe(true);
        const there = await call(couch.url, 'GET', `/${db}/${encodeURIComponent(id)}`, { as: couch.admin });
        expect(att.digest, `${db}/${id}/${name}`).toBe(there.json._attachments[name].digest);
      }
    } finally {
      await back.stop();
    }
  });
});
