import type { ReadModel } from '$lib/db/read-model';

/**
 * Wrong PINs, counted on the tablet per adviser (the check is offline, so the limit is too).
 * Kept in the device-local sync state so that a reload does not reset it.
 */
export const FREE_ATTEMPTS = 3;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

interface Attempts {
  failures: number;
  lockedUntil: number;
}

const key = (adviserId: string) => `pin-attempts:${adviserId}`;

/** How long the sign-in stays locked after `failures` wrong PINs: 30 s, doubling, at most 15 min. */
export function lockAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS));
}

async function read(rm: ReadModel, adviserId: string): Promise<Attempts> {
  const row = await rm.syncState.get(key(adviserId));
  try {
    const a = JSON.parse(row?.value ?? '') as Attempts;
    if (Number.isInteger(a.failures) && Number.isFinite(a.lockedUntil)) return a;
  } catch {
    // No row yet, or one this version cannot read: start counting afresh.
  }
  return { failures: 0, lockedUntil: 0 };
}

/** The time until which this adviser's sign-in is locked (0: not locked). */
export async function lockedUntil(rm: ReadModel, adviserId: string, now = Date.now()): Promise<number> {
  const a = await read(rm, adviserId);
  return a.lockedUntil > now ? a.lockedUntil : 0;
}

/** Counts a wrong PIN; returns the new lock end (0 while attempts remain). */
export async function recordFailure(rm: ReadModel, adviserId: string, now = Date.now()): Promise<number> {
  const a = await read(rm, adviserId);
  const failures = a.failures + 1;
  const lock = lockAfter(failures);
  const until = lock ? now + lock : 0;
  await rm.syncState.put({ key: key(adviserId), value: JSON.stringify({ failures, lockedUntil: until }) });
  return until;
}

export async function recordSuccess(rm: ReadModel, adviserId: string): Promise<void> {
  await rm.syncState.delete(key(adviserId));
}
