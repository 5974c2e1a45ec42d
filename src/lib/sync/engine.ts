import { revGen } from '$lib/domain/merge';
import type { DbName } from '$lib/domain/common';
import type { LocalDb, RemoteFactory } from '$lib/db/pouch';
import type { ReadModel } from '$lib/db/read-model';
import { backoff } from './backoff';
import type { Direction } from './plan';

/** Why the device is not up to date, as state (never thrown into components). */
export type SyncState = 'starting' | 'syncing' | 'up-to-date' | 'offline' | 'unauthorized' | 'stopped';

export interface SyncSnapshot {
  state: SyncState;
  /** Last moment every database was caught up with the server (ISO), persisted across reloads. */
  lastSyncAt: string | null;
  /** Precise, English: for logs and the details panel. */
  lastError: string | null;
  perDb: Partial<Record<DbName, SyncState>>;
  /**
   * During a device's first sync: documents received so far, out of about `total` on the
   * server; then (`indexed` not null) documents written into the read model, out of `received`.
   * Null once the read model holds everything received.
   */
  firstSync: { received: number; total: number | null; indexed: number | null } | null;
}

/**
 * Documents per request of a first sync's one-shot pull: the door's bound per request. Larger
 * batches than the live replication's cut the round trips and the checkpoints of a first sync.
 */
export const FIRST_PULL_BATCH = 1000;

/** The part of PouchDB's replication objects we use (the typings' overloads do not unify). */
interface Replication {
  on(event: string, listener: (arg?: unknown) => void): unknown;
  cancel(): void;
}
type Listener = (s: SyncSnapshot) => void;

export const LAST_SYNC_KEY = 'lastSyncAt';
/** Set once a first pull brought every database whole and the read model indexed it. */
export const FIRST_SYNC_DONE_KEY = 'firstSyncDone';

/**
 * Whether this device finished a first sync: fully synced once, or pulled and indexed
 * everything (a reload before the push side caught up must not show the first sync again).
 */
export async function hasSyncedBefore(rm: ReadModel): Promise<boolean> {
  return (await rm.syncState.get(LAST_SYNC_KEY)) !== undefined || (await rm.syncState.get(FIRST_SYNC_DONE_KEY)) !== undefined;
}

const WORST_FIRST: SyncState[] = ['unauthorized', 'offline', 'starting', 'syncing', 'stopped', 'up-to-date'];
const worstOf = (states: (SyncState | undefined)[]): SyncState | undefined => WORST_FIRST.find((s) => states.includes(s));

/**
 * PouchDB 9's replicator asks `src.info()` only to fill its active-task counters, and once
 * without handling a failure (replicate.js, finishBatch): when the server goes away at that
 * moment the rejection is unhandled. On the remote used for replication, a failed `info()`
 * answers neutral figures instead; the replication's own requests still fail and retry.
 */
function withQuietInfo(remote: LocalDb): LocalDb {
  const info = remote.info.bind(remote);
  remote.info = (() =>
    info().catch((err: unknown) => {
      console.warn('[sync] server info unavailable', err);
      return { db_name: remote.name, doc_count: 0, update_seq: 0 };
    })) as LocalDb['info'];
  return remote;
}


/**
 * Live replication of each local database with the server, in the direction the role allows,
 * retrying with backoff forever. It keeps the pending table honest (a write leaves it when the
 * server has taken it, or is flagged when the server refused it) and reports its state.
 */
export class SyncEngine {
  private reps = new Map<DbName, Replication[]>();
  private perDb: Partial<Record<DbName, SyncState>> = {};
  private legs: Partial<Record<DbName, { push?: SyncState; pull?: SyncState }>> = {};
  private lastSyncAt: string | null = null;
  private lastError: string | null = null;
  /** A refusal stays the last error once synced: the refused change is still on the tablet, unsent. */
  private lastErrorIsRefusal = false;
  private firstSync: SyncSnapshot['firstSync'] = null;
  private listeners = new Set<Listener>();
  private stopped = false;
  /** Bumped by every start and stop: a first pull of an earlier start never goes live. */
  private generation = 0;
  /** False during a first sync's one-shot pull (nothing to reconnect: it ends and goes live). */
  private live = false;

  constructor(
    private readonly locals: Partial<Record<DbName, LocalDb>>,
    private readonly remote: RemoteFactory,
    private readonly plan: Partial<Record<DbName, Direction>>,
    private readonly rm: ReadModel,
    private readonly opts: {
      batchSize?: number;
      onUnauthorized?: () => void;
      /** The live replications' back-off (tests shorten it). */
      backOff?: (previousMs: number) => number;
      /**
       * Called once before the live replications start, after a first sync's one-shot pull:
       * the runtime indexes what arrived and starts following the local feeds.
       */
      beforeLive?: (onIndexed: (done: number) => void) => Promise<void>;
      /** A first pull wrote a batch: the runtime may index it meanwhile (never following the feed live). */
      onPulled?: () => void;
    } = {}
  ) {}

  /**
   * Starts every replication of the plan. A device that never synced first pulls each database
   * once, in large batches and with nothing else reading the local copies, then lets the
   * runtime index it all (`beforeLive`), and only then goes live. Interrupted, it starts over
   * on the next start: the pull resumes from its checkpoint, the indexing from its own.
   */
  async start(): Promise<void> {
    this.stopped = false;
    const generation = ++this.generation;
    this.lastSyncAt = (await this.rm.syncState.get(LAST_SYNC_KEY))?.value ?? null;
    const plan = Object.entries(this.plan) as [DbName, Direction][];
    const pulled = plan.filter(([db, d]) => d !== 'push' && this.locals[db]).map(([db]) => db);
    if (!(await hasSyncedBefore(this.rm))) {
      void this.measureFirstSync(pulled);
      for (const [db] of plan) if (this.locals[db]) this.perDb[db] = 'starting';
      this.emit();
      void this.firstPull(generation, pulled).then((complete) => this.goLive(generation, plan, complete));
      return;
    }
    await this.goLive(generation, plan, false);
  }

  /** `pulled`: a first pull brought every database whole, so the first sync ends with the indexing. */
  private async goLive(generation: number, plan: [DbName, Direction][], pulled: boolean): Promise<void> {
    const current = () => generation === this.generation && !this.stopped;
    if (!current()) return;
    if (this.opts.beforeLive) {
      try {
        await this.opts.beforeLive((done) => {
          if (this.firstSync && current()) {
            this.firstSync.indexed = done;
            this.emit();
          }
        });
      } catch (err) {
        console.error('[sync] could not index the first sync', err);
      }
    }
    if (!current()) return;
    // The read model holds all the server had: the adviser's first sync is over. The push side
    // of a two-way sync still compares the local copy with the server (revs_diff, no bodies).
    // A pull cut short (offline) goes on live, and the first sync ends when it has caught up.
    if (pulled) {
      this.firstSync = null;
      await this.rm.syncState.put({ key: FIRST_SYNC_DONE_KEY, value: new Date().toISOString() });
      if (!current()) return;
    }
    else if (this.firstSync) this.firstSync.indexed = null;
    this.live = true;
    for (const [db, direction] of plan) {
      const local = this.locals[db];
      if (!local) continue;
      this.perDb[db] = 'starting';
      this.reps.set(db, this.replicate(db, local, direction));
    }
    this.emit();
  }

  /**
   * One one-shot pull per database, all at once. A failure (offline, refused) ends it early:
   * the live replications retry with back-off and bring the rest.
   */
  private async firstPull(generation: number, pulled: DbName[]): Promise<boolean> {
    this.live = false;
    const outcomes = await Promise.all(
      pulled.map(
        (db) =>
          new Promise<boolean>((resolve) => {
            const local = this.locals[db]!;
            const rep = local.replicate.from(withQuietInfo(this.remote(db)), { batch_size: FIRST_PULL_BATCH }) as unknown as Replication;
            this.reps.set(db, [rep]);
            this.set(db, 'syncing', 'pull');
            rep.on('change', (info: unknown) => {
              const docs = (info as { docs?: unknown[] }).docs;
              if (docs?.length && this.firstSync && generation === this.generation) {
                this.firstSync.received += docs.length;
                this.emit();
                this.opts.onPulled?.();
              }
            });
            rep.on('denied', (err: unknown) => void this.denied(db, err));
            rep.on('complete', () => resolve(true));
            rep.on('error', (err: unknown) => {
              if (generation === this.generation) this.failed(db, err, 'pull');
              resolve(false);
            });
          })
      )
    );
    return outcomes.every(Boolean);
  }

  /** A device that never synced shows how much of the server's data it has received. */
  private async measureFirstSync(pulled: DbName[]): Promise<void> {
    this.firstSync = { received: this.firstSync?.received ?? 0, total: null, indexed: null };
    try {
      const counts = await Promise.all(pulled.map((db) => this.remote(db).info().then((i) => i.doc_count)));
      if (this.firstSync) this.firstSync.total = counts.reduce((a, b) => a + b, 0);
      this.emit();
    } catch {
      // Offline at first launch: progress is shown without a total.
    }
  }

  /**
   * The device is back on the network: replications waiting out their back-off (up to a
   * minute) start again now, so the adviser sees the queue of changes leave at once.
   */
  reconnect(): void {
    if (this.stopped || !this.live) return;
    for (const [db, rep] of this.reps) {
      const local = this.locals[db];
      const direction = this.plan[db];
      if (this.perDb[db] !== 'offline' || !local || !direction) continue;
      rep.forEach((r) => r.cancel());
      this.perDb[db] = 'starting';
      this.reps.set(db, this.replicate(db, local, direction));
    }
    this.emit();
  }

  /** Cancels every replication and waits for them to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    const done = [...this.reps.values()].flat().map(
      (r) => new Promise<void>((resolve) => {
        r.on('complete', () => resolve());
        r.on('error', () => resolve());
        r.cancel();
        setTimeout(resolve, 2000);
      })
    );
    this.reps.clear();
    await Promise.all(done);
    for (const db of Object.keys(this.perDb) as DbName[]) this.perDb[db] = 'stopped';
    this.emit();
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.snapshot());
    return () => this.listeners.delete(fn);
  }

  snapshot(): SyncSnapshot {
    const state = worstOf(Object.values(this.perDb)) ?? 'starting';
    return {
      state,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      perDb: { ...this.perDb },
      firstSync: this.firstSync && { ...this.firstSync }
    };
  }

  /**
   * One replication per direction, never PouchDB's `sync()`: a two-way sync reports `paused`
   * without the error when one direction fails while the other is idle (sync.js drops it), so
   * a push backing off after a cut connection read as "up to date" with writes unsent.
   */
  private replicate(db: DbName, local: LocalDb, direction: Direction): Replication[] {
    const legs: ('push' | 'pull')[] = direction === 'both' ? ['push', 'pull'] : [direction];
    return legs.map((leg) => this.replicateLeg(db, local, leg));
  }

  private replicateLeg(db: DbName, local: LocalDb, leg: 'push' | 'pull'): Replication {
    const remote = withQuietInfo(this.remote(db));
    const opts = {
      live: true,
      retry: true,
      back_off_function: this.opts.backOff ?? backoff,
      batch_size: this.opts.batchSize ?? 500
    };
    const rep = (leg === 'push' ? local.replicate.to(remote, opts) : local.replicate.from(remote, opts)) as unknown as Replication;
    const legs = (this.legs[db] ??= {});
    legs[leg] = 'starting';

    rep.on('active', () => this.set(db, 'syncing', leg));
    rep.on('paused', (err?: unknown) => {
      if (err) return this.failed(db, err, leg);
      this.set(db, 'up-to-date', leg);
      // The server answers again: a quiet database waiting out a long back-off (it never went
      // active, so PouchDB never reset it) would show the server unreachable for up to a minute.
      if (Object.values(this.perDb).includes('offline')) this.reconnect();
      if (leg === 'push') void this.reconcile(db);
      void this.markSynced();
    });
    rep.on('change', (info: unknown) => {
      const docs = (info as { docs?: PouchDB.Core.ExistingDocument<object>[] }).docs;
      if (!docs?.length) return;
      if (leg === 'push') void this.acknowledge(db, docs);
      else if (this.firstSync) {
        this.firstSync.received += docs.length;
        this.emit();
      }
    });
    rep.on('denied', (err: unknown) => void this.denied(db, err));
    rep.on('error', (err: unknown) => this.failed(db, err, leg));
    return rep;
  }

  private failed(db: DbName, err: unknown, leg: 'push' | 'pull'): void {
    if (this.stopped) return;
    const e = err as { status?: number; message?: string; reason?: string; name?: string };
    this.lastErrorIsRefusal = false;
    this.lastError = `${db}: ${e?.status ?? ''} ${e?.name ?? ''} ${e?.reason ?? e?.message ?? String(err)}`.trim();
    // The server's per-device bound (429): not an outage; PouchDB retries after the back-off.
    if (e?.status === 429) {
      this.set(db, 'syncing', leg);
      return;
    }
    if (e?.status === 401 || e?.status === 403) {
      this.set(db, 'unauthorized', leg);
      this.opts.onUnauthorized?.();
    } else {
      this.set(db, 'offline', leg);
    }
  }

  /** The server took these revisions: they are no longer pending. */
  private async acknowledge(db: DbName, docs: { _id: string; _rev: string }[]): Promise<void> {
    await this.rm.transaction('rw', this.rm.pending, async () => {
      for (const d of docs) {
        const row = await this.rm.pending.get(`${db}/${d._id}`);
        if (row && revGen(d._rev) >= revGen(row.rev)) await this.rm.pending.delete(row.key);
      }
    });
    // Subscribers that act once nothing is pending (the kiosk emptying its inbox) look again.
    this.emit();
  }

  /**
   * When a push has caught up, asks the server which pending revisions it lacks: a write the
   * server stored just before it died never comes back as a push event (the next round's
   * revs_diff skips it), and would otherwise stay "pending" forever.
   */
  private async reconcile(db: DbName): Promise<void> {
    try {
      const rows = (await this.rm.pending.where('db').equals(db).toArray()).filter((r) => !r.denied);
      if (rows.length === 0) return;
      const missing = (await this.remote(db).revsDiff(Object.fromEntries(rows.map((r) => [r.docId, [r.rev]])))) as Record<string, { missing?: string[] }>;
      const taken = rows.filter((r) => !missing[r.docId]?.missing?.includes(r.rev));
      if (taken.length === 0) return;
      await this.rm.transaction('rw', this.rm.pending, async () => {
        for (const r of taken) {
          const current = await this.rm.pending.get(r.key);
          if (current && current.rev === r.rev) await this.rm.pending.delete(r.key);
        }
      });
      this.emit();
    } catch (err) {
      // Offline again: the next catch-up tries again.
      console.warn(`[sync:${db}] could not reconcile pending writes`, err);
    }
  }

  /** The server refused a write (validate_doc_update): keep it, flagged, for the adviser to see. */
  private async denied(db: DbName, err: unknown): Promise<void> {
    // A two-way sync wraps the refusal as `{ direction, doc }`; a one-way replication does not.
    const raw = err as { direction?: string; doc?: unknown };
    const e = (raw?.direction && raw.doc ? raw.doc : err) as { id?: string; reason?: string; message?: string };
    const reason = e.reason ?? e.message ?? 'forbidden';
    console.error(`[sync:${db}] server refused ${e.id ?? '?'}: ${reason}`);
    this.lastError = `${db}: refused ${e.id ?? '?'}: ${reason}`;
    this.lastErrorIsRefusal = true;
    if (e.id) await this.rm.pending.update(`${db}/${e.id}`, { denied: reason });
    this.emit();
  }

  private async markSynced(): Promise<void> {
    if (Object.values(this.perDb).some((s) => s !== 'up-to-date')) return;
    this.lastSyncAt = new Date().toISOString();
    if (!this.lastErrorIsRefusal) this.lastError = null;
    this.firstSync = null;
    await this.rm.syncState.put({ key: LAST_SYNC_KEY, value: this.lastSyncAt });
    this.emit();
  }

  /** A database is as far behind as its worse direction. */
  private set(db: DbName, state: SyncState, leg: 'push' | 'pull'): void {
    if (this.stopped && state !== 'stopped') return;
    const legs = (this.legs[db] ??= {});
    legs[leg] = state;
    this.perDb[db] = worstOf(Object.values(legs)) ?? state;
    this.emit();
  }

  private emit(): void {
    const s = this.snapshot();
    for (const fn of this.listeners) fn(s);
  }
}
