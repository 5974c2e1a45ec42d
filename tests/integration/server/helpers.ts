import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger } from '../../../sync-server/src/log';
import { type SyncServer, type SyncServerOptions, startSyncServer } from '../../../sync-server/src/server';
import { DEMO_DEVICES } from '../../../sync-server/src/setup/demo';

const require = createRequire(import.meta.url);

/** Node PouchDB with the in-memory adapter, for the device side of replication tests. */
export const PouchDB = require('pouchdb') as PouchDB.Static;
PouchDB.plugin(require('pouchdb-adapter-memory'));

export type TestServer = SyncServer & { dataDir: string; logs: string[]; stop(): Promise<void> };

/** A fresh temp data folder, removed by `stop()`. */
export const tempDir = (prefix = 'accueil-sync-') => mkdtempSync(join(tmpdir(), prefix));

/** Starts a server on a free port over its own temp data folder, with an in-memory log. */
export async function startTestServer(options: SyncServerOptions = {}, dataDir = tempDir()): Promise<TestServer> {
  const log = memoryLogger();
  const server = await startSyncServer({ port: 0, dataDir, log, ...options });
  return Object.assign(server, {
    dataDir,
    logs: log.lines,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

/** The password of a demo account. */
export const demoPassword = (name: string): string => {
  const d = DEMO_DEVICES.find((x) => x.name === name);
  if (!d) throw new Error(`no demo device ${name}`);
  return d.password;
};

export const basicHeader = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

export interface CallOptions {
  /** A demo account name (its demo password is used), or explicit credentials. */
  as?: string | { name: string; password: string };
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP call; the body is parsed as JSON when it is. */
export async function call(baseUrl: string, method: string, path: string, o: CallOptions = {}) {
  const headers: Record<string, string> = { Accept: 'application/json', ...o.headers };
  if (o.as) {
    const cred = typeof o.as === 'string' ? { name: o.as, password: demoPassword(o.as) } : o.as;
    headers.Authorization = basicHeader(cred.name, cred.password);
  }
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
  return { status: res.status, headers: res.headers, text, json: json as any };
}

/** A remote PouchDB on the server, as a device would open it. */
export function remoteDb(server: { url: string }, db: string, as: string | { name: string; password: string }): PouchDB.Database {
  const cred = typeof as === 'string' ? { name: as, password: demoPassword(as) } : as;
  return new PouchDB(`${server.url}/${db}`, { auth: { username: cred.name, password: cred.password }, skip_setup: true });
}

let localCount = 0;
/** A fresh in-memory local database. */
export const localDb = (label = 'local') => new PouchDB(`${label}-${Date.now()}-${localCount++}`, { adapter: 'memory' });

/** Waits until `check` passes or the timeout is reached. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, label = 'condition'): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${label}`);
}
