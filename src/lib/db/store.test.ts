import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meeting, room, visit } from '$lib/testing/fixtures';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { InvalidDocumentError, RevisionConflictError, StorageFullError, storageError } from './errors';

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

const stored = async (id: string) => device.store.get<Record<string, unknown>>('accueil', id);

describe('LocalStore.put', () => {
  it('writes a valid document and records it as pending with its revision', async () => {
    const rev = await device.store.put('accueil', visit());
    expect(rev).toMatch(/^1-/);
    expect(await stored(visit()._id)).toMatchObject({ _id: visit()._id, _rev: rev, visitorName: 'Élodie Martin' });
    expect(await device.rm.pending.toArray()).toEqual([
      { key: `accueil/${visit()._id}`, db: 'accueil', docId: visit()._id, rev, at: expect.any(String) }
    ]);
  });

  it('writes the validated document (trimmed text)', async () => {
    await device.store.put('accueil', visit({ visitorName: '  Élodie Martin  ' }));
    expect((await stored(visit()._id))?.visitorName).toBe('Élodie Martin');
  });

  it('keeps one pending row per document, at its latest revision', async () => {
    const first = await device.store.put('accueil', visit());
    const second = await device.store.put('accueil', { ...visit(), _rev: first, reason: 'Passeport' });
    expect(await device.rm.pending.toArray()).toEqual([expect.objectContaining({ rev: second })]);
  });

  it.each([
    ['a visit whose id names another building', 'accueil', visit({ site: 'hdv' })],
    ['a visit without visitor name', 'accueil', visit({ visitorName: '' })],
    ['a visit written to planning', 'planning', visit()],
    ['a room written to accueil', 'accueil', room()],
    ['a meeting ending before it starts', 'planning', meeting({ end: '2025-06-01T20:00:00.000Z' })]
  ] as const)('rejects %s with InvalidDocumentError and writes nothing', async (_what, db, doc) => {
    const err = await device.store.put(db, doc).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidDocumentError);
    expect(err).toMatchObject({ name: 'InvalidDocumentError', docId: doc._id, reason: expect.any(String) });
    expect((await device.dbs[db].info()).doc_count).toBe(0);
    expect(await device.rm.pending.count()).toBe(0);
  });

  it('turns a revision conflict into RevisionConflictError, without a pending row', async () => {
    const rev = await device.store.put('accueil', visit());
    await device.store.put('accueil', { ...visit(), _rev: rev, reason: 'Passeport' });
    await device.rm.pending.clear();
    const err = await device.store.put('accueil', { ...visit(), _rev: rev, reason: 'Mariage' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RevisionConflictError);
    expect((err as RevisionConflictError).docId).toBe(visit()._id);
    expect(await device.rm.pending.count()).toBe(0);
  });
});

describe('LocalStore.bulk', () => {
  it('writes every document and records each as pending', async () => {
    const a = visit();
    const b = visit({ _id: 'visit:curial:2025-03-10T09:00:00.000Z:b' });
    await device.store.bulk('accueil', [a, b]);
    expect((await device.dbs.accueil.info()).doc_count).toBe(2);
    expect((await device.rm.pending.toArray()).map((r) => r.docId).sort()).toEqual([a._id, b._id].sort());
  });

  it('validates all documents before writing any', async () => {
    const good = visit();
    const bad = visit({ _id: 'visit:hdv:2025-03-10T09:00:00.000Z:b' });
    await expect(device.store.bulk('accueil', [good, bad])).rejects.toBeInstanceOf(InvalidDocumentError);
    expect((await device.dbs.accueil.info()).doc_count).toBe(0);
    expect(await device.rm.pending.count()).toBe(0);
  });

  it('accepts tombstones', async () => {
    const rev = await device.store.put('accueil', visit());
    await device.store.bulk('accueil', [{ _id: visit()._id, _rev: rev, _deleted: true }]);
    expect(await stored(visit()._id)).toBeNull();
  });
});

describe('LocalStore.get', () => {
  it('returns null for a missing document and the current revision otherwise', async () => {
    expect(await stored('visit:curial:none')).toBeNull();
    const rev = await device.store.put('accueil', visit());
    expect((await stored(visit()._id))?._rev).toBe(rev);
  });
});

describe('storageError', () => {
  it('names the storage failures once', () => {
    expect(storageError({ status: 409, name: 'conflict' }, 'd')).toBeInstanceOf(RevisionConflictError);
    expect(storageError({ name: 'QuotaExceededError' }, 'd')).toBeInstanceOf(StorageFullError);
    expect(storageError({ status: 500, name: 'quota_exceeded' }, 'd')).toBeInstanceOf(StorageFullError);
    const other = new Error('boom');
    expect(storageError(other, 'd')).toBe(other);
    expect(storageError(undefined, 'd')).toBeUndefined();
  });
});
