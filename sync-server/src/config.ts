import { join } from 'node:path';
import type { Logger } from './log';

export const DEFAULT_CORS_ORIGINS = ['http://localhost:4173', 'http://127.0.0.1:4173', 'http://localhost:5173', 'http://127.0.0.1:5173'];
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Options of `startSyncServer`. Every one has a default; env variables fill what options leave out. */
export interface SyncServerOptions {
  /** Port of the CouchDB-compatible server; 0 picks a free one. Default 5984. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Where LevelDB databases, the admin credentials and the cookie secret live. Default ./data. */
  dataDir?: string;
  /** Server admin; default env SYNC_ADMIN_USER / SYNC_ADMIN_PASSWORD, else generated into <dataDir>/admin.json. */
  adminUser?: string;
  adminPassword?: string;
  /** Origins allowed by CORS; default env CORS_ORIGINS (comma-separated), else the PWA's local origins. */
  corsOrigins?: string[];
  /** The built PWA (adapter-static output) to serve on `webPort`, with /db and /api proxied. */
  webRoot?: string;
  /** Port of the web server. Default env PORT, else 4173; 0 picks a free one. */
  webPort?: number;
  /** Load the demo sites, services, rooms, meetings and device accounts when the data is empty. */
  demo?: boolean;
  /** Run the background workers (retention purge of personal data). Default false; `npm start` turns them on. */
  workers?: boolean;
  /**
   * With `demo` and `webRoot`: serve a stand-in Zimbra on the app's origin and point two demo
   * rooms at it, so the calendar worker has feeds to read. `npm start` turns it on; tests don't.
   */
  demoCalendars?: boolean;
  /** Days visitor records and kiosk check-ins are kept. Default env RETENTION_DAYS, else 92. */
  retentionDays?: number;
  /** Where log lines go; false for none. Default: console. */
  log?: Logger | false;
  /** Request body limit in bytes. Default env SYNC_MAX_BODY_BYTES, else 16 MiB. */
  maxBodyBytes?: number;
  /** Per-device write bounds (door/limits.ts); tests set tight ones. Default 1,000 docs/s, burst 10,000, 4 writes at once. */
  deviceBudget?: import('./door/limits').BudgetOptions;
  /**
   * The TLS reverse proxies in front (addresses, CIDRs, or proxy-addr's `loopback`,
   * `linklocal`, `uniquelocal`), whose X-Forwarded-For/-Proto are believed: the client
   * address the login throttle keys on, and `Secure` on session cookies. Default env
   * TRUSTED_PROXIES (comma-separated), else none.
   */
  trustedProxies?: string[];
  /** Password hashes run at once; a few more wait, the rest get 503. Default env AUTH_HASH_CONCURRENCY, else 1. */
  hashConcurrency?: number;
}

/** Splits a comma-separated list, dropping blanks. */
export const csv = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A positive integer from env, or the fallback. */
export function intFromEnv(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** Settings of the calendar worker that polls rooms' Zimbra feeds into `planning`. */
export interface CalendarConfig {
  /** Seconds between two polls of a feed that works. Env CALENDAR_POLL_SECONDS, default 300. */
  pollSeconds: number;
  /** How long one feed may take to answer, in milliseconds. Env CALENDAR_TIMEOUT_SECONDS, default 15 s. */
  timeoutMs: number;
  /** Days imported from Paris midnight today. Env CALENDAR_DAYS_AHEAD, default 14. */
  daysAhead: number;
  /** Feeds fetched at once: Zimbra is shared with the whole city hall. */
  concurrency: number;
  /**
   * `{ "<origin>": { "username": "...", "password": "..." } }`, read on every poll. Env
   * CALENDAR_CREDENTIALS_FILE, default `<DATA_DIR>/calendar-credentials.json`.
   */
  credentialsFile: string;
}

export const DEFAULT_CALENDAR_POLL_SECONDS = 300;
export const DEFAULT_CALENDAR_TIMEOUT_SECONDS = 15;
export const DEFAULT_CALENDAR_DAYS_AHEAD = 14;
export const DEFAULT_CALENDAR_CONCURRENCY = 4;

/** The calendar worker's settings from env; `dataDir` holds the credentials file unless env names another. */
export function calendarConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): CalendarConfig {
  return {
    pollSeconds: Math.max(1, intFromEnv(env.CALENDAR_POLL_SECONDS, DEFAULT_CALENDAR_POLL_SECONDS)),
    timeoutMs: Math.max(1, intFromEnv(env.CALENDAR_TIMEOUT_SECONDS, DEFAULT_CALENDAR_TIMEOUT_SECONDS)) * 1000,
    daysAhead: Math.max(1, intFromEnv(env.CALENDAR_DAYS_AHEAD, DEFAULT_CALENDAR_DAYS_AHEAD)),
    concurrency: DEFAULT_CALENDAR_CONCURRENCY,
    credentialsFile: env.CALENDAR_CREDENTIALS_FILE || join(dataDir, 'calendar-credentials.json')
  };
}
