import { z } from 'zod';
import { deviceRole, siteCode } from '$lib/domain/common';
import { liveQuery } from 'dexie';
import type { EnrolmentRow, ReadModel } from '$lib/db/read-model';

/**
 * A small record of the device kept in localStorage, outside IndexedDB. Chromium's quota
 * manager evicts a best-effort origin's IndexedDB, Cache Storage and service worker together
 * under disk pressure, but not localStorage (not quota-managed): so this marker survives the
 * eviction that takes PouchDB and the Dexie read model, and says on the next start that the
 * tablet was enrolled and how many changes it had not sent. A user's « Effacer les données du
 * site », or Safari's seven-day rule, wipes localStorage too: then nothing can tell, and the
 * tablet simply asks to be enrolled again.
 *
 * It holds the enrolment (with the device account's password, as IndexedDB does, so the tablet
 * can sync again by itself) and counts, never personal data.
 */
const markerSchema = z.object({
  v: z.literal(1),
  enrolment: z.object({
    key: z.literal('device'),
    name: z.string().min(1),
    password: z.string().min(1),
    site: siteCode,
    role: deviceRole,
    label: z.string(),
    enrolledAt: z.string(),
    revokedAt: z.string().optional()
  }),
  /** Local changes the server had not acknowledged, last time they were counted. */
  unsent: z.number().int().nonnegative(),
  at: z.string(),
  /** An eviction seen on start and not yet acknowledged by a person: shown again after a reload. */
  evicted: z.object({ unsent: z.number().int().nonnegative(), at: z.string() }).optional()
});
export type DeviceMarker = z.infer<typeof markerSchema>;
export type Eviction = NonNullable<DeviceMarker['evicted']>;

export const MARKER_KEY = 'accueil.device';

/** localStorage, or null where it is missing or refused (private mode, blocked storage). */
function local(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readMarker(store = local()): DeviceMarker | null {
  const raw = store?.getItem(MARKER_KEY);
  if (!raw) return null;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the marker; a refused write (localStorage full) only costs the eviction notice. */
export function writeMarker(marker: DeviceMarker, store = local()): void {
  try {
    store?.setItem(MARKER_KEY, JSON.stringify(marker));
  } catch (err) {
    console.warn('[storage] device marker not written', err);
  }
}

export function clearMarker(store = local()): void {
  store?.removeItem(MARKER_KEY);
}

/** The marker for `enrolment` with `unsent` changes, keeping an eviction not yet acknowledged. */
export function markerFor(enrolment: EnrolmentRow, unsent: number, previous: DeviceMarker | null, now = new Date()): DeviceMarker {
  const evicted = previous?.enrolment.name === enrolment.name ? previous.evicted : undefined;
  return { v: 1, enrolment: { ...enrolment }, unsent, at: now.toISOString(), ...(evicted ? { evicted } : {}) };
}

/**
 * On start: the marker says this tablet was enrolled, IndexedDB has no enrolment: the browser
 * evicted the site's databases. Returns what to tell, or null when nothing was lost.
 */
export function detectEviction(marker: DeviceMarker | null, enrolment: EnrolmentRow | null, now = new Date()): Eviction | null {
  if (!marker) return null;
  if (!enrolment) return { unsent: marker.unsent, at: now.toISOString() };
  return marker.enrolment.name === enrolment.name ? (marker.evicted ?? null) : null;
}

/** What the browser says of this site's storage; null fields where it cannot say. */
export interface StorageReport {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export async function storageReport(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageReport> {
  const [persisted, estimate] = await Promise.all([
    storage?.persisted?.().catch(() => null) ?? null,
    storage?.estimate?.().catch(() => null) ?? null
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/**
 * Asks the browser not to evict this site under disk pressure. Chromium grants it to an
 * installed or much-used site, without asking; the answer is shown in « Appareil ».
 */
export async function requestPersistence(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<boolean | null> {
  if (!storage?.persist) return null;
  try {
    if (await storage.persisted?.()) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

const UNITS = ['octets', 'Ko', 'Mo', 'Go', 'To'];

/** « 512 octets », « 3,4 Mo », « 1,2 Go » (binary multiples, as the browser counts). */
export function bytesFr(n: number): string {
  let value = Math.max(0, n);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('fr-FR', { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${UNITS[unit]}`;
}

/** Calls `onCount` with the number of unsent changes now and whenever it changes; returns the unsubscribe. */
export function watchUnsent(rm: ReadModel, onCount: (n: number) => void): () => void {
  const sub = liveQuery(() => rm.pending.count()).subscribe({
    next: onCount,
    error: (err) => console.warn('[storage] unsent count failed', err)
  });
  return () => sub.unsubscribe();
}
