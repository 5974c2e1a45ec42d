import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceClosedError } from '$lib/db/errors';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { equipment } from '$lib/testing/building-fixtures';
import { visit } from '$lib/testing/fixtures';
import { handoverExport, handoverFile, importHandover, keepUnsent, wipeReadModel } from './revocation';

let tablet: TestDevice;
let coordinator: TestDevice;
beforeEach(() => {
  tablet = memoryDevice('tablet');
  coordinator = memoryDevice('coordinator');
});
afterEach(async () => {
  await tablet.close();
  await coordinator.close();
});

describe('a revoked tablet', () => {
  it('keeps only its unsent changes, then its read model holds no visit and no pending write', async () => {
    await tablet.store.put('accueil', visit());
    const sent = equipment();
    await tablet.store.put('accueil', sent);
    await tablet.rm.pending.delete(`accueil/${sent._id}`); // the server took this one
    await tablet.rm.visits.put({ ...visit(), id: visit()._id, conflicted: 0, day: '2025-03-10', status: 'present', location: 'curial' });
    await tablet.rm.syncState.put({ key: 'shift', value: '{}' });

    expect(await keepUnsent(tablet.rm, tablet.dbs)).toBe(1);
    await wipeReadModel(tablet.rm);

    expect(await tablet.rm.visits.count()).toBe(0);
    expect(await tablet.rm.pending.count()).toBe(0);
    expect(await tablet.rm.syncState.count()).toBe(0);
    expect((await tablet.rm.handover.toArray()).map((r) => r.doc._id)).toEqual([visit()._id]);
  });

  it('refuses every write once closed', async () => {
    tablet.store.close();
    await expect(tablet.store.put('accueil', visit())).rejects.toBeInstanceOf(DeviceClosedError);
    await expect(tablet.store.bulk('accueil', [visit()])).rejects.toBeInstanceOf(DeviceClosedError);
  });

  it('hands its unsent changes over to a coordinator through the exported file', async () => {
    await tablet.store.put('accueil', visit());
    await keepUnsent(tablet.rm, tablet.dbs);
    const file = handoverFile.parse(JSON.parse(JSON.stringify(await handoverExport(tablet.rm, { name: 'desk-curial', site: 'curial' }))));
    const result = await importHandover(coordinator.store, file);
    expect(result).toEqual({ written: 1, refused: [] });
    expect(await coordinator.store.get('accueil', visit()._id)).toMatchObject({ visitorName: 'Élodie Martin' });
    expect(await coordinator.rm.pending.count()).toBe(1);
  });

  it('an invalid document in the file is refused with its reason, the others are taken', async () => {
    const file = handoverFile.parse({
      format: 'accueil-handover',
      v: 1,
      device: 'desk-curial',
      site: 'curial',
      exportedAt: '2026-12-01T10:00:00.000Z',
      changes: [
        { db: 'accueil', doc: visit() },
        { db: 'accueil', doc: { ...visit({ _id: 'visit:curial:other' }), visitorName: '' } }
      ]
    });
    const result = await importHandover(coordinator.store, file);
    expect(result.written).toBe(1);
    expect(result.refused).toEqual([{ id: 'visit:curial:other', reason: expect.stringContaining('visitorName') }]);
  });
});
