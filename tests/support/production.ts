// The sync server in CouchDB mode (sync-server/src/production.ts) for the app-side tests of the
// couchdb layer (tests/couchdb/tablets, tests/couchdb/e2e), in front of the run's CouchDB. As in
// ./server.ts, the server's modules are loaded through paths held in variables: they are their
// own TypeScript program, and the app only ever sees the server over HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Admin, type CouchInstance, sharedCouchDB } from './couchdb';

const PRODUCTION = new URL('../../sync-server/src/production.ts', import.meta.url).href;
const COUCH_CLIENT = new URL('../../sync-server/src/couch-client.ts', import.meta.url).href;
const LOG = new URL('../../sync-server/src/log.ts', import.meta.url).href;

interface Logger {
  info(m: string): void;
  warn(m: string): void;
  error(m: string): void;
}

export interface ProductionServer {
  /** The app's origin: the PWA (when a web root is given), `/api`, and `/db`, the door in front of CouchDB. */
  webUrl: string;
  /** Where tablets replicate: `${webUrl}/db`. */
  dbUrl: string;
  couch: CouchInstance;
  /** The server's log lines. */
  logs: string[];
  close(): Promise<void>;
}

/** The run's CouchDB (tests/couchdb/global-setup.ts), blank: call it once per test file. */
export const runCouchDB = (): Promise<CouchInstance> => sharedCouchDB(inject('couchdbStateDir'));

/**
 * `startProduction` on `couch` (setup and, with `demo`, the demo on an empty CouchDB) on a free
 * port. `workers` as `npm start` runs them (kiosk intake, calendars, retention); off by default.
 */
export async function startProductionServer(couch: CouchInstance, o: { webRoot?: string; demo?: boolean; workers?: boolean } = {}): Promise<ProductionServer> {
  const { startProduction } = (await import(/* @vite-ignore */ PRODUCTION)) as {
    startProduction(o: { client: unknown; webRoot?: string; webPort: number; host: string; demo: boolean; log: Logger; workers?: boolean; dataDir?: string }): Promise<{ webUrl: string; close(): Promise<void> }>;
  };
  const { CouchClient } = (await import(/* @vite-ignore */ COUCH_CLIENT)) as { CouchClient: new (url: string, admin?: Admin) => unknown };
  const { memoryLogger } = (await import(/* @vite-ignore */ LOG)) as { memoryLogger(): Logger & { lines: string[] } };
  const log = memoryLogger();
  const dataDir = await mkdtemp(join(tmpdir(), 'accueil-production-'));
  const started = await startProduction({ client: new CouchClient(couch.url, couch.admin), webRoot: o.webRoot, webPort: 0, host: '127.0.0.1', demo: o.demo ?? true, log, workers: o.workers ?? false, dataDir });
  return {
    webUrl: started.webUrl,
    dbUrl: `${started.webUrl}/db`,
    couch,
    logs: log.lines,
    async close() {
      await started.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}

/** Basic auth header of the CouchDB admin, to check what was really stored. */
export const couchAdminHeader = (c: CouchInstance): string => `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}`;
