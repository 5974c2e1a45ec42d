import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomPassword } from './passwords';

/** The server administrator: not a `_users` document, like CouchDB's `[admins]` section. */
export interface AdminCredentials {
  name: string;
  password: string;
}

/**
 * The data folder, owner only like everything in it (see PRIVATE_DIR_MODE in couch/pouch.ts):
 * a folder another tool created 755 would let any account list the secrets' names and sizes.
 */
async function privateDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Writes a file only its owner can read (it holds a secret). */
async function writePrivate(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
}

/**
 * The admin credentials: given ones win (options, then env); otherwise those generated at
 * the first start and kept in `<dataDir>/admin.json` (mode 600), so a restart keeps them.
 */
export async function loadAdminCredentials(dataDir: string, given: Partial<AdminCredentials>): Promise<AdminCredentials> {
  if (given.name && given.password) return { name: given.name, password: given.password };
  await privateDir(dataDir);
  const path = join(dataDir, 'admin.json');
  const stored = (await readJson(path)) as Partial<AdminCredentials> | undefined;
  if (stored?.name && stored.password) return { name: stored.name, password: stored.password };
  const created = { name: given.name ?? 'admin', password: randomPassword() };
  await writePrivate(path, JSON.stringify(created, null, 2) + '\n');
  return created;
}

/** The secret that signs session cookies, created once and kept in `<dataDir>/session-secret`. */
export async function loadSessionSecret(dataDir: string): Promise<Buffer> {
  await privateDir(dataDir);
  const path = join(dataDir, 'session-secret');
  try {
    const hex = (await readFile(path, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  await writePrivate(path, secret.toString('hex') + '\n');
  return secret;
}
