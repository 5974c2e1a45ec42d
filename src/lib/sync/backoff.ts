/** Longest wait between two reconnection attempts: a tablet back online syncs within a minute. */
export const MAX_BACKOFF_MS = 60_000;
const FIRST_BACKOFF_MS = 1_000;

/**
 * PouchDB's `back_off_function`: doubles the delay after each failure, with ±20 % jitter so
 * that the tablets of both buildings do not all hit the server at the same instant after an
 * outage. PouchDB passes 0 for the first retry.
 */
export function backoff(previousMs: number, random: () => number = Math.random): number {
  const next = previousMs <= 0 ? FIRST_BACKOFF_MS : Math.min(previousMs * 2, MAX_BACKOFF_MS);
  const jitter = 1 + (random() * 0.4 - 0.2);
  return Math.round(Math.min(next * jitter, MAX_BACKOFF_MS));
}
