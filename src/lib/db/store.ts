import type { DbName } from '$lib/domain/common';
import { parseDocument } from '$lib/domain/documents';
import { DeviceClosedError, InvalidDocumentError, isQuotaError, storageError } from './errors';
import type { LocalDb } from './pouch';
import type { ReadModel } from './read-model';

export type Databases = Record<DbName, LocalDb>;

/**
 * The one write path to replicated data. A document is validated against its type's schema,
 * written to PouchDB (durable in IndexedDB when `put` resolves), and recorded as pending
 * until the sync engine sees the server take it. Only then may the UI say "done".
 */
export class LocalStore {
  private closed = false;

  constructor(
    readonly dbs: Databases,
    readonly rm: ReadModel
  ) {}

  /** Refuses every later write: the device was revoked, and what it wrote would never sync. */
  close(): void {
    this.closed = true;
  }

  /** Validates and writes one document; returns its new revision. */
  async put(db: DbName, doc: { _id: string } & Record<string, unknown>): Promise<string> {
    if (this.closed) throw new DeviceClosedError(doc._id);
    const parsed = parseDocument(db, doc);
    if (!parsed.ok) throw new InvalidDocumentError(doc._id, parsed.reason);
    let rev: string;
    try {
      rev = (await this.dbs[db].put(parsed.doc)).rev;
    } catch (err) {
      throw storageError(err, doc._id);
    }
    await this.markPending(db, doc._id, rev);
    return rev;
  }

  /**
   * Writes several documents of one database at once (conflict resolution, imports), all or
   * nothing validated. Returns the ids PouchDB refused (a revision conflict, typically).
   */
  async bulk(db: DbName, docs: ({ _id: string } & Record<string, unknown>)[]): Promise<{ id: string; error: string }[]> {
    if (this.closed) throw new DeviceClosedError(docs[0]?._id ?? '(bulk)');
    const checked = docs.map((d) => {
      const parsed = parseDocument(db, d);
      if (!parsed.ok) throw new InvalidDocumentError(d._id, parsed.reason);
      return parsed.doc;
    });
    let results;
    try {
      results = await this.dbs[db].bulkDocs(checked);
    } catch (err) {
      throw storageError(err, checked[0]?._id ?? '(bulk)');
    }
    const refused: { id: string; error: string }[] = [];
    const at = new Date().toISOString();
    const pending = [];
    for (const [i, r] of results.entries()) {
      if ('ok' in r && r.ok && r.id && r.rev) pending.push({ key: `${db}/${r.id}`, db, docId: r.id, rev: r.rev, at });
      else refused.push({ id: r.id ?? checked[i]?._id ?? '', error: 'error' in r ? String(r.error) : 'unknown' });
    }
    await this.rm.pending.bulkPut(pending);
    return refused;
  }

  /** Reads the current revision of a document, or null. */
  async get<T>(db: DbName, id: string): Promise<(T & { _id: string; _rev: string }) | null> {
    try {
      return (await this.dbs[db].get(id)) as unknown as T & { _id: string; _rev: string };
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  }

  /**
   * The bytes of an attachment, or null when the document or the attachment is missing.
   * PouchDB gives a Blob in the browser and a Buffer in Node: both end as a Uint8Array.
   */
  async attachment(db: DbName, id: string, name: string): Promise<Uint8Array | null> {
    try {
      const data = (await this.dbs[db].getAttachment(id, name)) as Blob | Uint8Array;
      // Duck-typed: a Buffer from another realm (jsdom tests) fails `instanceof Uint8Array`.
      return 'arrayBuffer' in data && typeof data.arrayBuffer === 'function' ? new Uint8Array(await data.arrayBuffer()) : new Uint8Array(data as Uint8Array);
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  }

  /**
   * Once PouchDB holds the document it is durable and replication will send it: a full disk
   * refusing only the pending row must not make the adviser type it again (a second visit).
   */
  private async markPending(db: DbName, docId: string, rev: string): Promise<void> {
    try {
      await this.rm.pending.put({ key: `${db}/${docId}`, db, docId, rev, at: new Date().toISOString() });
    } catch (err) {
      if (!isQuotaError(err)) throw err;
      console.warn(`[store] ${db}/${docId} stored, but its pending row was refused (storage full)`, err);
    }
  }
}
