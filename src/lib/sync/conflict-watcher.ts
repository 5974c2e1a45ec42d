import type { DbName } from '$lib/domain/common';
import type { LocalStore } from '$lib/db/store';
import { resolveConflicts } from './conflicts';

/**
 * Watches a database for documents with conflicting revisions and resolves them as they
 * appear (after replication brought the other branch). Resolution is serialised so that one
 * document is never resolved twice at once on this device.
 */
export class ConflictWatcher {
  private feed: PouchDB.Core.Changes<Record<string, unknown>> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: LocalStore,
    private readonly db: DbName,
    private readonly deviceName: string
  ) {}

  /**
   * Resolves the conflicts already known to the read model, then follows new changes only:
   * re-reading the whole feed with documents at every start would double a first sync.
   */
  start(): void {
    this.feed = this.store.dbs[this.db].changes({ since: 'now', live: true, include_docs: true, conflicts: true });
    void this.feed.on('change', (change) => {
      const conflicts = (change.doc as { _conflicts?: string[] } | undefined)?._conflicts;
      if (conflicts?.length) this.resolve(change.id);
    });
    this.queue = this.queue
      .then(() => this.knownConflicts())
      .then((ids) => ids.forEach((id) => this.resolve(id)))
      .catch((err) => console.error(`[conflicts:${this.db}] could not list known conflicts`, err));
  }

  private resolve(id: string): void {
    this.queue = this.queue
      .then(() => resolveConflicts(this.store, this.db, id, this.deviceName))
      .catch((err) => console.error(`[conflicts:${this.db}] could not resolve ${id}`, err));
  }

  private async knownConflicts(): Promise<string[]> {
    const rm = this.store.rm;
    const tables = this.db === 'accueil' ? [rm.visits] : this.db === 'planning' ? [rm.rooms, rm.meetings] : [];
    const rows = await Promise.all(tables.map((t) => t.filter((r) => r.conflicted === 1).primaryKeys()));
    return rows.flat();
  }

  async stop(): Promise<void> {
    this.feed?.cancel();
    this.feed = null;
    await this.queue;
  }

  /** Waits for the resolutions started so far. */
  async idle(): Promise<void> {
    await this.queue;
  }
}
