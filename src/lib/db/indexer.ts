import type { DbName } from '$lib/domain/common';

/**
 * Catches the read model up with one local database somewhere else than the calling thread.
 * Resolves when that database's changes up to now are indexed, or when the indexer was closed
 * (the caller checks whether it is stopping); rejects when the indexer failed (the caller
 * indexes in-process instead: same projector, same checkpoints).
 */
export interface Indexer {
  catchUp(db: DbName, onProgress?: (done: number) => void): Promise<void>;
  /** Ends the indexer; a batch it was writing is not committed, and its checkpoint says so. */
  close(): void;
}

/** What the page sends the indexer worker. */
export interface IndexRequest {
  id: number;
  db: DbName;
  /** The local PouchDB database's name (localName(db)). */
  name: string;
}

/** What the worker answers: progress (cumulative documents), then the end of the request. */
export type IndexReply = { id: number; done: number } | { id: number; end: 'ok' } | { id: number; end: 'error'; message: string };
