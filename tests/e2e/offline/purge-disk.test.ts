// What a purged visit leaves on a tablet's disk in Chromium: nothing the origin's storage APIs can
// read (the app's guarantee, asserted, before and after the browser is switched off and on), and
// what Chromium's own files still hold (measured and printed: the browser's to reclaim).
// Measured on Chromium 150: 2 copies in the LevelDB log before the purge, 4 after it, 4 after a
// restart (LevelDB reuses its log). Tried and not kept: 2 to 74 MB written into a throwaway
// database then deleted only moves the copies into a Snappy-compressed table (Chromium's
// compaction after a deletion covers that database's keys only). See the README's RGPD section.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES } from '../../support/devices';
import { findOnDisk, type Finding } from '../../support/leveldb-files';
import { enrol, launchOnProfile, registerVisitor, signInIfAsked, takeCspViolations, useStack, type Server, type Tablet } from '../support/harness';

const env = useStack(0);
const NAME = 'Quatrebarbe-Xylophane';

// The server's own modules, loaded through variable paths (as tests/support/server.ts does), so
// their Node types stay out of the app's program.
interface AdminClient {
  post<T>(path: string, body: unknown): Promise<T>;
}
const RETENTION = new URL('../../../sync-server/src/workers/retention.ts', import.meta.url).href;
const COUCH_CLIENT = new URL('../../../sync-server/src/couch-client.ts', import.meta.url).href;
async function purgeAsIf(server: Server, now: Date): Promise<Record<string, number>> {
  const { CouchClient } = (await import(/* @vite-ignore */ COUCH_CLIENT)) as { CouchClient: new (url: string, admin: Server['admin']) => AdminClient };
  const { purgeExpired } = (await import(/* @vite-ignore */ RETENTION)) as {
    purgeExpired(client: AdminClient, now: Date, days: number): Promise<{ deleted: Record<string, number> }>;
  };
  return (await purgeExpired(new CouchClient(server.url, server.admin), now, 92)).deleted;
}

/**
 * Where the name is readable through the origin's storage APIs: every IndexedDB database, every
 * object store, every key and value (strings, blobs and binary included), and localStorage.
 */
function readableCopies(page: Page, text: string): Promise<string[]> {
  return page.evaluate(async (needle) => {
    const found: string[] = [];
    const decoder = new TextDecoder();
    const seen = new Set<unknown>();
    const search = async (value: unknown, where: string): Promise<void> => {
      if (typeof value === 'string') {
        if (value.includes(needle)) found.push(where);
      } else if (value instanceof Blob) {
        await search(await value.text(), `${where} (blob)`);
      } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        await search(decoder.decode(bytes), `${where} (binary)`);
      } else if (value && typeof value === 'object' && !seen.has(value)) {
        seen.add(value);
        const entries = value instanceof Map ? [...value.entries()].flat() : value instanceof Set ? [...value] : Object.entries(value).flat();
        for (const inner of entries) await search(inner, where);
      }
    };
    const request = <T,>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await request(indexedDB.open(name));
      try {
        for (const store of Array.from(db.objectStoreNames)) {
          const tx = db.transaction(store, 'readonly');
          const [keys, values] = await Promise.all([request(tx.objectStore(store).getAllKeys()), request(tx.objectStore(store).getAll())]);
          for (const key of keys) await search(key, `${name}/${store} key`);
          for (const value of values) await search(value, `${name}/${store}`);
        }
      } finally {
        db.close();
      }
    }
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      await search(`${key}=${localStorage.getItem(key)}`, `localStorage ${key}`);
    }
    return found;
  }, text);
}

let profile = '';
let tablet: Tablet | undefined;
afterAll(async () => {
  await tablet?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Chromium's files for the origin's IndexedDB (a LevelDB folder and a blob folder). */
const indexedDbDir = () => join(profile, 'Default', 'IndexedDB');
/** Chromium may compact while the files are read (a log or table gone mid-scan): read again. */
async function rawCopies(): Promise<Finding[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return existsSync(indexedDbDir()) ? await findOnDisk(indexedDbDir(), NAME) : [];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 5) throw err;
    }
  }
}
/** Copies per file: the decoded content's count (a log's records reassembled, tables decompressed), or the raw bytes' where nothing decodes. */
function copiesByFile(findings: Finding[]): Map<string, number> {
  const byFile = new Map<string, number>();
  for (const f of findings) byFile.set(f.file, Math.max(byFile.get(f.file) ?? 0, f.count));
  return byFile;
}
const report = (moment: string, findings: Finding[]) => {
  const byFile = copiesByFile(findings);
  const total = [...byFile.values()].reduce((n, c) => n + c, 0);
  console.log(`[purge-disk] ${moment}: ${total} copies of the name in Chromium's IndexedDB files${byFile.size ? ` (${[...byFile].map(([file, n]) => `${file} ×${n}`).join(', ')})` : ''}`);
  return total;
};

it('leaves no readable copy of a purged visitor on the tablet, before and after a restart of the browser; measures the raw files', async () => {
  const { stack, base } = env;
  profile = await mkdtemp(join(tmpdir(), 'accueil-chromium-purge-'));
  tablet = await launchOnProfile(profile);
  let { page } = tablet;
  const d = DEVICES.deskCurial;
  await enrol(page, base, d.name, d.password);
  await registerVisitor(page, NAME);
  await expect.poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 }).toContain('Tout est envoyé');
  const present = () => page.getByTestId('present-row').filter({ hasText: NAME }).count();
  expect((await readableCopies(page, NAME)).length).toBeGreaterThan(0); // the search finds it when it is there
  report('before the purge', await rawCopies());

  // The retention worker's purge, as if 93 days had passed.
  const deleted = await purgeAsIf(stack.server, new Date(Date.now() + 93 * 86_400_000));
  expect(deleted.accueil).toBeGreaterThanOrEqual(1);
  await expect.poll(present, { timeout: 60_000 }).toBe(0);
  // The tablet's compaction after the purge's deletions drops the bodies from PouchDB's stores.
  await expect.poll(() => readableCopies(page, NAME), { timeout: 60_000 }).toEqual([]);
  report('after the purge, browser open', await rawCopies());

  // Switched off and on again.
  expect(takeCspViolations(tablet)).toEqual([]);
  await tablet.close();
  report('after the purge, browser closed', await rawCopies());
  tablet = await launchOnProfile(profile);
  page = tablet.page;
  await page.goto(base);
  await signInIfAsked(page);
  expect(await readableCopies(page, NAME)).toEqual([]);
  report('after the purge, browser reopened', await rawCopies());
  expect(takeCspViolations(tablet)).toEqual([]);
});
