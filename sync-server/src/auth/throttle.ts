import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { serviceUnavailable, tooManyRequests } from '../errors';

export interface ThrottleOptions {
  /** Failed checks of one account name before it is locked. */
  perAccount: number;
  /** Failed checks from one client address before it is locked (one office NAT holds many tablets). */
  perAddress: number;
  /** How long a failure is remembered. */
  windowMs: number;
  /** The first lock; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Entries kept per kind (names, addresses): an attack spraying names cannot grow memory. */
  maxEntries: number;
  now?: () => number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  perAccount: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  maxEntries: 10_000
};

interface Entry {
  failures: number;
  /** Checks started and not yet settled: a parallel burst must not all pass before the first failure lands. */
  pending: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/**
 * IPv4-mapped addresses are the IPv4 client; an IPv6 client is keyed by its /64, which one
 * subscriber gets whole, so rotating addresses inside it does not reset the count.
 */
export function addressKey(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** What a started check becomes: `failed` counts, `ok` clears the account, `none` (server busy) neither. */
export type Outcome = 'ok' | 'failed' | 'none';

/**
 * Counts failed password checks per account name and per client address, and refuses new
 * checks of a locked key with a 429 and `Retry-After` before any hashing. Unknown names are
 * counted exactly like real ones, so the throttle itself tells nothing about which exist.
 * Callers let known-good credentials (the verification cache) and valid cookies through
 * without asking the throttle: an attack on a tablet's account does not lock the tablet out.
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, Entry>();
  private readonly addresses = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly o: ThrottleOptions = DEFAULT_THROTTLE) {
    this.now = o.now ?? Date.now;
  }

  /** Nothing in flight, no lock, and its last failure out of the window: forgotten. */
  private stale(e: Entry, now: number): boolean {
    return e.pending === 0 && now >= e.lockedUntil && now - e.lastFailureAt >= this.o.windowMs;
  }

  private entry(map: Map<string, Entry>, key: string, create: boolean): Entry | undefined {
    const now = this.now();
    let e = map.get(key);
    if (e && this.stale(e, now)) {
      map.delete(key);
      e = undefined;
    }
    if (!e && create) {
      if (map.size >= this.o.maxEntries) this.evict(map);
      e = { failures: 0, pending: 0, lastFailureAt: now, lockedUntil: 0 };
      map.set(key, e);
    }
    return e;
  }

  /** Expired entries first; if none, the oldest (Map keeps insertion order). */
  private evict(map: Map<string, Entry>): void {
    const now = this.now();
    for (const [k, e] of map) if (this.stale(e, now)) map.delete(k);
    if (map.size >= this.o.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
  }

  /** Seconds until this key may be tried again; 0 when it may be now. */
  private waitOf(e: Entry | undefined, limit: number): number {
    if (!e) return 0;
    const now = this.now();
    if (now < e.lockedUntil) return (e.lockedUntil - now) / 1000;
    // Not locked, but the checks in flight would reach the limit if they fail (after a lock
    // ends, that is one check: each lock buys the attacker a single try).
    if (e.pending > 0 && e.failures + e.pending >= limit) return this.o.baseDelayMs / 1000;
    return 0;
  }

  private fail(e: Entry, limit: number): void {
    const now = this.now();
    e.failures++;
    e.lastFailureAt = now;
    if (e.failures >= limit) {
      const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(30, e.failures - limit));
      e.lockedUntil = now + delay;
    }
  }

  /**
   * Starts a check of `name` from `address`: throws a 429 HttpError (with `Retry-After`) when
   * either is locked, else returns the function that settles it. Call it exactly once.
   */
  begin(name: string, address: string | undefined): (outcome: Outcome) => void {
    const addr = addressKey(address);
    const wait = Math.max(
      this.waitOf(this.entry(this.accounts, name, false), this.o.perAccount),
      addr ? this.waitOf(this.entry(this.addresses, addr, false), this.o.perAddress) : 0
    );
    if (wait > 0) throw tooManyRequests('too many failed logins for this account or from this address: wait before trying again', wait);
    const account = this.entry(this.accounts, name, true) as Entry;
    const from = addr ? (this.entry(this.addresses, addr, true) as Entry) : undefined;
    account.pending++;
    if (from) from.pending++;
    let settled = false;
    return (outcome) => {
      if (settled) return;
      settled = true;
      account.pending--;
      if (from) from.pending--;
      if (outcome === 'failed') {
        this.fail(account, this.o.perAccount);
        if (from) this.fail(from, this.o.perAddress);
      } else if (outcome === 'ok') {
        // Only the account: a valid login must not wipe the failures an address made on other names.
        if (account.pending === 0) this.accounts.delete(name);
        else Object.assign(account, { failures: 0, lockedUntil: 0 });
      }
    };
  }

  get size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size };
  }
}

/**
 * A small semaphore around password hashing. PBKDF2 runs in libuv's pool, off the event
 * loop, but the pool has 4 threads and this box 2 cores: a flood of hashes would still take
 * every core from serving. `concurrency` hashes run at once, `maxQueue` wait, and any more
 * are refused at once with a 503 instead of piling up behind them.
 */
export class HashSlots {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly concurrency = 1,
    readonly maxQueue = 16
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.queue.length >= this.maxQueue) throw serviceUnavailable('too many password checks in progress: try again shortly', 1);
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so `active` only drops when nobody waits.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }

  get waiting(): number {
    return this.queue.length;
  }
}

/** Everything a guarded check needs; both authenticators build one. */
export interface CredentialGuard {
  throttle: LoginThrottle;
  slots: HashSlots;
  /** Checks in progress by credentials: a burst of one tablet's requests shares one check. */
  inFlight: Map<string, Promise<unknown>>;
}

/** Settings for `createCredentialGuard`; every one has a default. */
export interface CredentialGuardOptions {
  throttle?: Partial<ThrottleOptions>;
  /** Hashes run at once. Default 1 (env AUTH_HASH_CONCURRENCY where the server reads env). */
  hashConcurrency?: number;
  /** Hashes waiting for a slot before further ones get a 503. Default 16. */
  hashQueue?: number;
}

export function createCredentialGuard(o: CredentialGuardOptions = {}): CredentialGuard {
  return {
    throttle: new LoginThrottle({ ...DEFAULT_THROTTLE, ...o.throttle }),
    slots: new HashSlots(Math.max(1, o.hashConcurrency ?? 1), Math.max(0, o.hashQueue ?? 16)),
    inFlight: new Map()
  };
}

/** Who is being checked: the throttle keys on name and address; identical credentials share one check. */
export interface CheckSubject {
  name: string;
  clientAddress?: string;
  password: string;
  /** What else makes two checks the same (the user document's revision). */
  version?: string;
}

/**
 * One password check under the throttle and the hash slots: refused with 429 before any work
 * when the name or address is locked, 503 when too many checks wait; a null result counts as
 * a failure, anything else clears the account. `check` must cost the same whatever the name
 * (the embedded server hashes a dummy for unknown names; CouchDB mode asks CouchDB either
 * way). Known-good credentials must be let through by the caller before this is called.
 * Concurrent checks of the same credentials share one run (and one count): the parallel
 * requests of a tablet after a restart neither hash five times nor trip the throttle.
 */
export function guardedCheck<T>(guard: CredentialGuard, who: CheckSubject, check: () => Promise<T | null>): Promise<T | null> {
  const key = createHash('sha256').update(`${who.name}\u0000${who.password}\u0000${who.version ?? ''}`).digest('base64');
  const running = guard.inFlight.get(key) as Promise<T | null> | undefined;
  if (running) return running;
  const run = (async () => {
    const settle = guard.throttle.begin(who.name, who.clientAddress);
    let outcome: Outcome = 'none';
    try {
      const result = await guard.slots.run(check);
      outcome = result === null ? 'failed' : 'ok';
      return result;
    } finally {
      settle(outcome);
    }
  })().finally(() => guard.inFlight.delete(key));
  guard.inFlight.set(key, run);
  return run;
}
