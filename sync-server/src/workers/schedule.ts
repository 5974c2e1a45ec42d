import type { CouchClient } from '../couch-client';
import type { Logger } from '../log';
import { runIntake } from './intake';
import { purgeExpired } from './retention';

/** How often the retention purge runs; it also runs once at start. */
export const RETENTION_INTERVAL_MS = 6 * 3600_000;
/** How often the kiosk inbox is emptied: a visitor at the kiosk should show at the desk within seconds. */
export const INTAKE_INTERVAL_MS = 2_000;

/**
 * Starts the background workers on a timer (the work itself lives in each worker's module).
 * Returns the function that stops them.
 */
export function startWorkers(client: CouchClient, log: Logger, opts: { retentionDays: number }): () => void {
  let running = false;
  const retention = async () => {
    if (running) return;
    running = true;
    try {
      const { deleted } = await purgeExpired(client, new Date(), opts.retentionDays);
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) log.info(`retention: deleted ${JSON.stringify(deleted)} older than ${opts.retentionDays} days`);
    } catch (err) {
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
    if (taking) return;
    taking = true;
    try {
      const { moved } = await runIntake(client, new Date());
      if (moved > 0) log.info(`intake: moved ${moved} kiosk check-in(s) into accueil`);
    } catch (err) {
      log.error(`intake: failed: ${String(err)}`);
    } finally {
      taking = false;
    }
  };
  const intakeTimer = setInterval(() => void intake(), INTAKE_INTERVAL_MS);
  intakeTimer.unref();
  return () => {
    clearInterval(timer);
    clearInterval(intakeTimer);
  };
}
