import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import leveldown, { type LevelDown } from 'leveldown';
import PouchDB from 'pouchdb';

/** A PouchDB constructor bound to one data folder, with what the server needs around it. */
export interface DataPouch {
  Pouch: PouchDB.Static & { allDbs(): Promise<string[]> };
  dataDir: string;
  /** Opens (or reuses) a database by name through express-pouchdb's cache, so there is one handle per db. */
  open(name: string): PouchDB.Database;
  /** True when the database exists on disk (opening a handle would create it). */
  exists(name: string): boolean;
  /** Closes every LevelDB store of this folder, so another server can open it (restarts, tests). */
  closeAll(): Promise<void>;
  /**
   * Runs LevelDB's own compaction over every key of a database and of its view indexes, so
   * values PouchDB's compaction deleted leave the files (see {@link compactStore}).
   */
  compactDisk(name: string): Promise<void>;
}

/** Every LevelDB store this process opened, by folder: the handle the disk compaction needs. */
const stores = new Map<string, LevelDown>();

/**
 * The leveldown factory PouchDB opens stores with, keeping each store so it can be compacted.
 * Its own name, since pouchdb-adapter-leveldb caches stores by the factory's function name.
 */
function keptLeveldown(location: string): LevelDown {
  for (const [path, kept] of stores) if (kept.status === 'closed') stores.delete(path);
  const store = leveldown(location);
  stores.set(location, store);
  return store;
}
keptLeveldown.destroy = leveldown.destroy;

/**
 * PouchDB's compaction deletes old revisions' keys, but LevelDB only writes a deletion marker:
 * the value stays in its `.log` and `.ldb` files until a compaction of its own merges the
 * range. One range over every key covers all of PouchDB's stores (document-store, by-sequence,
 * attach-store, attach-binary-store, local-store, meta-store: sublevel prefixes of one LevelDB).
 * LevelDB flushes its memtable first, so the log that held the body goes too.
 */
function compactStore(store: LevelDown): Promise<void> {
  return new Promise((done, fail) => store.compactRange(Buffer.alloc(0), Buffer.alloc(8, 0xff), (err) => (err ? fail(err) : done())));
}

/** A LevelDB folder has a CURRENT file; view indexes (`-mrview-`) are not databases. */
function isDatabaseFolder(dataDir: string, name: string): boolean {
  return !name.includes('-mrview-') && existsSync(join(dataDir, name, 'CURRENT'));
}

/**
 * The data folder holds visitors' names, signatures and the server's secrets: owner only.
 * LevelDB and the default umask (022) would leave it all readable by every account on the host.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Brings a folder and everything in it to owner-only modes (a folder from an older run keeps 755/644). */
export async function makePrivate(dir: string): Promise<void> {
  await setMode(dir, PRIVATE_DIR_MODE);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makePrivate(path);
    else if (entry.isFile()) await setMode(path, PRIVATE_FILE_MODE);
    // Symbolic links are left alone: chmod would follow them out of the folder.
  }
}

async function setMode(path: string, mode: number): Promise<void> {
  if (((await lstat(path)).mode & 0o777) !== mode) await chmod(path, mode);
}

/**
 * New files and folders of this process are owner only: LevelDB creates its tables, logs and
 * view indexes as it goes, with modes it takes from the umask. The umask is process-wide, which
 * suits this process: everything it writes to disk is server data.
 */
function restrictUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads may not change it; `makePrivate` at start still fixes what exists.
  }
}

/**
 * Builds the PouchDB constructor over `<dataDir>/` (LevelDB on disk), owner-only (see
 * {@link PRIVATE_DIR_MODE}): the umask is set before LevelDB creates anything, and a folder
 * left by an earlier run is brought to the same modes.
 *
 * `allDbs` lists the folders instead of using pouchdb-all-dbs, which express-pouchdb would
 * otherwise install: that plugin listens on PouchDB's *process-wide* event emitter, so two
 * servers in one process (tests, restarts) would record each other's databases, and a closed
 * server would keep writing to its closed registry.
 */
export async function createDataPouch(dataDirInput: string): Promise<DataPouch> {
  const dataDir = resolve(dataDirInput);
  restrictUmask();
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await makePrivate(dataDir);
  const Pouch = PouchDB.defaults({ prefix: dataDir + '/', db: keptLeveldown } as never) as DataPouch['Pouch'];
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

  const compactDisk = async (name: string): Promise<void> => {
    const own = join(dataDir, name);
    for (const [location, store] of stores) {
      const ofDatabase = location === own || location.startsWith(`${own}-mrview-`);
      if (ofDatabase && store.status === 'open') await compactStore(store);
    }
  };

  return { Pouch, dataDir, open, exists: (name) => isDatabaseFolder(dataDir, name), closeAll, compactDisk };
}
