import { DB_NAMES } from '../../../src/lib/domain/common';
import { type CouchClient, CouchRequestError, docPath } from '../couch-client';
import type { Logger } from '../log';
import { type DesignDoc, loadDesignDocs } from './design-docs';
import { ADMIN_ONLY, ENROLMENT_DB, SECURITY } from './security';

/** Creates a database unless it exists (412 is fine: setup runs at every start). */
async function ensureDatabase(client: CouchClient, db: string, log: Logger): Promise<void> {
  const res = await client.request('PUT', `/${encodeURIComponent(db)}`);
  if (res.status === 201 || res.status === 202) log.info(`setup: created database ${db}`);
  else if (res.status !== 412) throw new CouchRequestError(res.status, 'setup_failed', JSON.stringify(res.body), `PUT /${db}`);
}

const sameFunctions = (a: DesignDoc, b: DesignDoc) =>
  JSON.stringify({ v: a.validate_doc_update, w: a.views, l: a.language }) === JSON.stringify({ v: b.validate_doc_update, w: b.views, l: b.language });

/** Writes a design document only when its functions changed, so restarts do not rebuild views. */
async function ensureDesignDoc(client: CouchClient, db: string, ddoc: DesignDoc, log: Logger): Promise<void> {
  const path = docPath(db, ddoc._id);
  const current = await client.find<DesignDoc>(path);
  if (current && sameFunctions(current, ddoc)) return;
  await client.put(path, current?._rev ? { ...ddoc, _rev: current._rev } : ddoc);
  log.info(`setup: ${current ? 'updated' : 'installed'} ${db}/${ddoc._id}`);
}

/**
 * Brings a server to the app's layout, idempotently and over HTTP only, so it runs the same
 * against the embedded server and Apache CouchDB 3: `_users`, the four app databases and the
 * enrolment codes database, each database's `_security`, and the design documents.
 * `designDocs: false` leaves them out: before a migration, so that the design documents
 * arrive by replication with their revisions and do not become conflicts.
 */
export async function runSetup(client: CouchClient, log: Logger, o: { designDocs?: boolean } = {}): Promise<void> {
  await ensureDatabase(client, '_users', log);
  for (const db of [...DB_NAMES, ENROLMENT_DB]) await ensureDatabase(client, db, log);
  for (const db of DB_NAMES) await client.put(`/${db}/_security`, SECURITY[db]);
  await client.put(`/${ENROLMENT_DB}/_security`, ADMIN_ONLY);
  if (o.designDocs === false) return;
  const ddocs = await loadDesignDocs();
  for (const db of DB_NAMES) {
    for (const ddoc of ddocs[db] ?? []) await ensureDesignDoc(client, db, ddoc, log);
  }
}
