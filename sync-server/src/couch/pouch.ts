import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import PouchDB from 'pouchdb';

/** A PouchDB constructor bound to one data folder, with what the server needs around it. */
export interface DataPouch {
  Pouch: PouchDB.Static & { allDbs(): Promise<string[]> };
  dataDir: string;
  /** Opens (or reuses) a database by name through express-pouchdb's cache, so there is one handle per db. */
  open(name: string): PouchDB.Database;
  /** Closes every LevelDB store of this folder, so another server can open it (restarts, tests). */
  closeAll(): Promise<void>;
}

/** A LevelDB folder has a CURRENT file; view indexes (`-mrview-`) are not databases. */
function isDatabaseFolder(dataDir: string, name: string): boolean {
  return !name.includes('-mrview-') && existsSync(join(dataDir, name, 'CURRENT'));
}

/**
 * Builds the PouchDB constructor over `<dataDir>/` (LevelDB on disk).
 *
 * `allDbs` lists the folders instead of using pouchdb-all-dbs, which express-pouchdb would
 * otherwise install: that plugin listens on PouchDB's *process-wide* event emitter, so two
 * servers in one process (tests, restarts) would record each other's databases, and a closed
 * server would keep writing to its closed registry.
 */
export async function createDataPouch(dataDirInput: string): Promise<DataPouch> {
  const dataDir = resolve(dataDirInput);
  await mkdir(dataDir, { recursive: true });
  const Pouch = PouchDB.defaults({ prefix: dataDir + '/' }) as DataPouch['Pouch'];
  Pouch.allDbs = async () => {
    const entries = await readdir(dataDir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && isDatabaseFolder(dataDir, e.name))
      .map((e) => e.name)
      .sort();
  };

  // express-pouchdb keeps its handles in `PouchDB.__dbCacheMap` (create-or-delete-dbs.js);
  // sharing that map means our code and the HTTP routes use the same wrapped handle.
  type Cache = Map<string, PouchDB.Database>;
  const holder = Pouch as unknown as { __dbCacheMap?: Cache };
  const cache = (): Cache => (holder.__dbCacheMap ??= new Map());

  const open = (name: string): PouchDB.Database => {
    let db = cache().get(name);
    if (!db) {
      db = new Pouch(name);
      cache().set(name, db);
    }
    return db;
  };

  const closeAll = async (): Promise<void> => {
    const names = new Set([...(await Pouch.allDbs()), ...cache().keys()]);
    cache().clear();
    // A fresh handle shares the LevelDB store of any other handle with the same name
    // (pouchdb-adapter-leveldb keeps one store per path), so closing it closes them all,
    // view indexes included.
    for (const name of names) {
      try {
        await new Pouch(name).close();
      } catch {
        // already closed
      }
    }
  };

  return { Pouch, dataDir, open, closeAll };
}
