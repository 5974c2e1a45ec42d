import { type CalendarConfig, calendarConfigFromEnv } from '../config';
import type { CouchClient } from '../couch-client';
import type { Logger } from '../log';
import { createCalendarState, pollCalendars } from './calendars';
import { runIntake } from './intake';
import { purgeExpired } from './retention';

/** How often the retention purge runs; it also runs once at start. */
export const RETENTION_INTERVAL_MS = 6 * 3600_000;
/** How often the kiosk inbox is emptied: a visitor at the kiosk should show at the desk within seconds. */
export const INTAKE_INTERVAL_MS = 2_000;

export interface WorkerOptions {
  retentionDays: number;
  /** The calendar worker's settings; default from env (see `calendarConfigFromEnv`) with `dataDir`. */
  calendars?: CalendarConfig;
  /** Where the calendar credentials file is looked for by default. Default env DATA_DIR, else ./data (as main.ts). */
  dataDir?: string;
  /**
   * Whether this process may run the workers now (the lease, workers/lease.ts): several sync
   * servers may run, the workers must run once. Asked at every round; default always.
   */
  mayRun?: () => boolean;
  /** Filled with each worker's last round, for the health endpoint. */
  status?: WorkerStatus;
}

export type WorkerName = 'intake' | 'retention' | 'calendars';

/** Each worker's last finished round in this process: when, and whether it failed. */
export type WorkerStatus = Partial<Record<WorkerName, { at: string; ok: boolean }>>;

/**
 * Starts the background workers on a timer (the work itself lives in each worker's module).
 * Returns the function that stops them.
 */
export function startWorkers(client: CouchClient, log: Logger, opts: WorkerOptions): (() => void) & { runNow(): void } {
  const mayRun = opts.mayRun ?? (() => true);
  const done = (name: WorkerName, ok: boolean) => {
    if (opts.status) opts.status[name] = { at: new Date().toISOString(), ok };
  };
  let running = false;
  const retention = async () => {
    if (running || !mayRun()) return;
    running = true;
    try {
      const { deleted } = await purgeExpired(client, new Date(), opts.retentionDays);
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) log.info(`retention: deleted ${JSON.stringify(deleted)} older than ${opts.retentionDays} days`);
      done('retention', true);
    } catch (err) {
      done('retention', false);
      log.error(`retention: purge failed: ${String(err)}`);
    } finally {
      running = false;
    }
  };
  void retention();
  const timer = setInterval(() => void retention(), RETENTION_INTERVAL_MS);
  timer.unref();

  let taking = false;
  const intake = async () => {
    if (taking || !mayRun()) return;
    taking = true;
    try {
      const { moved } = await runIntake(client, new Date());
      if (moved > 0) log.info(`intake: moved ${moved} kiosk check-in(s) into accueil`);
      done('intake', true);
    } catch (err) {
      done('intake', false);
      log.error(`intake: failed: ${String(err)}`);
    } finally {
      taking = false;
    }
  };
  const intakeTimer = setInterval(() => void intake(), INTAKE_INTERVAL_MS);
  intakeTimer.unref();

  const calendarConfig = opts.calendars ?? calendarConfigFromEnv(process.env, opts.dataDir ?? process.env.DATA_DIR ?? './data');
  const calendarCtx = { client, log, config: calendarConfig, state: createCalendarState() };
  let polling = false;
  let stopped = false;
  const calendars = async () => {
    // A slow Zimbra may make a round outlast the interval: rounds never overlap.
    if (polling || !mayRun()) return;
    polling = true;
    try {
      await pollCalendars(calendarCtx);
      done('calendars', true);
    } catch (err) {
      done('calendars', false);
      if (!stopped) log.error(`calendars: poll failed: ${String(err)}`);
    } finally {
      polling = false;
    }
  };
  void calendars();
  const calendarTimer = setInterval(() => void calendars(), calendarConfig.pollSeconds * 1000);
  calendarTimer.unref();

  const stop = () => {
    stopped = true;
    clearInterval(timer);
    clearInterval(intakeTimer);
    clearInterval(calendarTimer);
  };
  // A process that takes the workers over runs the long-period ones at once, as at a start.
  return Object.assign(stop, {
    runNow: () => {
      if (stopped) return;
      void retention();
      void calendars();
    }
  });
}
