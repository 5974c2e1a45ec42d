import { createHash } from 'node:crypto';

/**
 * Remembers successful password checks for a short while. PBKDF2 at 600,000 iterations costs
 * about half a second of CPU; a live replication sends a request every few seconds per
 * database, so without this cache a handful of tablets would keep the server busy hashing.
 *
 * The key hashes name, password and the user document's `_rev`: changing the password or
 * the roles (revocation) changes the rev, so an old entry can never match again. Entries
 * are also dropped by name when a user document is written, and expire `ttlMs` after their
 * last use.
 */
export class VerifyCache {
  private entries = new Map<string, { name: string; expiresAt: number }>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 2000,
    private readonly now: () => number = Date.now
  ) {}

  private key(name: string, password: string, rev: string): string {
    return createHash('sha256').update(`${name}\u0000${password}\u0000${rev}`).digest('base64');
  }

  /** True when this exact name, password and user revision were verified recently. */
  has(name: string, password: string, rev: string): boolean {
    const k = this.key(name, password, rev);
    const entry = this.entries.get(k);
    if (!entry) return false;
    this.entries.delete(k);
    if (entry.expiresAt <= this.now()) return false;
    // Sliding: a tablet in use keeps its entry, so an attack that locks its account (the
    // throttle lets cached passwords through) cannot wait for the entry to run out. The rev
    // in the key still ends it at the first password or role change.
    this.entries.set(k, { name: entry.name, expiresAt: this.now() + this.ttlMs });
    return true;
  }

  /** Records a successful verification. */
  add(name: string, password: string, rev: string): void {
    if (this.entries.size >= this.maxEntries) {
      // Map keeps insertion order, and a hit re-inserts: the first entry is the least recently used.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(this.key(name, password, rev), { name, expiresAt: this.now() + this.ttlMs });
  }

  /** Forgets every verification of a user (its document changed: password, roles, revocation). */
  invalidate(name: string): void {
    for (const [k, entry] of this.entries) if (entry.name === name) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}
