import { badRequest } from '../errors';
import type { CouchPath } from '../couch/request-path';

const REV = /^[1-9]\d{0,9}-[0-9a-zA-Z]{1,64}$/;
const BOOL = new Set(['true', 'false']);
const BOOLEAN_PARAMS = [
  'include_docs', 'conflicts', 'attachments', 'descending', 'update_seq', 'inclusive_end', 'revs', 'revs_info', 'latest',
  'local_seq', 'meta', 'deleted_conflicts', 'att_encoding_info', 'reduce', 'group', 'return_docs', 'binary', 'sorted', 'new_edits'
];
const INTEGER_PARAMS = ['limit', 'skip', 'timeout', 'seq_interval', 'batch_size', 'group_level'];
const JSON_PARAMS = ['key', 'startkey', 'endkey', 'start_key', 'end_key', 'keys', 'atts_since', 'doc_ids'];
const CHOICES: Record<string, string[]> = {
  style: ['main_only', 'all_docs'],
  feed: ['normal', 'longpoll', 'continuous', 'eventsource'],
  stale: ['ok', 'update_after'],
  update: ['true', 'false', 'lazy'],
  // Only the id filter: view and design-document filters run code paths in express-pouchdb
  // that reject outside any route (an unhandled rejection ends a Node process).
  filter: ['_doc_ids']
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRevList = (v: unknown) => Array.isArray(v) && v.every((r) => typeof r === 'string' && REV.test(r));

function parseJson(name: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(`query parameter ${name} must be JSON`);
  }
}

/**
 * Checks the query string of a database request: each parameter the replication protocol
 * knows must have a value of its type. express-pouchdb passes them on unchecked, and some
 * malformed ones (`open_revs=x`, `filter=_view&view=x`) fail deep inside PouchDB, as a 500 or
 * as an unhandled rejection. Unknown parameters are ignored by the engines and pass.
 */
export function checkQuery(query: URLSearchParams): void {
  for (const [name, value] of query) {
    if (BOOLEAN_PARAMS.includes(name) && !BOOL.has(value)) throw badRequest(`query parameter ${name} must be true or false`);
    if (INTEGER_PARAMS.includes(name) && !/^\d{1,9}$/.test(value)) throw badRequest(`query parameter ${name} must be a non-negative integer`);
    if (name === 'heartbeat' && value !== 'true' && !/^\d{1,9}$/.test(value)) throw badRequest('query parameter heartbeat must be true or milliseconds');
    if (CHOICES[name] && !CHOICES[name].includes(value)) throw badRequest(`query parameter ${name} must be one of ${CHOICES[name].join(', ')}`);
    if (name === 'view') throw badRequest('query parameter view is not accepted (only filter=_doc_ids)');
    if (name === 'rev' && !REV.test(value)) throw badRequest('query parameter rev must look like <generation>-<id>');
    if (name === 'since' && value.length > 2000) throw badRequest('query parameter since is too long');
    if (name === 'open_revs' && value !== 'all' && !isRevList(parseJson(name, value))) throw badRequest('query parameter open_revs must be all or a JSON list of revisions');
    if (JSON_PARAMS.includes(name)) {
      const parsed = parseJson(name, value);
      if (name === 'atts_since' && !isRevList(parsed)) throw badRequest('query parameter atts_since must be a JSON list of revisions');
      if ((name === 'keys' || name === 'doc_ids') && !Array.isArray(parsed)) throw badRequest(`query parameter ${name} must be a JSON array`);
      if (name === 'doc_ids' && !(parsed as unknown[]).every((id) => typeof id === 'string')) throw badRequest('query parameter doc_ids must list document ids');
    }
  }
}

/** Checks the body of the replication protocol's POST reads. */
export function checkReadBody(method: string, p: CouchPath, body: unknown): void {
  if (method !== 'POST' || p.rest.length !== 1) return;
  const route = p.rest[0];
  if (route === '_bulk_get') {
    const docs = isObject(body) ? body.docs : undefined;
    if (!Array.isArray(docs)) throw badRequest('_bulk_get needs a docs array');
    docs.forEach((d, i) => {
      if (!isObject(d) || typeof d.id !== 'string' || !d.id) throw badRequest(`docs[${i}] needs an id`);
      if (d.rev !== undefined && (typeof d.rev !== 'string' || !REV.test(d.rev))) throw badRequest(`docs[${i}].rev must be a revision`);
      if (d.atts_since !== undefined && !isRevList(d.atts_since)) throw badRequest(`docs[${i}].atts_since must list revisions`);
    });
  }
  if (route === '_revs_diff') {
    if (!isObject(body) || !Object.values(body).every((revs) => Array.isArray(revs) && revs.every((r) => typeof r === 'string'))) {
      throw badRequest('_revs_diff needs an object of document ids to lists of revisions');
    }
  }
  if (route === '_all_docs' && isObject(body) && body.keys !== undefined && !Array.isArray(body.keys)) throw badRequest('keys must be an array');
  if (route === '_changes' && isObject(body) && body.doc_ids !== undefined && !(Array.isArray(body.doc_ids) && body.doc_ids.every((id) => typeof id === 'string'))) {
    throw badRequest('doc_ids must list document ids');
  }
}
