import type { DbName } from '$lib/domain/common';
import type { LocalDb, PouchFactory, RemoteFactory } from '$lib/db/pouch';
import { localName } from '$lib/db/pouch';
import type { Indexer } from '$lib/db/indexer';
import { Projector } from '$lib/db/projector';
import type { EnrolmentRow, ReadModel } from '$lib/db/read-model';
import { LocalStore, type Databases } from '$lib/db/store';
import { ConflictWatcher } from '$lib/sync/conflict-watcher';
import { SyncEngine, hasSyncedBefore } from '$lib/sync/engine';
import { SYNC_PLAN, databasesFor } from '$lib/sync/plan';
import { holdsPersonalData } from '$lib/domain/retention';

export interface RuntimeDeps {
  enrolment: EnrolmentRow;
  rm: ReadModel;
  pouch: PouchFactory;
  remote: RemoteFactory;
  onUnauthorized?: () => void;
  batchSize?: number;
  /** The live replications' back-off; default src/lib/sync/backoff.ts (fault tests shorten it). */
  backOff?: (previousMs: number) => number;
  /**
   * Where a first sync's indexing runs (a worker in the browser); without one, or when it
   * fails, the runtime's own projectors do it.
   */
  indexer?: () => Indexer | null;
}

/** At most one compaction of the local databases per hour. */
const COMPACTION_INTERVAL_MS = 3600_000;

/** Databases the read model follows (the kiosk's inbox is pushed and never read). */
const PROJECTED: DbName[] = ['accueil', 'planning', 'referentiel'];
/** Databases where this device may resolve conflicts (it writes there). */
const RESOLVED: DbName[] = ['accueil', 'planning'];

/**
 * Everything a running device needs, wired once: local databases for its role, the store
 * (the write path), projectors into the read model, live sync and conflict resolution.
 */
export class Runtime {
  readonly store: LocalStore;
  private projectors: Projector[] = [];
  private watchers: ConflictWatcher[] = [];
  readonly engine: SyncEngine;
  private unsubscribe: () => void = () => {};
  private compacting = false;
  private forgetting = false;
  private lastCompaction = Date.now(); // not right after start: first sync just wrote a lot and the adviser is working
  private following: Promise<void> | null = null;
  /** Catch-ups run while a first pull goes on, one at a time; `follow` waits for them. */
  private indexing: Promise<void> = Promise.resolve();
  private indexQueued = false;
  private stopped = false;
  /** The first sync's indexer, until the read model has caught up (then the projectors follow). */
  private indexer: Indexer | null = null;
  private indexerFailed = false;

  private constructor(
    readonly deps: RuntimeDeps,
    readonly dbs: Partial<Record<DbName, LocalDb>>
  ) {
    this.store = new LocalStore(dbs as Databases, deps.rm);
    this.engine = new SyncEngine(dbs, deps.remote, SYNC_PLAN[deps.enrolment.role], deps.rm, {
      onUnauthorized: deps.onUnauthorized,
      batchSize: deps.batchSize,
      backOff: deps.backOff,
      beforeLive: (onIndexed) => this.follow(undefined, onIndexed, true),
      onPulled: () => this.indexMeanwhile()
    });
  }

  /**
   * Opens the role's databases, brings the read model up to date, then starts syncing. A device
   * that never synced skips the first step: its engine pulls first, then calls `follow`, so
   * nothing reads the local copies while the first pull writes them.
   */
  static async start(deps: RuntimeDeps, onProgress?: (db: DbName, done: number) => void): Promise<Runtime> {
    const dbs: Partial<Record<DbName, LocalDb>> = {};
    for (const db of databasesFor(deps.enrolment.role)) dbs[db] = deps.pouch(localName(db));
    const rt = new Runtime(deps, dbs);
    for (const db of PROJECTED) {
      const local = dbs[db];
      if (!local) continue;
      rt.projectors.push(
        new Projector(local, db, deps.rm, {
          // A purge's deletions: the bodies go from the local copy now, not at the next idle hour.
          onDeleted: (ids) => {
            if (ids.some(holdsPersonalData)) rt.compactSoon(db);
          }
        })
      );
    }
    if (await hasSyncedBefore(deps.rm)) await rt.follow(onProgress);
    await rt.engine.start();
    const role = deps.enrolment.role;
    rt.unsubscribe = rt.engine.subscribe((s) => {
      if (s.state !== 'up-to-date') return;
      if (role === 'kiosk') void rt.forgetKioskInbox();
      else void rt.compactIfDue();
    });
    return rt;
  }

  /**
   * Once: catches the read model up with the local copies (in large batches), then follows
   * their feeds, and starts resolving conflicts (those already known come from the read model).
   */
  private follow(onProgress?: (db: DbName, done: number) => void, onIndexed?: (done: number) => void, firstSync = false): Promise<void> {
    this.following ??= (async () => {
      await this.indexing;
      let before = 0;
      for (const p of this.projectors) {
        let done = 0;
        const progress = (n: number) => {
          done = n;
          onProgress?.(p.db, n);
          onIndexed?.(before + n);
        };
        // A first sync hands its (large) catch-up to the indexer; a reload's is small.
        if (firstSync) await this.catchUpElsewhere(p.db, progress);
        if (this.stopped) return;
        // What the indexer left (nothing, unless it failed) and anything written since.
        const elsewhere = done;
        await p.catchUp((n) => progress(elsewhere + n), () => this.stopped);
        before += done;
        if (this.stopped) return;
        await p.start();
      }
      this.closeIndexer();
      if (this.stopped) return;
      const role = this.deps.enrolment.role;
      if (role === 'desk' || role === 'coordinator') {
        for (const db of RESOLVED) {
          const w = new ConflictWatcher(this.store, db, this.deps.enrolment.name);
          w.start();
          this.watchers.push(w);
        }
      }
    })();
    return this.following;
  }

  /**
   * During a first pull, indexes what has arrived so far, in large batches, so that little is
   * left for `follow` once the pull ends. At most one catch-up runs and one waits.
   */
  private indexMeanwhile(): void {
    if (this.indexQueued || this.following) return;
    this.indexQueued = true;
    this.indexing = this.indexing
      .then(async () => {
        this.indexQueued = false;
        for (const p of this.projectors) {
          if (this.stopped || this.following !== null) return;
          if (!(await this.catchUpElsewhere(p.db))) await p.catchUp(undefined, () => this.stopped || this.following !== null);
        }
      })
      .catch((err) => console.warn('[runtime] indexing during the first pull failed (done after it)', err));
  }

  /**
   * Catches one database up in the first sync's indexer; false when there is none or it
   * failed (the caller's projector does the work, from the same checkpoint).
   */
  private async catchUpElsewhere(db: DbName, onProgress?: (done: number) => void): Promise<boolean> {
    // Stopped: no new worker (stop() has closed the last one and would not close this one).
    if (this.indexerFailed || this.stopped) return false;
    this.indexer ??= this.deps.indexer?.() ?? null;
    if (!this.indexer) return false;
    try {
      await this.indexer.catchUp(db, onProgress);
      return true;
    } catch (err) {
      console.warn(`[runtime] the indexer failed on ${db}; indexing here`, err);
      this.indexerFailed = true;
      this.closeIndexer();
      return false;
    }
  }

  private closeIndexer(): void {
    this.indexer?.close();
    this.indexer = null;
  }

  /**
   * The kiosk keeps nothing personal: once the server has taken every check-in, its local
   * inbox is destroyed and recreated empty (PouchDB's IndexedDB adapter cannot purge single
   * documents, and deleting them would push deletions the kiosk may not make).
   */
  async forgetKioskInbox(): Promise<boolean> {
    const inbox = this.dbs.borne;
    if (!inbox || this.forgetting) return false;
    this.forgetting = true;
    try {
      if ((await this.deps.rm.pending.where('db').equals('borne').count()) > 0) return false;
      // Not info().doc_count: with the IndexedDB adapter it can lag behind a fresh write.
      if ((await inbox.allDocs({ limit: 1 })).rows.length === 0) return false;
      await this.engine.stop();
      await inbox.destroy();
      this.dbs.borne = this.deps.pouch(localName('borne'));
      await this.engine.start();
      return true;
    } finally {
      this.forgetting = false;
    }
  }

  /**
   * Drops the bodies of old revisions once in a while, when sync has caught up (not on every
   * write: auto-compaction doubled the cost of a first sync).
   */
  private async compactIfDue(now = Date.now()): Promise<void> {
    if (this.compacting || now - this.lastCompaction < COMPACTION_INTERVAL_MS) return;
    this.compacting = true;
    try {
      for (const db of Object.values(this.dbs)) await db?.compact();
      this.lastCompaction = now;
    } catch (err) {
      console.warn('[runtime] compaction failed', err);
    } finally {
      this.compacting = false;
    }
  }

  private purgeCompactions = new Map<DbName, Promise<void>>();
  private compactAgain = new Set<DbName>();

  /**
   * A purge (or a deletion) of personal data arrived: compact that copy now, not at the next
   * idle hour, so the deleted bodies leave PouchDB's stores (the read model rows are already
   * gone). Deletions arriving while it runs get one more compaction after it, not one each.
   */
  compactSoon(db: DbName): void {
    if (this.purgeCompactions.has(db)) {
      this.compactAgain.add(db);
      return;
    }
    const local = this.dbs[db];
    if (!local) return;
    const run = (async () => {
      do {
        this.compactAgain.delete(db);
        // A macrotask first: the rest of the replicated batch lands before.
        await new Promise((r) => setTimeout(r, 0));
        try {
          await local.compact();
        } catch (err) {
          console.warn(`[runtime] compaction of ${db} after a purge failed`, err);
        }
      } while (this.compactAgain.has(db));
      this.purgeCompactions.delete(db);
    })();
    this.purgeCompactions.set(db, run);
  }

  /** Waits for the compactions started by purges (tests, and `stop`). */
  async purgesCompacted(): Promise<void> {
    while (this.purgeCompactions.size) await Promise.all(this.purgeCompactions.values());
  }

  /** Rebuilds the whole read model from the local PouchDB copies. */
  async rebuildReadModel(onProgress?: (done: number) => void): Promise<void> {
    for (const p of this.projectors) await p.rebuild(onProgress);
  }

  /** Waits until the read model reflects every local change seen so far. */
  async idle(): Promise<void> {
    for (const p of this.projectors) await p.idle();
    for (const w of this.watchers) await w.idle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.closeIndexer();
    await this.engine.stop();
    // A first sync's indexing ends after its current batch (the next start resumes it).
    await this.following?.catch(() => undefined);
    for (const w of this.watchers) await w.stop();
    for (const p of this.projectors) await p.stop();
    await this.purgesCompacted();
  }

  /** Stops and deletes every local database (device forgotten or re-enrolled). */
  async destroy(): Promise<void> {
    await this.stop();
    await this.deleteDatabases();
  }

  /** Deletes every local database; the runtime must be stopped (a revoked device reads them first). */
  async deleteDatabases(): Promise<void> {
    for (const db of Object.values(this.dbs)) await db?.destroy();
  }
}
