import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { visit } from '$lib/testing/fixtures';
import { memoryDevice, openLeaves, type TestDevice } from '$lib/testing/pouch';
import { Projector } from '$lib/db/projector';
import { ConflictWatcher } from './conflict-watcher';

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

/** Two revisions of one visit that edited different fields apart, as replication brings them. */
async function conflicted(id: string) {
  const base = visit({ _id: id });
  await device.dbs.accueil.bulkDocs(
    [
      { ...base, reason: 'Passeport', fieldGen: { reason: 2 }, updatedAt: '2025-03-11T08:00:00.000Z', _rev: '2-aaa', _revisions: { start: 2, ids: ['aaa', 'base'] } },
      { ...base, visitorName: 'Durand', fieldGen: { visitorName: 2 }, updatedAt: '2025-03-11T09:00:00.000Z', _rev: '2-bbb', _revisions: { start: 2, ids: ['bbb', 'base'] } }
    ],
    { new_edits: false }
  );
}

describe('ConflictWatcher', () => {
  it('resolves conflicts already in the read model and those replication brings later', async () => {
    const first = visit()._id;
    const second = `${first}-2`.replace('a1b2c3d4-2', 'e5f6a7b8');
    await conflicted(first);
    // At start the runtime has projected what is there: known conflicts come from the read model.
    await new Projector(device.dbs.accueil, 'accueil', device.rm).catchUp();
    const watcher = new ConflictWatcher(device.store, 'accueil', 'desk-curial-1');
    watcher.start();
    await conflicted(second);
    for (const id of [first, second]) {
      await vi.waitFor(async () => expect(await openLeaves(device.dbs.accueil, id)).toHaveLength(1));
      await watcher.idle();
      expect(await device.dbs.accueil.get(id)).toMatchObject({ reason: 'Passeport', visitorName: 'Durand' });
    }
    await watcher.stop();
  });

  it('stops watching on stop()', async () => {
    const watcher = new ConflictWatcher(device.store, 'accueil', 'desk-curial-1');
    watcher.start();
    await watcher.stop();
    await conflicted(visit()._id);
    await new Promise((r) => setTimeout(r, 100));
    expect(await openLeaves(device.dbs.accueil, visit()._id)).toHaveLength(2);
  });
});
