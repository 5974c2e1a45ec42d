import type { DbName } from '$lib/domain/common';
import { localName } from './pouch';
import type { Indexer, IndexReply, IndexRequest } from './indexer';

/**
 * A first sync's indexing in a dedicated worker: reading the local copies back, validating and
 * writing the read model's rows (IndexedDB serialises each value on the calling thread) then
 * runs on the tablet's other core while the page's thread receives the pull. Measured in
 * bench (b). Null where workers are unavailable: the runtime indexes in-process.
 */
export function workerIndexer(): Indexer | null {
  if (typeof Worker === 'undefined') return null;
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void; onProgress?: (done: number) => void }>();
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const open = (): Worker => {
    if (worker) return worker;
    const w = new Worker(new URL('./indexer.worker.ts', import.meta.url), { type: 'module', name: 'accueil-indexer' });
    w.onmessage = (e: MessageEvent<IndexReply>) => {
      const reply = e.data;
      const p = pending.get(reply.id);
      if (!p) return;
      if ('done' in reply) p.onProgress?.(reply.done);
      else {
        pending.delete(reply.id);
        if (reply.end === 'ok') p.resolve();
        else p.reject(new Error(reply.message));
      }
    };
    // A worker that cannot load (or crashes) fails what it was asked; the runtime falls back.
    w.onerror = (e) => {
      e.preventDefault();
      console.warn('[indexer] worker failed', e.message);
      failAll(new Error(`indexer worker: ${e.message || 'failed to load'}`));
      w.terminate();
      worker = null;
    };
    worker = w;
    return w;
  };
  return {
    catchUp(db: DbName, onProgress?: (done: number) => void): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, onProgress });
        const request: IndexRequest = { id, db, name: localName(db) };
        open().postMessage(request);
      });
    },
    close(): void {
      worker?.terminate();
      worker = null;
      // Closed on purpose: the callers see the runtime stopping, not an error.
      for (const p of pending.values()) p.resolve();
      pending.clear();
    }
  };
}
