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

  start(): void {
    this.feed = this.store.dbs[this.db].changes({ since: 0, live: true, include_docs: true, conflicts: true });
    this.feed.on('change', (change) => {
      const conflicts = (change.doc as { _conflicts?: string[] } | undefined)?._conflicts;
      if (!conflicts?.length) return;
      this.queue = this.queue
        .then(() => resolveConflicts(this.store, this.db, change.id, this.deviceName))
        .catch((err) => console.error(`[conflicts:${this.db}] could not resolve ${change.id}`, err));
    });
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
