// The e2e stack in CouchDB mode, for tests/couchdb/e2e: the built app served by `startProduction`
// (sync-server/src/production.ts) in front of the couchdb layer's CouchDB, with Chromium tablets
// as in ./harness.ts. The couchdb layer's config provides the CouchDB (tests/couchdb/global-setup.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type ProductionServer, runCouchDB, startProductionServer } from '../../support/production';
import { openTablet, takeCspViolations, type Tablet } from './harness';

const BUILD = join(process.cwd(), 'build');

/**
 * One CouchDB-mode server (setup and demo on the run's CouchDB, blank) with the built app and
 * `tabletCount` fresh tablets for a test file. `workers` as `npm start` runs them (kiosk intake,
 * calendars, retention). Fields are filled in `beforeAll`.
 */
export function useCouchStack(tabletCount = 1, opts: { workers?: boolean } = {}): { server: ProductionServer; tablets: Tablet[]; base: string } {
  const env = { tablets: [] as Tablet[] } as { server: ProductionServer; tablets: Tablet[]; base: string };
  beforeAll(async () => {
    if (!existsSync(join(BUILD, 'index.html'))) throw new Error('build/ is missing: run `npx vite build` first');
    env.server = await startProductionServer(await runCouchDB(), { webRoot: BUILD, demo: true, workers: opts.workers });
    env.base = env.server.webUrl;
    env.tablets = await Promise.all(Array.from({ length: tabletCount }, () => openTablet()));
  });
  // As useStack: a CSP violation is a broken feature in production.
  afterEach(() => {
    expect(env.tablets.flatMap(takeCspViolations), 'Content-Security-Policy violations').toEqual([]);
  });
  afterAll(async () => {
    await Promise.all(env.tablets.map((t) => t.close()));
    await env.server?.close();
  });
  return env;
}
