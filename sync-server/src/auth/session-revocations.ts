import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const REVOCATIONS_FILE = 'revoked-sessions.json';

export interface RevocationOptions {
  /** Life assumed for a cookie whose expiry the caller does not know (CouchDB's AuthSession). */
  defaultTtlSeconds?: number;
  /** Bound on entries; only authenticated logouts add one, so it is never reached in practice. */
  maxEntries?: number;
  now?: () => number;
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Sessions ended before their cookie expires (logout): kept as hashes with their expiry, so
 * the file never holds a usable cookie, and pruned once expired. Persisted in
 * `<dataDir>/revoked-sessions.json` (mode 600, replaced atomically) so a restart does not
 * bring a logged-out session back. Keys are opaque: the embedded server passes a session id,
 * the CouchDB mode the `AuthSession` cookie value.
 */
export class SessionRevocations {
  private readonly entries = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  private readonly defaultTtlSeconds: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  /** `path` undefined keeps the list in memory only (tests, tools). */
  constructor(
    private readonly path?: string,
    o: RevocationOptions = {}
  ) {
    this.defaultTtlSeconds = o.defaultTtlSeconds ?? 24 * 3600;
    this.maxEntries = o.maxEntries ?? 100_000;
    this.now = o.now ?? Date.now;
  }

  /** The list kept in `<dataDir>/revoked-sessions.json`, as the last run left it. */
  static async load(dataDir: string, o: RevocationOptions = {}): Promise<SessionRevocations> {
    await mkdir(dataDir, { recursive: true });
    const list = new SessionRevocations(join(dataDir, REVOCATIONS_FILE), o);
    let raw: string | undefined;
    try {
      raw = await readFile(list.path as string, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (raw !== undefined) {
      // A damaged file must stop the start: ignoring it would revive every ended session.
      const parsed = JSON.parse(raw) as { entries?: Record<string, unknown> };
      for (const [key, expiresAt] of Object.entries(parsed.entries ?? {})) {
        if (typeof expiresAt === 'number') list.entries.set(key, expiresAt);
      }
      list.prune();
    }
    return list;
  }

  private nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  private prune(): void {
    const now = this.nowSec();
    for (const [key, expiresAt] of this.entries) if (expiresAt <= now) this.entries.delete(key);
  }

  /** Ends a session: `isRevoked` is true for it from now on, until `expiresAtSec` (Unix seconds). */
  revoke(value: string, expiresAtSec?: number): Promise<void> {
    const expiresAt = expiresAtSec ?? this.nowSec() + this.defaultTtlSeconds;
    if (expiresAt <= this.nowSec()) return this.writing;
    this.prune();
    if (this.entries.size >= this.maxEntries) {
      // The one that would expire first is the least harmful to forget.
      let soonest: [string, number] | undefined;
      for (const e of this.entries) if (!soonest || e[1] < soonest[1]) soonest = e;
      if (soonest) this.entries.delete(soonest[0]);
    }
    const key = digest(value);
    this.entries.set(key, Math.max(expiresAt, this.entries.get(key) ?? 0));
    return this.persist();
  }

  isRevoked(value: string): boolean {
    const expiresAt = this.entries.get(digest(value));
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.nowSec()) {
      this.entries.delete(digest(value));
      return false;
    }
    return true;
  }

  /** Writes are chained: each one writes the whole current list, so none is lost to a race. */
  private persist(): Promise<void> {
    const path = this.path;
    if (!path) return Promise.resolve();
    const write = async () => {
      const content = JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) }) + '\n';
      const tmp = join(dirname(path), `.${REVOCATIONS_FILE}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(tmp, content, { mode: 0o600 });
        await chmod(tmp, 0o600);
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    };
    const next = this.writing.then(write, write);
    this.writing = next.catch(() => {});
    return next;
  }

  get size(): number {
    return this.entries.size;
  }
}
