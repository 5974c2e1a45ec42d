import { Router } from 'express';
import { createApiRouter } from './api/router';
import { loadAdminCredentials, loadSessionSecret } from './auth/data-files';
import { EmbeddedAuthenticator } from './auth/embedded-authenticator';
import { SessionCookies } from './auth/session-cookie';
import { SessionRevocations } from './auth/session-revocations';
import { createCredentialGuard } from './auth/throttle';
import { LOOPBACK } from './auth/trusted-proxies';
import { VerifyCache } from './auth/verify-cache';
import { DEFAULT_CORS_ORIGINS, DEFAULT_MAX_BODY_BYTES, type SyncServerOptions, calendarConfigFromEnv, csv, intFromEnv } from './config';
import { CouchClient } from './couch-client';
import { createCouchApp } from './couch/couch-app';
import { DeviceBudget } from './door/limits';
import { createExpressPouch } from './couch/express-pouch';
import { createDataPouch } from './couch/pouch';
import { listen, shownUrl, shutdown, urlFor } from './http-server';
import { type Logger, consoleLogger, silentLogger } from './log';
import { DevicesService } from './services/devices';
import { EnrolmentCodes } from './services/enrolment-codes';
import { isEmpty, loadDemo } from './setup/demo';
import { DEMO_ZIMBRA_PATH, demoZimbraRouter, enableDemoCalendars } from './setup/demo-zimbra';
import { runSetup } from './setup/setup';
import { createWebApp } from './web/web-app';
import { DEFAULT_RETENTION_DAYS } from './workers/retention';
import { type WorkerStatus, startWorkers } from './workers/schedule';

export type { SyncServerOptions } from './config';

/** A running embedded server. */
export interface SyncServer {
  /** Base URL of the CouchDB-compatible server, e.g. http://127.0.0.1:5984. */
  url: string;
  port: number;
  /** The server admin's credentials. */
  admin: { name: string; password: string };
  /** Base URL of the web app, when `webRoot` was given. */
  webUrl?: string;
  webPort?: number;
  /** Admin HTTP client of this server (setup, devices, demo use it). */
  client: CouchClient;
  devices: DevicesService;
  /** Stops both servers, drops open connections and closes every LevelDB store. */
  close(): Promise<void>;
}

/**
 * Starts the embedded CouchDB-compatible server (express-pouchdb over LevelDB behind our
 * hardened HTTP layer), runs the idempotent setup, loads the demo when asked and the data is
 * empty, and serves the PWA when `webRoot` is given.
 */
export async function startSyncServer(options: SyncServerOptions = {}): Promise<SyncServer> {
  const env = process.env;
  const log: Logger = options.log === false ? silentLogger : (options.log ?? consoleLogger());
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? intFromEnv(env.SYNC_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
  const corsOrigins = options.corsOrigins ?? (csv(env.CORS_ORIGINS).length ? csv(env.CORS_ORIGINS) : DEFAULT_CORS_ORIGINS);

  const pouch = await createDataPouch(options.dataDir ?? env.DATA_DIR ?? './data');
  const admin = await loadAdminCredentials(pouch.dataDir, {
    name: options.adminUser ?? env.SYNC_ADMIN_USER,
    password: options.adminPassword ?? env.SYNC_ADMIN_PASSWORD
  });
  const cookies = new SessionCookies(await loadSessionSecret(pouch.dataDir));
  const expressPouch = await createExpressPouch(pouch.Pouch);
  const trustedProxies = options.trustedProxies ?? csv(env.TRUSTED_PROXIES);
  const guard = createCredentialGuard({ hashConcurrency: options.hashConcurrency ?? intFromEnv(env.AUTH_HASH_CONCURRENCY, 1) });
  const auth = new EmbeddedAuthenticator(pouch.open('_users'), admin, cookies, new VerifyCache(), { guard, revocations: await SessionRevocations.load(pouch.dataDir) });

  // The API needs this server's URL, known once it listens: mount an empty router now, fill it then.
  const api = Router();
  const budget = options.deviceBudget ? new DeviceBudget(options.deviceBudget) : undefined;
  const app = createCouchApp({ pouch, expressPouch, auth, corsOrigins, maxBodyBytes, log, api, budget, trustedProxies: [LOOPBACK, ...trustedProxies] });
  const couch = await listen(app, options.port ?? 5984, host);
  const url = urlFor(host, couch.port);
  const servers = [couch.server];
  const stops: (() => void)[] = [];
  let closing: Promise<void> | undefined;
  // Idempotent: tests and signal handlers may both ask.
  const close = () =>
    (closing ??= (async () => {
      stops.forEach((stop) => stop());
      await Promise.all(servers.map(shutdown));
      await pouch.closeAll();
    })());

  try {
    const client = new CouchClient(url, admin);
    const devices = new DevicesService(client, new EnrolmentCodes(client));
    const workerStatus: WorkerStatus = {};
    api.use(createApiRouter({ auth, devices, log, health: { client, status: workerStatus, workers: options.workers === true } }));
    await runSetup(client, log);
    const demoLoaded = options.demo === true && (await isEmpty(client));
    if (demoLoaded) await loadDemo(client, devices, log);
    let web: { url: string; port: number } | undefined;
    if (options.webRoot) {
      const demoZimbra = options.demo === true && options.demoCalendars === true;
      const extra: [string, Router][] = demoZimbra ? [[DEMO_ZIMBRA_PATH, demoZimbraRouter()]] : [];
      const webApp = createWebApp({ webRoot: options.webRoot, db: url, api, maxBodyBytes, log, extra, trustedProxies });
      const started = await listen(webApp, options.webPort ?? intFromEnv(env.PORT, 4173), host);
      servers.push(started.server);
      web = { url: urlFor(host, started.port), port: started.port };
      // Once the origin is known; only for fresh demo data, so real rooms are never touched.
      if (demoZimbra && demoLoaded) await enableDemoCalendars(client, calendarConfigFromEnv(env, pouch.dataDir).credentialsFile, web.url, log);
    }
    // After the web app: the calendar worker's first poll may read the demo's calendars.
    if (options.workers) {
      const stopWorkers = startWorkers(client, log, {
        retentionDays: options.retentionDays ?? intFromEnv(env.RETENTION_DAYS, DEFAULT_RETENTION_DAYS),
        dataDir: pouch.dataDir,
        status: workerStatus
      });
      stops.push(stopWorkers);
    }
    log.info(`listening on ${shownUrl(url)}${web ? `, web app on ${shownUrl(web.url)}` : ''} (data in ${pouch.dataDir})`);
    return { url, port: couch.port, admin, webUrl: web?.url, webPort: web?.port, client, devices, close };
  } catch (err) {
    await close();
    throw err;
  }
}
