import PouchDB from 'pouchdb-browser';
import type { DbName } from '$lib/domain/common';
import type { LocalDb } from './pouch';

/**
 * IndexedDB-backed PouchDB for the browser. No auto-compaction: it compacts on every write and
 * doubled the cost of a first sync; the runtime compacts when the device is idle instead.
 */
export function browserPouch(name: string): LocalDb {
  return new PouchDB(name) as LocalDb;
}

/** A remote database reached through the same-origin `/db/` proxy, with the device's credentials. */
export function browserRemote(baseUrl: string, username: string, password: string) {
  return (db: DbName): LocalDb =>
    new PouchDB(`${baseUrl}/${db}`, { skip_setup: true, auth: { username, password } }) as LocalDb;
}
