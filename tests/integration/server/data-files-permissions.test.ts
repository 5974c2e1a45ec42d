import { chmodSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { visit } from '$lib/testing/fixtures';
import { basicHeader, call, startTestServer, tempDir, type TestServer } from './helpers';

/** Every folder and file under `dir` (itself included), with its permission bits; links are not followed. */
function modes(dir: string): { path: string; kind: 'dir' | 'file'; mode: number }[] {
  const out: { path: string; kind: 'dir' | 'file'; mode: number }[] = [{ path: dir, kind: 'dir', mode: lstatSync(dir).mode & 0o777 }];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...modes(path));
    else if (entry.isFile()) out.push({ path, kind: 'file', mode: lstatSync(path).mode & 0o777 });
  }
  return out;
}

const octal = (mode: number) => mode.toString(8).padStart(3, '0');

/** Writes a visit through HTTP, so LevelDB creates its tables, logs and view indexes. */
async function writeAndRead(server: TestServer): Promise<void> {
  const auth = { Authorization: basicHeader(server.admin.name, server.admin.password) };
  const doc = visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:perm${Date.now()}` });
  const put = await call(server.url, 'PUT', `/accueil/${encodeURIComponent(doc._id)}`, { body: doc, headers: auth });
  expect(put.status, put.text).toBe(201);
  // A view query builds an index folder (`-mrview-`) after start, under the umask alone.
  const view = await call(server.url, 'GET', '/accueil/_design/conflicts/_view/by_doc?limit=1', { headers: auth });
  expect(view.status, view.text).toBe(200);
}

function expectOwnerOnly(dataDir: string): void {
  const all = modes(dataDir);
  expect(all.filter((e) => e.kind === 'file').length).toBeGreaterThan(5);
  expect(all.some((e) => e.path.includes('-mrview-'))).toBe(true);
  const wrong = all.filter((e) => e.mode !== (e.kind === 'dir' ? 0o700 : 0o600)).map((e) => `${e.kind} ${octal(e.mode)} ${e.path}`);
  expect(wrong).toEqual([]);
}

describe('the data folder is owner-only (700 folders, 600 files)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('a new data folder, its databases, secrets and view indexes', async () => {
    const parent = tempDir('accueil-perm-');
    server = await startTestServer({}, join(parent, 'data'));
    await writeAndRead(server);
    expectOwnerOnly(server.dataDir);
  });

  it('a folder left world-readable (755, 644) by an earlier run or another tool is tightened at start', async () => {
    const dataDir = tempDir('accueil-perm-old-');
    chmodSync(dataDir, 0o755);
    mkdirSync(join(dataDir, 'old-backup'), { mode: 0o755 });
    chmodSync(join(dataDir, 'old-backup'), 0o755);
    writeFileSync(join(dataDir, 'old-backup', 'visits.json'), '[]', { mode: 0o644 });
    writeFileSync(join(dataDir, 'calendar-credentials.json'), '{}', { mode: 0o644 });
    chmodSync(join(dataDir, 'calendar-credentials.json'), 0o644);
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o755);

    server = await startTestServer({}, dataDir);
    await writeAndRead(server);
    expectOwnerOnly(dataDir);
    expect(lstatSync(join(dataDir, 'calendar-credentials.json')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dataDir, 'old-backup', 'visits.json')).mode & 0o777).toBe(0o600);
  });

  it('a restart over LevelDB files made 644 keeps them private, new ones included', async () => {
    const dataDir = tempDir('accueil-perm-restart-');
    const first = await startTestServer({}, dataDir);
    await writeAndRead(first);
    await first.close();
    for (const e of modes(dataDir)) chmodSync(e.path, e.kind === 'dir' ? 0o755 : 0o644);

    server = await startTestServer({}, dataDir);
    await writeAndRead(server);
    expectOwnerOnly(dataDir);
  });
});
