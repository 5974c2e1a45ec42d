import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CouchClient } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { runSetup } from '../../sync-server/src/setup/setup';
import { purgeExpired } from '../../sync-server/src/workers/retention';
import { type CouchInstance, adminUrl } from '../support/couchdb';
import { blankCouch } from './helpers';
import { NAME, NOW, visit } from '../support/purged-visit';


async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}

/**
 * A CouchDB file is 4 KiB blocks, each starting with a marker byte: a term that crosses a block
 * boundary has that byte in the middle, so the markers are taken out before searching.
 * Bodies are Snappy-compressed (CouchDB's default `file_compression`), but a short name with
 * no repeated run is a Snappy literal, stored as is: the "before" check proves it is visible.
 */
async function namesInCouchFiles(dataDir: string): Promise<{ file: string; count: number }[]> {
  const found: { file: string; count: number }[] = [];
  for (const path of await filesUnder(dataDir)) {
    if (!/accueil\.\d+\.(couch|compact\.\w+)$|\.view$/.test(path) || !path.includes('accueil')) continue;
    const raw = await readFile(path);
    const parts: Buffer[] = [];
    for (let at = 0; at < raw.length; at += 4096) parts.push(raw.subarray(at + 1, at + 4096));
    const text = Buffer.concat(parts);
    let count = 0;
    for (let i = text.indexOf(NAME); i !== -1; i = text.indexOf(NAME, i + 1)) count++;
    if (count) found.push({ file: path.slice(dataDir.length + 1), count });
  }
  return found;
}

describe('a purged visit is gone from CouchDB\'s files', () => {
  let couch: CouchInstance;
  let client: CouchClient;
  beforeAll(async () => {
    couch = await blankCouch();
    client = new CouchClient(adminUrl(couch));
    await runSetup(client, memoryLogger());
  });

  it('after the purge, no shard or view file of accueil holds the name', async (ctx) => {
    // A server given by COUCHDB_URL is not ours: its files are out of reach.
    if (!couch.dir) ctx.skip('COUCHDB_URL: the files of that CouchDB are not on this machine');
    const dataDir = join(couch.dir, 'data');
    await client.post('/accueil/_bulk_docs', { docs: [visit] });
    const rev = (await client.get<{ _rev: string }>(`/accueil/${encodeURIComponent(visit._id)}`))._rev;
    await client.post('/accueil/_bulk_docs', { docs: [{ ...visit, _rev: rev, reason: 'Passeport' }] });
    // Committed to the file (CouchDB writes at once; the poll covers a delayed commit).
    await expect.poll(async () => (await namesInCouchFiles(dataDir)).length).toBeGreaterThan(0);
    const before = await namesInCouchFiles(dataDir);

    expect((await purgeExpired(client, NOW, 92)).deleted).toEqual({ accueil: 1 });
    // purgeExpired waited for the compaction: the swap to the compacted file is done.
    const after = await namesInCouchFiles(dataDir);
    console.log(`purge-disk (CouchDB): before the purge ${JSON.stringify(before)}; after ${JSON.stringify(after)}`);
    expect(after).toEqual([]);
  });
});
