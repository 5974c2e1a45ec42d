import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer } from '../../../sync-server/src/server';
import { purgeExpired } from '../../../sync-server/src/workers/retention';
import { findOnDisk } from '../../support/leveldb-files';
import { NAME, NOW, visit } from '../../support/purged-visit';


describe('a purged visit is gone from the embedded server disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-purge-disk-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves no copy of the name in any file of the data folder, plain or Snappy-compressed', async () => {
    let server = await startSyncServer({ port: 0, dataDir: dir, log: false });
    await server.client.post('/accueil/_bulk_docs', { docs: [visit] });
    // An edit, so an older revision's body is there too.
    const rev = (await server.client.get<{ _rev: string }>(`/accueil/${encodeURIComponent(visit._id)}`))._rev;
    await server.client.post('/accueil/_bulk_docs', { docs: [{ ...visit, _rev: rev, reason: 'Passeport' }] });
    await server.close();

    // The scanner sees the name where it is: reopening moves the log into a compressed table.
    server = await startSyncServer({ port: 0, dataDir: dir, log: false });
    const before = await findOnDisk(join(dir, 'accueil'), NAME);
    expect(before.some((f) => f.where === 'decoded' && f.file.endsWith('.ldb'))).toBe(true);

    expect((await purgeExpired(server.client, NOW, 92)).deleted).toEqual({ accueil: 1 });
    await server.close();

    const after = await findOnDisk(dir, NAME);
    console.log(`purge-disk (embedded): before the purge ${JSON.stringify(before)}; after ${JSON.stringify(after)}`);
    expect(after).toEqual([]);
  });
});
