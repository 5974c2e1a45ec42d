import type { DbName } from '$lib/domain/common';
import { parseDocument } from '$lib/domain/documents';
import type { LocalDb } from './pouch';
import { projectDoc, unprojectDoc } from './projection';
import type { ReadModel } from './read-model';

type Change = PouchDB.Core.ChangesResponseChange<Record<string, unknown>>;

const BATCH = 500;

/**
 * Follows one PouchDB's changes feed into the Dexie read model.
 *
 * Each batch of changes and the checkpoint after it are written in one Dexie transaction,
 * so a crash replays at most the batch that was not committed, and replaying is harmless
 * because every write is an upsert or delete by id (idempotent). A rebuild clears the
 * tables of this database and the checkpoint, then replays from the start.
 */
export class Projector {
  private live: PouchDB.Core.Changes<Record<string, unknown>> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private buffer: Change[] = [];
  private stopped = false;

  constructor(
    private readonly pouch: LocalDb,
    private readonly db: DbName,
    private readonly rm: ReadModel,
    private readonly onQuarantine: (docId: string, reason: string) => void = () => {}
  ) {}

  /** Applies every change up to now, in batches; resolves when the read model is current. */
  async catchUp(onProgress?: (done: number) => void): Promise<void> {
    let done = 0;
    for (;;) {
      const since = await this.checkpoint();
      const res = await this.pouch.changes({ since, limit: BATCH, include_docs: true, conflicts: true });
      if (res.results.length === 0) return;
      await this.apply(res.results, res.last_seq);
      done += res.results.length;
      onProgress?.(done);
      if (res.results.length < BATCH) return;
    }
  }

  /** Catches up, then keeps following the feed until `stop()`. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.catchUp();
    if (this.stopped) return;
    const since = await this.checkpoint();
    this.live = this.pouch.changes({ since, live: true, include_docs: true, conflicts: true });
    // `void`: PouchDB's feed is an event emitter that is also a promise; we follow its events.
    void this.live.on('change', (change) => {
      // Changes arriving together (a replication batch) are applied in one transaction;
      // batches are applied strictly in order, each after the previous one committed.
      this.buffer.push(change);
      if (this.buffer.length === 1) {
        this.queue = this.queue
          .then(() => new Promise((r) => setTimeout(r, 0)))
          .then(() => {
            const batch = this.buffer.splice(0);
            return this.apply(batch, batch[batch.length - 1]!.seq);
          })
          .catch((err) => console.error(`[projector:${this.db}] failed to apply a batch`, err));
      }
    });
    void this.live.on('error', (err) => console.error(`[projector:${this.db}] changes feed error`, err));
  }

  /** Stops following the feed; pending batches still complete. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.live?.cancel();
    this.live = null;
    await this.queue;
  }

  /** Waits until every change seen so far is in the read model. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** Clears this database's tables and checkpoint, then replays the whole feed. */
  async rebuild(onProgress?: (done: number) => void): Promise<void> {
    const wasLive = this.live !== null;
    await this.stop();
    await this.rm.transaction('rw', [...this.rm.tablesOf(this.db), this.rm.checkpoints, this.rm.quarantine], async () => {
      for (const t of this.rm.tablesOf(this.db)) {
        if (t === this.rm.conflicts) await t.where('db').equals(this.db).delete();
        else await t.clear();
      }
      await this.rm.quarantine.where('db').equals(this.db).delete();
      await this.rm.checkpoints.delete(this.db);
    });
    await this.catchUp(onProgress);
    if (wasLive) await this.start();
  }

  private async checkpoint(): Promise<string | number> {
    return (await this.rm.checkpoints.get(this.db))?.seq ?? 0;
  }

  private async apply(changes: Change[], lastSeq: string | number): Promise<void> {
    const rejected: { id: string; reason: string }[] = [];
    const tables = [...this.rm.tablesOf(this.db), this.rm.checkpoints, this.rm.quarantine];
    await this.rm.transaction('rw', tables, async () => {
      for (const change of changes) {
        const key = `${this.db}/${change.id}`;
        if (change.id.startsWith('_design/')) continue;
        if (change.deleted || !change.doc) {
          await unprojectDoc(this.rm, this.db, change.id);
          await this.rm.quarantine.delete(key);
          continue;
        }
        const parsed = parseDocument(this.db, change.doc);
        if (!parsed.ok) {
          // Quarantined: the last valid projection (if any) stays, the adviser is told.
          await this.rm.quarantine.put({
            key,
            db: this.db,
            docId: change.id,
            rev: String(change.doc._rev ?? ''),
            reason: parsed.reason,
            at: new Date().toISOString()
          });
          rejected.push({ id: change.id, reason: parsed.reason });
          continue;
        }
        const conflicts = change.doc._conflicts as string[] | undefined;
        await projectDoc(this.rm, this.db, { ...parsed.doc, _rev: String(change.doc._rev), _conflicts: conflicts });
        await this.rm.quarantine.delete(key);
      }
      await this.rm.checkpoints.put({ db: this.db, seq: lastSeq });
    });
    for (const r of rejected) {
      console.warn(`[projector:${this.db}] quarantined ${r.id}: ${r.reason}`);
      this.onQuarantine(r.id, r.reason);
    }
  }
}
