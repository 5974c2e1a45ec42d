/**
 * `node --import tsx sync-server/src/main.ts`: the embedded server with the demo data and the
 * built PWA, or (COUCHDB_URL set) setup against Apache CouchDB and the PWA in front of it.
 *
 * Env: SYNC_PORT (5984), PORT (4173), HOST (127.0.0.1, printed as localhost; 0.0.0.0 to reach it from tablets),
 * DATA_DIR (./data), WEB_ROOT (./build), SYNC_ADMIN_USER / SYNC_ADMIN_PASSWORD, CORS_ORIGINS,
 * SYNC_MAX_BODY_BYTES, DEMO (1 by default in embedded mode, 0 by default with CouchDB),
 * COUCHDB_URL (+ COUCHDB_USER / COUCHDB_PASSWORD), RETENTION_DAYS (92), CALENDAR_POLL_SECONDS (300),
 * CALENDAR_TIMEOUT_SECONDS (15), CALENDAR_DAYS_AHEAD (14), CALENDAR_CREDENTIALS_FILE
 * (<DATA_DIR>/calendar-credentials.json), TRUSTED_PROXIES (none; the TLS proxies' addresses or CIDRs),
 * AUTH_HASH_CONCURRENCY (1, password hashes at once).
 */
import { join, resolve } from 'node:path';
import { csv, intFromEnv } from './config';
import { consoleLogger } from './log';
import { couchClientFromEnv, startProduction } from './production';
import { startSyncServer } from './server';
import { startGuide } from './start-guide';
import { isBuilt } from './web/static';

const env = process.env;
const log = consoleLogger();
const host = env.HOST ?? '127.0.0.1';
const webRootCandidate = resolve(env.WEB_ROOT ?? 'build');
const webRoot = isBuilt(webRootCandidate) ? webRootCandidate : undefined;
const webPort = intFromEnv(env.PORT, 4173);

function printGuide(appUrl: string | undefined, syncUrl: string | undefined): void {
  console.log(startGuide({ appUrl, syncUrl, webRoot: webRootCandidate }).join('\n'));
}

// express-pouchdb and its parsers throw from callbacks that no route can catch. The door keeps
// malformed input away from them; should anything still throw there, it costs one request
// (left to time out), never the process that serves every tablet of both buildings.
process.on('uncaughtException', (err) => log.error(`uncaught exception, process kept running: ${err?.stack ?? String(err)}`));
process.on('unhandledRejection', (err) => log.error(`unhandled rejection, process kept running: ${(err as Error)?.stack ?? String(err)}`));

async function main(): Promise<void> {
  let close: () => Promise<void>;
  if (env.COUCHDB_URL) {
    const client = couchClientFromEnv(env);
    const started = await startProduction({ client, webRoot, webPort, host, demo: env.DEMO === '1', demoCalendars: true, log, trustedProxies: csv(env.TRUSTED_PROXIES) });
    close = started.close;
    printGuide(started.webUrl, client.baseUrl);
  } else {
    const server = await startSyncServer({
      port: intFromEnv(env.SYNC_PORT, 5984),
      host,
      dataDir: env.DATA_DIR ?? './data',
      webRoot,
      webPort,
      demo: env.DEMO !== '0',
      workers: true,
      demoCalendars: true,
      log
    });
    close = server.close;
    printGuide(server.webUrl, server.url);
    console.log(`Server admin: ${server.admin.name} (password from SYNC_ADMIN_PASSWORD or ${join(resolve(env.DATA_DIR ?? './data'), 'admin.json')})\n`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error(`while stopping: ${String(err)}`);
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  log.error(`cannot start: ${(err as Error)?.stack ?? String(err)}`);
  process.exit(1);
});
