import type { DbName } from '$lib/domain/common';
import { parseDocument } from '$lib/domain/documents';
import type { LocalDb } from './pouch';
import { projectDoc, type Projection } from './projection';
import type { QuarantineRow, ReadModel } from './read-model';

type Change = PouchDB.Core.ChangesResponseChange<Record<string, unknown>>;

/**
 * Changes per catch-up batch, each written in one transaction: large, because a first sync
 * catches up on everything at once, and every transaction and checkpoint costs.
 */
export const CATCH_UP_BATCH = 2000;

export interface ProjectorOptions {
  /** Told of a replicated document the schemas refused (it is kept aside, not projected). */
  onQuarantine?: (docId: string, reason: string) => void;
  /** Told the ids of a batch's deleted documents once their rows are gone from the read model. */
  onDeleted?: (docIds: string[]) => void;
  /** Changes per catch-up batch (tests make it small). */
  batch?: number;
}

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
  private readonly batch: number;

  constructor(
    private readonly pouch: LocalDb,
    readonly db: DbName,
    private readonly rm: ReadModel,
    private readonly o: ProjectorOptions = {}
  ) {
    this.batch = o.batch ?? CATCH_UP_BATCH;
  }

  /**
   * Applies every change up to now, in batches; resolves when the read model is current, or
   * after the batch during which `halted` turned true (the device is stopping).
   */
  async catchUp(onProgress?: (done: number) => void, halted: () => boolean = () => false): Promise<void> {
    let done = 0;
    for (;;) {
      if (halted()) return;
      const since = await this.checkpoint();
      const res = await this.pouch.changes({ since, limit: this.batch, include_docs: true, conflicts: true });
      if (res.results.length === 0) return;
      await this.apply(res.results, res.last_seq);
      done += res.results.length;
      onProgress?.(done);
      if (res.results.length < this.batch) return;
    }
  }

  /**
   * Tries the quarantined documents again: a newer version of the app may know a type an
   * older one refused (adviser documents replicated before the app update), and the feed
   * will not bring them back by itself since the checkpoint is past them.
   */
  async retryQuarantine(): Promise<void> {
    const rows = await this.rm.quarantine.where('db').equals(this.db).toArray();
    if (rows.length === 0) return;
    const res = await this.pouch.allDocs({ keys: rows.map((r) => r.docId), include_docs: true, conflicts: true });
    const changes = res.rows.flatMap((row): Change[] => {
      if (!('doc' in row) || !row.doc) return [];
      return [{ id: row.id, seq: 0, changes: [{ rev: row.value.rev }], doc: row.doc as Change['doc'] }];
    });
    if (changes.length) await this.apply(changes, await this.checkpoint());
  }

  /** Catches up, then keeps following the feed until `stop()`. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.retryQuarantine();
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
    const outcome = this.plan(changes);
    const rejected = [...outcome.values()].filter((o) => o.kind === 'quarantine').map((o) => o.row as QuarantineRow);
    const tables = [...this.rm.tablesOf(this.db), this.rm.checkpoints, this.rm.quarantine];
    await this.rm.transaction('rw', tables, async () => {
      const deleted = [...outcome].filter(([, o]) => o.kind === 'delete').map(([id]) => id);
      for (const t of this.rm.tablesOf(this.db)) if (deleted.length) await t.bulkDelete(deleted);
      const byTable = new Map<Projection['table'], Projection['row'][]>();
      for (const o of outcome.values()) {
        if (o.kind !== 'put') continue;
        const rows = byTable.get(o.table);
        if (rows) rows.push(o.row);
        else byTable.set(o.table, [o.row]);
      }
      for (const [table, rows] of byTable) await table.bulkPut(rows);
      // The quarantine is small: look up which of its rows this batch clears, rather than a
      // delete per document of the batch.
      const quarantined = new Set(await this.rm.quarantine.where('db').equals(this.db).primaryKeys());
      const cleared = quarantined.size ? [...outcome].filter(([id, o]) => o.kind !== 'quarantine' && quarantined.has(`${this.db}/${id}`)).map(([id]) => `${this.db}/${id}`) : [];
      if (cleared.length) await this.rm.quarantine.bulkDelete(cleared);
      if (rejected.length) await this.rm.quarantine.bulkPut(rejected);
      await this.rm.checkpoints.put({ db: this.db, seq: lastSeq });
    });
    const deleted = [...outcome].filter(([, o]) => o.kind === 'delete').map(([id]) => id);
    if (deleted.length) this.o.onDeleted?.(deleted);
    for (const r of rejected) {
      console.warn(`[projector:${this.db}] quarantined ${r.docId}: ${r.reason}`);
      this.o.onQuarantine?.(r.docId, r.reason);
    }
  }

  /**
   * What a batch does to the read model, per document id: the last change of a document in
   * the batch wins, so the batch can be written with bulk operations in one transaction.
   */
  private plan(changes: Change[]): Map<string, Outcome> {
    const outcome = new Map<string, Outcome>();
    for (const change of changes) {
      if (change.id.startsWith('_design/')) continue;
      if (change.deleted || !change.doc) {
        outcome.set(change.id, { kind: 'delete' });
        continue;
      }
      const parsed = parseDocument(this.db, change.doc);
      if (!parsed.ok) {
        // Quarantined: the last valid projection (if any) stays, the adviser is told.
        const row: QuarantineRow = {
          key: `${this.db}/${change.id}`,
          db: this.db,
          docId: change.id,
          rev: String(change.doc._rev ?? ''),
          reason: parsed.reason,
          at: new Date().toISOString()
        };
        outcome.set(change.id, { kind: 'quarantine', row });
        continue;
      }
      const conflicts = change.doc._conflicts as string[] | undefined;
      const projection = projectDoc(this.rm, this.db, { ...parsed.doc, _rev: String(change.doc._rev), _conflicts: conflicts });
      outcome.set(change.id, projection ? { kind: 'put', ...projection } : { kind: 'ignore' });
    }
    return outcome;
  }
}

type Outcome =
  | ({ kind: 'put' } & Projection)
  | { kind: 'delete' }
  | { kind: 'ignore' }
  | { kind: 'quarantine'; row: QuarantineRow };
