/// <reference types="pouchdb-core" />
/// <reference types="pouchdb-replication" />
/// <reference types="pouchdb-mapreduce" />
import { createRequire } from 'node:module';
import memory from 'pouchdb-adapter-memory';
import type { LocalDb } from '$lib/db/pouch';
import { ReadModel } from '$lib/db/read-model';
import { LocalStore, type Databases } from '$lib/db/store';

// The full Node build of PouchDB (core + replication + map/reduce), on the memory adapter:
// `pouchdb-replication` is not a dependency of its own here and `pouchdb-browser` needs a
// real browser. Required rather than imported because the package ships no typings; its API
// is the one @types/pouchdb-* describe.
const PouchDB = createRequire(import.meta.url)('pouchdb') as PouchDB.Static;
PouchDB.plugin(memory);

let counter = 0;
/** A name no other test uses: memdown and fake-indexeddb share their stores per process. */
export const uniqueName = (prefix: string): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** A fresh in-memory PouchDB. */
export function memoryPouch(prefix = 'pouch'): LocalDb {
  return new PouchDB<Record<string, unknown>>(uniqueName(prefix), { adapter: 'memory' }) as LocalDb;
}

/** A fresh Dexie read model on fake-indexeddb. */
export function memoryReadModel(): ReadModel {
  return new ReadModel(uniqueName('rm'));
}

export interface TestDevice {
  dbs: Databases;
  rm: ReadModel;
  store: LocalStore;
  close(): Promise<void>;
}

/** One device's local databases, read model and store, all in memory. */
export function memoryDevice(name = 'device'): TestDevice {
  const dbs: Databases = {
    accueil: memoryPouch(`${name}-accueil`),
    planning: memoryPouch(`${name}-planning`),
    referentiel: memoryPouch(`${name}-referentiel`),
    borne: memoryPouch(`${name}-borne`)
  };
  const rm = memoryReadModel();
  return {
    dbs,
    rm,
    store: new LocalStore(dbs, rm),
    async close() {
      for (const db of Object.values(dbs)) await db.destroy();
      rm.close();
      await rm.delete();
    }
  };
}

/** One-shot replication both ways, as a sync round between two devices would do. */
export async function syncOnce(a: LocalDb, b: LocalDb): Promise<void> {
  await a.replicate.to(b);
  await b.replicate.to(a);
}

/** Every non-deleted leaf of a document, with its body. */
export async function openLeaves(db: LocalDb, id: string): Promise<(Record<string, unknown> & { _rev: string })[]> {
  const res = (await db.get(id, { open_revs: 'all' })) as unknown as { ok?: Record<string, unknown> & { _rev: string } }[];
  return res.map((r) => r.ok).filter((d): d is NonNullable<typeof d> => !!d && d._deleted !== true);
}
