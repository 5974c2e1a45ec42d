import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkin } from '$lib/testing/fixtures';
import { CouchClient, docPath } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { SECURITY } from '../../sync-server/src/setup/security';
import { runSetup } from '../../sync-server/src/setup/setup';
import { adminUrl, startCouchDB } from '../support/couchdb';
import { call, couchWithDemo } from './helpers';

const run = promisify(execFile);
const DBS = ['accueil', 'planning', 'referentiel', 'borne', 'device_enrolment', '_users'];
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

type AllDocs = { rows: { id: string; doc: Record<string, unknown> }[] };

/** Every document of a database with its revision and attachments' digests, as comparable JSON. */
async function contents(client: CouchClient, db: string) {
  const { rows } = await client.get<AllDocs>(`/${encodeURIComponent(db)}/_all_docs?include_docs=true`);
  return rows.map((r) => r.doc);
}

/**
 * `npm run backup` of every app database of a demo CouchDB (with a kiosk check-in and its
 * signature), `npm run restore` into a blank CouchDB, then our setup: the same documents, the
 * same revisions, the `_security` objects back, and a device logs in and reads.
 */
describe('backup and restore with @cloudant/couchbackup', () => {
  let source: Awaited<ReturnType<typeof couchWithDemo>>;
  let target: Awaited<ReturnType<typeof startCouchDB>>;
  let dir: string;

  beforeAll(async () => {
    [source, target] = await Promise.all([couchWithDemo(), startCouchDB()]);
    dir = await mkdtemp(join(tmpdir(), 'accueil-backup-'));
    const at = new Date().toISOString();
    const c = checkin({ _id: `checkin:curial:${at}:backup`, createdAt: at, consentAt: at, visitorName: 'Sauvegarde Test' });
    await source.client.put(docPath('borne', c._id), { ...c, _attachments: { 'signature.png': { content_type: 'image/png', data: PNG } } });
  });
  afterAll(async () => {
    await target?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const script = (cmd: string, url: string) => run(process.execPath, ['scripts/couch-backup.mjs', cmd, dir], { env: { ...process.env, COUCHDB_URL: url }, timeout: 120_000 });

  it('backs up every database, restores them into a blank CouchDB, and setup completes it', async () => {
    const backup = await script('backup', adminUrl(source));
    for (const db of DBS) expect(backup.stdout).toContain(`backup: ${db}:`);
    const restore = await script('restore', adminUrl(target));
    expect(restore.stdout).toContain('restore: done');
    const client = new CouchClient(adminUrl(target));
    const log = memoryLogger();
    await runSetup(client, log);
    // The design documents came back with the data: setup has nothing to install again.
    expect(log.lines.filter((l) => /installed|updated/.test(l))).toEqual([]);
    for (const db of DBS) expect(await contents(client, db), db).toEqual(await contents(source.client, db));
    for (const [db, security] of Object.entries(SECURITY)) expect(await client.get(`/${db}/_security`), db).toEqual(security);
    // The signature, byte for byte.
    const id = (await contents(client, 'borne')).find((d) => String(d._id).endsWith(':backup'))!._id as string;
    const png = await fetch(`${target.url}${docPath('borne', id)}/signature.png`, { headers: { Authorization: `Basic ${Buffer.from(`${target.admin.name}:${target.admin.password}`).toString('base64')}` } });
    expect(Buffer.from(await png.arrayBuffer()).toString('base64')).toBe(PNG);
  });

  it('a device account restored from _users logs in and reads', async () => {
    const session = await call(target.url, 'GET', '/_session', { as: 'desk-curial' });
    expect(session.json.userCtx).toEqual({ name: 'desk-curial', roles: ['desk', 'site:curial'] });
    const rooms = await call(target.url, 'GET', '/planning/_all_docs?startkey="room:"&endkey="room:\uffff"', { as: 'desk-curial' });
    expect(rooms.status).toBe(200);
    expect(rooms.json.rows.length).toBe(8);
  });
});
