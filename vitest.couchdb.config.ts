import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The `couchdb` layer of `npm test`: the production path on a real Apache CouchDB 3.5
 * (`../shared/couchdb`, or `COUCHDB_URL`). `tests/couchdb/*.test.ts` drive the server side,
 * `tests/couchdb/tablets/` real app tablets in Node, `tests/couchdb/e2e/` the built PWA in
 * Chromium with the sync server in CouchDB mode. scripts/test.mjs runs it after the build and
 * says so when it skips it.
 */
export default defineConfig({
  resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
  test: {
    include: ['tests/couchdb/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Files share one CouchDB (reset between files) and a 2-core machine.
    fileParallelism: false,
    expect: { poll: { timeout: 15_000 } },
    // The run's CouchDB: started by the first file that needs it, stopped here.
    globalSetup: ['tests/couchdb/global-setup.ts']
  }
});
