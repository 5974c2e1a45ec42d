import type { DbName } from '$lib/domain/common';

/** A local PouchDB database; the only place the app names PouchDB's type. */
export type LocalDb = PouchDB.Database<Record<string, unknown>>;

/** Creates (or opens) a PouchDB database by name: IndexedDB in browsers, memory in tests. */
export type PouchFactory = (name: string) => LocalDb;

/** Creates a remote handle on `baseUrl/<db>` authenticated as the device. */
export type RemoteFactory = (db: DbName) => LocalDb;

/** The local name of a shared database: one local PouchDB per remote database. */
export const localName = (db: DbName): string => `accueil-${db}`;
