import { badRequest } from '../errors';

/** A CouchDB request path, decoded: `/db/_design/x/_view/y` → db 'db', rest ['_design','x','_view','y']. */
export interface CouchPath {
  /** '' for the server root, '_all_dbs' and the like for server endpoints, else the database name. */
  db: string;
  /** The decoded segments after the database. */
  rest: string[];
  /** The document path after the database, segments joined with '/' (so `_local%2Fx` and `_local/x` agree). */
  docPath: string;
}

/** Splits and decodes a raw request path; a malformed escape is a 400. */
export function parseCouchPath(rawPath: string): CouchPath {
  let segments: string[];
  try {
    segments = rawPath.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest('malformed percent-encoding in the path');
  }
  const [db = '', ...rest] = segments;
  return { db, rest, docPath: rest.join('/') };
}

/** True for a standalone attachment path (`/db/doc/att`, `/db/_design/x/att`), which streams its body. */
export function isAttachmentPath(p: CouchPath): boolean {
  if (!p.db || p.db.startsWith('_') || p.rest.length < 2) return false;
  const first = p.rest[0] ?? '';
  if (first === '_local') return false;
  if (first === '_design') return p.rest.length >= 3 && !p.rest[2]?.startsWith('_');
  return !first.startsWith('_');
}

/**
 * A replicated document write with its attachments (`PUT /db/doc?new_edits=false` or
 * `/db/_design/x?new_edits=false`), the one request whose `multipart/related` body is read.
 * Only server admins may write replicated revisions with PUT (the door's rules).
 */
export function replicatedDocumentPut(method: string, url: string): boolean {
  if (method !== 'PUT') return false;
  const [path = '', query = ''] = url.split('?');
  if (new URLSearchParams(query).get('new_edits') !== 'false') return false;
  let p: CouchPath;
  try {
    p = parseCouchPath(path);
  } catch {
    return false;
  }
  if (!p.db || p.db.startsWith('_')) return false;
  if (p.rest[0] === '_design') return p.rest.length === 2;
  return p.rest.length === 1 && !p.rest[0]!.startsWith('_');
}
