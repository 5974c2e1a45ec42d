import { describe, expect, it } from 'vitest';
import type { EnrolmentRow } from '$lib/db/read-model';
import { evictionText } from './eviction-text';
import { MARKER_KEY, bytesFr, detectEviction, markerFor, readMarker, requestPersistence, storageReport, writeMarker } from './storage';

const enrolment: EnrolmentRow = { key: 'device', name: 'desk-curial-1', password: 'secret', site: 'curial', role: 'desk', label: 'Accueil Curial 1', enrolledAt: '2026-12-01T08:00:00.000Z' };
const now = new Date('2026-12-02T09:00:00.000Z');

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() { return map.size; },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v)
  };
}

describe('device marker', () => {
  it('round-trips through localStorage', () => {
    const store = memoryStorage();
    writeMarker(markerFor(enrolment, 3, null, now), store);
    expect(readMarker(store)).toEqual({ v: 1, enrolment, unsent: 3, at: now.toISOString() });
  });

  it('reads a damaged or foreign value as no marker', () => {
    const store = memoryStorage();
    store.setItem(MARKER_KEY, '{not json');
    expect(readMarker(store)).toBeNull();
    store.setItem(MARKER_KEY, JSON.stringify({ v: 1, unsent: -1 }));
    expect(readMarker(store)).toBeNull();
  });

  it('keeps an unacknowledged eviction when the count is written again, not across enrolments', () => {
    const evicted = { unsent: 2, at: now.toISOString() };
    const previous = { ...markerFor(enrolment, 2, null, now), evicted };
    expect(markerFor(enrolment, 0, previous, now).evicted).toEqual(evicted);
    expect(markerFor({ ...enrolment, name: 'desk-curial-2' }, 0, previous, now).evicted).toBeUndefined();
  });
});

describe('detectEviction', () => {
  const marker = markerFor(enrolment, 4, null, now);

  it('tells when the marker survived but the enrolment in IndexedDB did not', () => {
    expect(detectEviction(marker, null, now)).toEqual({ unsent: 4, at: now.toISOString() });
  });

  it('says nothing on a first start, or when IndexedDB still holds the enrolment', () => {
    expect(detectEviction(null, null, now)).toBeNull();
    expect(detectEviction(marker, enrolment, now)).toBeNull();
  });

  it('tells again after a reload until someone acknowledges it', () => {
    const evicted = { unsent: 4, at: now.toISOString() };
    expect(detectEviction({ ...marker, evicted }, enrolment, now)).toEqual(evicted);
  });
});

describe('persistence and estimate', () => {
  const manager = (persisted: boolean, grant: boolean) =>
    ({ persisted: async () => persisted, persist: async () => grant, estimate: async () => ({ usage: 2_400_000, quota: 500_000_000 }) }) as unknown as StorageManager;

  it('asks only when not yet persisted, and reports what the browser says', async () => {
    expect(await requestPersistence(manager(true, false))).toBe(true);
    expect(await requestPersistence(manager(false, false))).toBe(false);
    expect(await requestPersistence(undefined)).toBeNull();
    expect(await storageReport(manager(false, true))).toEqual({ persisted: false, usage: 2_400_000, quota: 500_000_000 });
    expect(await storageReport(undefined)).toEqual({ persisted: null, usage: null, quota: null });
  });

  it('formats sizes in French', () => {
    expect(bytesFr(512)).toBe('512 octets');
    expect(bytesFr(2_400_000)).toBe('2,3 Mo');
    expect(bytesFr(500_000_000)).toMatch(/^476,8 Mo$/);
    expect(bytesFr(3 * 1024 ** 3)).toBe('3 Go');
  });
});

describe('evictionText', () => {
  it('says how many changes were lost, in French', () => {
    expect(evictionText(3)).toBe(
      "Les données locales de cette tablette ont été effacées par le navigateur ; 3 modifications n'avaient pas été envoyées au serveur et sont perdues : ressaisissez-les si possible. La tablette reprend les données du serveur."
    );
    expect(evictionText(1)).toContain("1 modification n'avait pas été envoyée au serveur et est perdue : ressaisissez-la");
    expect(evictionText(0)).toContain("toutes les modifications avaient été envoyées au serveur, rien n'est perdu");
  });
});
