import { createApiRouter } from './api/router';

import { CouchAuthenticator } from './auth/couch-authenticator';
import { SessionRevocations } from './auth/session-revocations';
import type { Router } from 'express';
import { DEFAULT_MAX_BODY_BYTES, calendarConfigFromEnv, intFromEnv } from './config';
import { CouchClient } from './couch-client';
import { createCouchDbDoor } from './door/couchdb-door';
import { listen, shutdown, urlFor } from './http-server';
import type { Logger } from './log';
import { DevicesService } from './services/devices';
import { EnrolmentCodes } from './services/enrolment-codes';
import { isEmpty, loadDemo } from './setup/demo';
import { runSetup } from './setup/setup';
import { DEMO_ZIMBRA_PATH, demoZimbraRouter, enableDemoCalendars } from './setup/demo-zimbra';
import { createWebApp } from './web/web-app';
import { DEFAULT_RETENTION_DAYS } from './workers/retention';
import { DEFAULT_LEASE_MS, WorkerLease } from './workers/lease';
import { type WorkerStatus, startWorkers } from './workers/schedule';

/**
 * Admin access to Apache CouchDB from env: COUCHDB_URL (credentials in the URL or
 * COUCHDB_USER/COUCHDB_PASSWORD), one node or a cluster's nodes comma-separated (fail-over in order).
 */
export function couchClientFromEnv(env: NodeJS.ProcessEnv): CouchClient {
  const url = env.COUCHDB_URL;
  if (!url) throw new Error('COUCHDB_URL is not set');
  const user = env.COUCHDB_USER;
  return new CouchClient(url, user ? { name: user, password: env.COUCHDB_PASSWORD ?? '' } : undefined);
}

/**
 * CouchDB mode: this process runs the setup and, while it holds the lease, the workers, and is the tablets' only way to
 * CouchDB: `/db/*` is the door (door/couchdb-door.ts) in front of it, `/api/*` the app API, and
 * the built PWA when there is one.
 */
export async function startProduction(o: {
  client: CouchClient;
  webRoot?: string;
  webPort: number;
  host: string;
  demo: boolean;
  log: Logger;
  /** Off in tests that drive the workers themselves. */
  workers?: boolean;
  /** The workers' lease time (workers/lease.ts); default env WORKER_LEASE_SECONDS, else 30 s. */
  leaseMs?: number;
  maxBodyBytes?: number;
  /** TLS proxies whose X-Forwarded-* to believe (auth/trusted-proxies.ts); main reads TRUSTED_PROXIES. */
  trustedProxies?: string[];
  /** Where this process keeps its own state (the ended sessions); default env DATA_DIR, else ./data. */
  dataDir?: string;
  /** With the demo: a stand-in Zimbra on this origin feeds two demo rooms (setup/demo-zimbra.ts), as `npm start` embedded. */
  demoCalendars?: boolean;
}) {
  await runSetup(o.client, o.log);
  // Logged-out CouchDB cookies are remembered on disk: a restart must not bring them back.
  const dataDir = o.dataDir ?? process.env.DATA_DIR ?? './data';
  const revocations = await SessionRevocations.load(dataDir);
  const auth = new CouchAuthenticator(o.client.nodes, { revocations });
  const devices = new DevicesService(o.client, new EnrolmentCodes(o.client), undefined, (name) => auth.deviceRevoked(name));
  if (o.demo && (await isEmpty(o.client))) await loadDemo(o.client, devices, o.log);
  // Several sync servers may stand behind the proxy; the workers run in the one holding the lease.
  const status: WorkerStatus = {};
  let workers: ReturnType<typeof startWorkers> | undefined;
  const lease =
    o.workers === false
      ? undefined
      : new WorkerLease(o.client, o.log, {
          leaseMs: o.leaseMs ?? intFromEnv(process.env.WORKER_LEASE_SECONDS, DEFAULT_LEASE_MS / 1000) * 1000,
          status,
          onAcquired: () => workers?.runNow()
        });
  const api = createApiRouter({ auth, devices, log: o.log, health: { client: o.client, status, lease, workers: !!lease } });
  const maxBodyBytes = o.maxBodyBytes ?? intFromEnv(process.env.SYNC_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
  // The devices reach CouchDB through this door only: CouchDB itself listens where only this process can reach it.
  const db = createCouchDbDoor({ client: o.client, auth, maxBodyBytes, log: o.log });
  const demoZimbra = o.demo && o.demoCalendars === true;
  const extra: [string, Router][] = demoZimbra ? [[DEMO_ZIMBRA_PATH, demoZimbraRouter()]] : [];
  const app = createWebApp({ webRoot: o.webRoot, db, api, maxBodyBytes, log: o.log, extra, trustedProxies: o.trustedProxies });
  const web = await listen(app, o.webPort, o.host);
  const webUrl = urlFor(o.host, web.port);
  const calendars = calendarConfigFromEnv(process.env, dataDir);
  // Once the origin is known, before the workers' first poll. Only rooms without a calendar address get one.
  if (demoZimbra) await enableDemoCalendars(o.client, calendars.credentialsFile, webUrl, o.log);
  if (lease) {
    await lease.start();
    workers = startWorkers(o.client, o.log, { retentionDays: intFromEnv(process.env.RETENTION_DAYS, DEFAULT_RETENTION_DAYS), mayRun: () => lease.held, status, calendars });
    workers.runNow();
  }
  return {
    webUrl,
    lease,
    close: async () => {
      workers?.();
      // Released on a clean stop, so another process takes the workers at once.
      await lease?.stop();
      await shutdown(web.server);
    }
  };
}
