/// <reference lib="webworker" />
// The first sync's indexer (see indexer-browser.ts): the same Projector as the page's, on the
// same IndexedDB databases, so its batches and checkpoints are the ones the page resumes from.
import PouchDB from 'pouchdb-browser';
import type { DbName } from '$lib/domain/common';
import type { IndexReply, IndexRequest } from './indexer';
import type { LocalDb } from './pouch';
import { Projector } from './projector';
import { ReadModel } from './read-model';

const rm = new ReadModel();
const locals = new Map<string, LocalDb>();
const local = (name: string): LocalDb => {
  let db = locals.get(name);
  if (!db) locals.set(name, (db = new PouchDB(name) as LocalDb));
  return db;
};
const reply = (r: IndexReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(r);

// Requests are handled one after another, as the page's catch-ups were.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<IndexRequest>) => {
  const { id, db, name } = e.data;
  queue = queue.then(async () => {
    try {
      await new Projector(local(name), db as DbName, rm).catchUp((done) => reply({ id, done }));
      reply({ id, end: 'ok' });
    } catch (err) {
      console.warn(`[indexer] ${db}: indexing failed`, err);
      reply({ id, end: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  });
};
