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

/** The id a design document's next version is built under before it replaces the live one. */
export const stagingId = (id: string) => `${id}-staging`;

/**
 * Builds the indexes of `ddoc`'s views under a staging id, so that the live design document,
 * written next with the same views, finds them built: CouchDB names an index by its views'
 * signature, not by the design document. Without this, the first desk to query after an
 * upgrade would wait for the whole index to build.
 */
async function buildStaged(client: CouchClient, db: string, ddoc: DesignDoc, log: Logger): Promise<() => Promise<void>> {
  const id = stagingId(ddoc._id);
  const path = docPath(db, id);
  const old = await client.find<DesignDoc>(path);
  // Views only: the staging copy must not judge writes with its validate_doc_update meanwhile.
  const { validate_doc_update: _vdu, ...viewsOnly } = ddoc;
  const written = await client.put<{ rev: string }>(path, { ...viewsOnly, _id: id, ...(old?._rev ? { _rev: old._rev } : {}) });
  for (const view of Object.keys(ddoc.views ?? {})) {
    await client.get(`${path}/_view/${encodeURIComponent(view)}?limit=0`);
  }
  log.info(`setup: built the views of ${db}/${ddoc._id} under ${id}`);
  // Removed only once the live one is written and the index committed to disk: the staging
  // copy's index is the live one's, and deleting its last design document drops what it held in memory.
  return async () => {
    const live = docPath(db, ddoc._id);
    for (let i = 0; i < 300; i++) {
      const info = await client.get<{ view_index: { waiting_commit: boolean } }>(`${live}/_info`);
      if (!info.view_index.waiting_commit) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.call('DELETE', `${path}?rev=${encodeURIComponent(written.rev)}`);
  };
}

/**
 * Writes a design document only when its functions changed, so restarts do not rebuild views.
 * When its views changed, their indexes are built first under a staging id (see `buildStaged`);
 * a change of `validate_doc_update` alone takes effect atomically with the write.
 */
async function ensureDesignDoc(client: CouchClient, db: string, ddoc: DesignDoc, log: Logger): Promise<void> {
  const path = docPath(db, ddoc._id);
  const current = await client.find<DesignDoc>(path);
  if (current && sameFunctions(current, ddoc)) return;
  const staged = current && ddoc.views && JSON.stringify(current.views ?? {}) !== JSON.stringify(ddoc.views) ? await buildStaged(client, db, ddoc, log) : undefined;
  await client.put(path, current?._rev ? { ...ddoc, _rev: current._rev } : ddoc);
  log.info(`setup: ${current ? 'updated' : 'installed'} ${db}/${ddoc._id}`);
  await staged?.();
}

/**
 * Apache CouchDB locks an account out after 5 wrong passwords from one address. Behind the door
 * every tablet comes from the door's address, so five guesses by anyone would lock a working
 * tablet out; the door throttles logins itself (auth/throttle.ts), per account and per real
 * address. CouchDB is told to warn only, on every node. The embedded server has no node config.
 */
async function relaxCouchLockout(client: CouchClient, log: Logger): Promise<void> {
  const membership = await client.request('GET', '/_membership');
  if (membership.status !== 200) return;
  for (const node of (membership.body as { all_nodes?: string[] }).all_nodes ?? []) {
    const path = `/_node/${encodeURIComponent(node)}/_config/chttpd_auth_lockout/mode`;
    const current = await client.request('GET', path);
    if (current.status === 200 && current.body === 'warn') continue;
    const set = await client.request('PUT', path, 'warn');
    if (set.status >= 300) throw new Error(`setup: could not set chttpd_auth_lockout/mode on ${node}: ${set.status}`);
    log.info(`setup: CouchDB lockout set to warn on ${node} (the door throttles logins)`);
  }
}

/**
 * Brings a server to the app's layout, idempotently and over HTTP only, so it runs the same
 * against the embedded server and Apache CouchDB 3: `_users`, the four app databases and the
 * enrolment codes database, each database's `_security`, and the design documents.
 * `designDocs: false` leaves them out: before a migration, so that the design documents
 * arrive by replication with their revisions and do not become conflicts.
 */
export async function runSetup(client: CouchClient, log: Logger, o: { ddocsDir?: string; designDocs?: boolean } = {}): Promise<void> {
  await ensureDatabase(client, '_users', log);
  await relaxCouchLockout(client, log);
  for (const db of [...DB_NAMES, ENROLMENT_DB]) await ensureDatabase(client, db, log);
  for (const db of DB_NAMES) await client.put(`/${db}/_security`, SECURITY[db]);
  await client.put(`/${ENROLMENT_DB}/_security`, ADMIN_ONLY);
  if (o.designDocs === false) return;
  const ddocs = await loadDesignDocs(o.ddocsDir);
  for (const db of DB_NAMES) {
    for (const ddoc of ddocs[db] ?? []) await ensureDesignDoc(client, db, ddoc, log);
  }
}
