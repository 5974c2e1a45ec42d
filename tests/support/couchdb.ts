// A real Apache CouchDB 3.5 for integration tests, from the workplace's shared release
// (`../shared/couchdb/couchdb.sh`, read-only): one instance per test run, started lazily by the
// first test file that needs it and stopped by the integration config's global teardown.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where couchdb.sh lives: `SHARED_COUCHDB` if set, else beside the repository, else its usual place on these machines. */
const CANDIDATES = [process.env.SHARED_COUCHDB, resolve(process.cwd(), '../shared/couchdb'), '/work/shared/couchdb'];
export const SHARED_COUCHDB = CANDIDATES.find((dir): dir is string => !!dir && existsSync(join(dir, 'couchdb.sh'))) ?? '/work/shared/couchdb';
const SCRIPT = join(SHARED_COUCHDB, 'couchdb.sh');

export interface Admin {
  name: string;
  password: string;
}

export interface CouchInstance {
  /** Base URL, without credentials: `http://127.0.0.1:PORT`. */
  url: string;
  admin: Admin;
  /** The instance's own folder (release copy, data, `couchdb.log`). */
  dir: string;
}

/** The admin URL with credentials, as `COUCHDB_URL` / `CouchClient` take it. */
export const adminUrl = (c: { url: string; admin: Admin }): string => {
  const u = new URL(c.url);
  u.username = encodeURIComponent(c.admin.name);
  u.password = encodeURIComponent(c.admin.password);
  return u.toString().replace(/\/+$/, '');
};

/** Stops the instance whose folder is `dir` and removes the folder. */
export async function stopCouchDB(dir: string): Promise<void> {
  await run(SCRIPT, ['stop', dir]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts a fresh single-node CouchDB 3.5 (QuickJS) in a new temp folder on a free port, with a
 * random admin password. About 1.5 s here (tarball extraction included); `stop()` about 2.5 s.
 * A folder is never reused: its shards name the node after the port, so it would not restart on another.
 */
export async function startCouchDB(parent = tmpdir()): Promise<CouchInstance & { stop(): Promise<void> }> {
  if (!existsSync(SCRIPT)) throw new Error(`no CouchDB release: ${SCRIPT} is missing (set SHARED_COUCHDB to the folder of couchdb.sh)`);
  const dir = mkdtempSync(join(parent, 'accueil-couchdb-'));
  const admin = { name: 'admin', password: randomBytes(12).toString('hex') };
  try {
    const { stdout } = await run(SCRIPT, ['start', dir, '0', admin.name, admin.password], { timeout: 90_000 });
    const withCredentials = new URL(stdout.trim());
    const url = `${withCredentials.protocol}//${withCredentials.host}`;
    return { url, admin, dir, stop: () => stopCouchDB(dir) };
  } catch (err) {
    const log = existsSync(join(dir, 'couchdb.stdout')) ? readFileSync(join(dir, 'couchdb.stdout'), 'utf8').slice(-2000) : '';
    await stopCouchDB(dir);
    throw new Error(`CouchDB did not start: ${(err as Error).message}\n${log}`);
  }
}

const authHeader = (admin: Admin) => `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`;

async function adminCall<T = unknown>(url: string, admin: Admin, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: authHeader(admin) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * Back to a blank server: deletes every database but `_users` and `_replicator` (the app's
 * fixed ones — accueil, planning, referentiel, borne, device_enrolment — and any scratch ones),
 * and every user document in `_users` (device accounts; server admins live in the config and stay).
 */
export async function resetCouchDB(url: string, admin: Admin): Promise<void> {
  const dbs = (await adminCall<string[]>(url, admin, 'GET', '/_all_dbs')).json;
  for (const db of dbs.filter((d) => d !== '_users' && d !== '_replicator')) {
    const res = await adminCall(url, admin, 'DELETE', `/${encodeURIComponent(db)}`);
    if (res.status >= 300 && res.status !== 404) throw new Error(`reset: DELETE /${db} -> ${res.status}`);
  }
  const users = (await adminCall<{ rows: { id: string; value: { rev: string } }[] }>(url, admin, 'GET', '/_users/_all_docs')).json.rows;
  const docs = users.filter((r) => r.id.startsWith('org.couchdb.user:')).map((r) => ({ _id: r.id, _rev: r.value.rev, _deleted: true }));
  if (docs.length) await adminCall(url, admin, 'POST', '/_users/_bulk_docs', { docs });
}

/** `COUCHDB_URL` (`http://admin:secret@host:port`) as an instance the tests may wipe; `dir` is empty (not ours to stop). */
export function fromCouchUrl(value: string | undefined): CouchInstance | undefined {
  if (!value) return undefined;
  const u = new URL(value);
  const admin = { name: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  return { url: `${u.protocol}//${u.host}`, admin, dir: '' };
}

// --- One instance per test run -----------------------------------------------------------------

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder owned by the integration config's global setup, where the shared CouchDB (if any) is recorded. */
    couchdbStateDir: string;
  }
}

const STATE_FILE = 'instance.json';

/** Vitest global setup half: makes the state folder; nothing starts unless a CouchDB test file runs. */
export function createCouchStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'accueil-couchdb-run-'));
}

/** Vitest global teardown half: stops the shared instance if a test file started one. */
export async function teardownCouchStateDir(stateDir: string): Promise<void> {
  const file = join(stateDir, STATE_FILE);
  if (existsSync(file)) await stopCouchDB((JSON.parse(readFileSync(file, 'utf8')) as CouchInstance).dir);
  rmSync(stateDir, { recursive: true, force: true });
}

/**
 * The run's CouchDB, blank (see {@link resetCouchDB}): call it in each file's `beforeAll`.
 * The first file starts it inside `stateDir` (from `inject('couchdbStateDir')`), the next ones
 * reuse it; the global teardown stops it. Files run one at a time (`fileParallelism: false`).
 */
export async function sharedCouchDB(stateDir: string | undefined): Promise<CouchInstance> {
  if (!stateDir) throw new Error('no couchdbStateDir: run CouchDB tests with vitest.couchdb.config.ts (its globalSetup provides it)');
  const given = fromCouchUrl(process.env.COUCHDB_URL);
  if (given) {
    await resetCouchDB(given.url, given.admin);
    return given;
  }
  const file = join(stateDir, STATE_FILE);
  let instance: CouchInstance | undefined;
  if (existsSync(file)) {
    instance = JSON.parse(readFileSync(file, 'utf8')) as CouchInstance;
    const up = await fetch(`${instance.url}/_up`).then((r) => r.ok, () => false);
    if (!up) {
      await stopCouchDB(instance.dir);
      instance = undefined;
    }
  }
  if (!instance) {
    const started = await startCouchDB(stateDir);
    instance = { url: started.url, admin: started.admin, dir: started.dir };
    writeFileSync(file, JSON.stringify(instance));
  }
  await resetCouchDB(instance.url, instance.admin);
  return instance;
}
