import type { SecurityObject } from 'pouchdb-wrappers';
import type { DbName } from '../../../src/lib/domain/common';
import { deviceRoleOf, isAdmin, type Principal } from '../auth/principal';
import { HttpError, badRequest, forbidden, unauthorized } from '../errors';
import { type CouchPath, isAttachmentPath } from '../couch/request-path';
import { type Doc, checkBulkDocs, checkWrittenDoc } from './written-docs';

export interface AccessRequest {
  method: string;
  path: CouchPath;
  principal: Principal;
  /** The parsed JSON body, when there is one. */
  body: unknown;
  /** The database's `_security`; only asked for the app databases. */
  security: () => Promise<SecurityObject>;
}

/** What the door lets through, with the documents the request writes (checked and normalised). */
export interface Decision {
  /** The body to hand on (tombstones stripped, ids filled from the path). */
  body: unknown;
  /** Documents written, for the per-device write budget. */
  written: Doc[];
  /** A `_local/` document written or read by a device: its owner is checked. */
  localId?: string;
}

const notServerAdmin = () => unauthorized('You are not a server admin.');
const methodNotAllowed = (what: string) => new HttpError(405, 'method_not_allowed', what);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isIn(p: Principal, section: SecurityObject['members']): boolean {
  return !!section && ((section.names ?? []).includes(p.name) || (section.roles ?? []).some((r) => p.roles.includes(r)));
}

/** The database routes a device may read with POST (the replication protocol's), with an object body. */
const POST_READS = new Set(['_all_docs', '_bulk_get', '_revs_diff', '_changes']);

/** What push replication needs, and nothing else: a kiosk must never read the inbox it writes to. */
function kioskMayOnBorne(method: string, p: CouchPath): boolean {
  const doc = p.docPath;
  const read = method === 'GET' || method === 'HEAD';
  if (doc === '') return read || (method === 'POST' && p.rest.length === 0); // db info; POST /borne creates a check-in
  if (doc.startsWith('_local/')) return read || method === 'PUT'; // checkpoints (owner-checked)
  if (method === 'POST') return ['_revs_diff', '_bulk_docs', '_ensure_full_commit'].includes(doc);
  // PUT /borne/<id>: creating a check-in directly; validate_doc_update forbids updates.
  return method === 'PUT' && p.rest.length === 1 && !doc.startsWith('_');
}

/**
 * A local document id a device may use: `_local/<id>`, but never `_local/_security`, where the
 * embedded engine keeps the security object. Other ids may start with `_`: PouchDB's checkpoint
 * ids are base64 with `_` among its letters.
 */
function localIdOf(p: CouchPath): string | undefined {
  if (p.rest[0] !== '_local') return undefined;
  if (p.rest.length !== 2 || !p.rest[1] || p.rest[1] === '_security') throw forbidden(`${p.docPath} is reserved`);
  return p.docPath;
}

/**
 * Checks what a write request carries and returns it normalised. Every route that writes a
 * document goes through here, for admins too: shapes first (400), then reserved ids (403).
 */
function checkWrites(method: string, p: CouchPath, body: unknown, admin: boolean): { body: unknown; written: Doc[] } {
  const doc = p.docPath;
  if (method === 'POST' && doc === '_bulk_docs') {
    const { docs } = checkBulkDocs(body, admin);
    return { body: { ...(body as object), docs }, written: docs };
  }
  if (method === 'POST' && p.rest.length === 0) {
    const written = checkWrittenDoc(body, { admin, replicated: false, where: 'the document' });
    return { body: written, written: [written] };
  }
  if (method === 'PUT' && p.rest.length >= 1 && !isAttachmentPath(p) && p.rest[0] !== '_local' && !doc.startsWith('_design/') && doc !== '_security' && doc !== '_revs_limit') {
    if (doc.startsWith('_')) throw badRequest(`PUT /${p.db}/${doc} is not a document`);
    if (isObject(body) && body._id !== undefined && body._id !== doc) throw badRequest(`the _id in the body (${JSON.stringify(body._id)}) does not match the path (${JSON.stringify(doc)})`);
    const written = checkWrittenDoc(isObject(body) ? { ...body, _id: doc } : body, { admin, replicated: false, where: 'the document' });
    return { body: written, written: [written] };
  }
  if (method === 'PUT' && doc.startsWith('_design/') && p.rest.length === 2) {
    if (!admin) throw forbidden('You are not a db or server admin.');
    if (isObject(body) && body._id !== undefined && body._id !== doc) throw badRequest('the _id in the body does not match the path');
    return { body: isObject(body) ? { ...body, _id: doc } : body, written: [] };
  }
  if (method === 'PUT' && p.rest[0] === '_local') {
    if (!isObject(body)) throw badRequest('a local document must be a JSON object');
    if (body._id !== undefined && body._id !== doc) throw badRequest('the _id in the body does not match the path');
    // Local documents have no history or attachments; CouchDB answers 500 to some of these.
    for (const key of Object.keys(body)) if (key.startsWith('_') && key !== '_id' && key !== '_rev') throw badRequest(`bad special member ${key} in a local document`);
    if (body._rev !== undefined && (typeof body._rev !== 'string' || !/^0-\d{1,12}$/.test(body._rev))) throw badRequest('a local document revision looks like 0-<n>');
    return { body: { ...body, _id: doc }, written: [] };
  }
  if (method === 'DELETE' && p.rest.length === 1 && !doc.startsWith('_')) return { body, written: [{ _id: doc, _deleted: true }] };
  return { body, written: [] };
}

/**
 * Decides whether a non-anonymous request may go on to the engine, and what it may carry.
 * Throws the HttpError to send otherwise. Membership is checked here (the engine checks it
 * again) so that an authenticated non-member gets CouchDB's 403, and a database without
 * members is closed to devices rather than public.
 */
export async function decide(req: AccessRequest, appDbs: readonly DbName[]): Promise<Decision> {
  const { method, path: p, principal } = req;
  const admin = isAdmin(principal);
  if (!['GET', 'HEAD', 'POST', 'PUT', 'DELETE'].includes(method)) throw methodNotAllowed(`${method} is not accepted`);
  // Writing `_local/_security` would rewrite the security object of pouchdb-security, for admins too: it has its own route.
  if (p.docPath === '_local/_security') throw forbidden('_local/_security is reserved: use /{db}/_security');
  const writes = method !== 'GET' && method !== 'HEAD';
  if (writes && p.db && !p.db.startsWith('_') && (method === 'POST' || method === 'PUT') && p.rest.length > 0 && !isAttachmentPath(p)) {
    if (req.body === undefined && method === 'POST' && ['_ensure_full_commit', '_compact', '_view_cleanup'].includes(p.rest[0] ?? '')) {
      // These take no body.
    } else if (!isObject(req.body)) {
      throw badRequest('the body must be a JSON object');
    }
  }
  if (writes && method === 'POST' && p.db && !p.db.startsWith('_') && p.rest.length === 0 && !isObject(req.body)) throw badRequest('the body must be a JSON object');
  const checked = p.db && p.db !== '_users' && !p.db.startsWith('_') ? checkWrites(method, p, req.body, admin) : { body: req.body, written: [] };
  if (admin) return { ...checked };

  if (p.db.startsWith('_') && p.db !== '_users') throw notServerAdmin();
  // Creating or deleting a database (the pouchdb-server#374 crash path) is the server admin's.
  if (p.rest.length === 0 && (method === 'PUT' || method === 'DELETE')) throw notServerAdmin();
  if (p.db === '_users') throw forbidden('the _users database is reserved to server admins');
  if (!(appDbs as readonly string[]).includes(p.db)) throw forbidden(`database ${p.db} is not open to devices`);

  const security = await req.security();
  if (!isIn(principal, security.admins) && !isIn(principal, security.members)) {
    throw forbidden('You are not allowed to access this db.');
  }
  // No device is a database admin (setup/security.ts); were one made so, it still gets a device's door.

  const first = p.rest[0] ?? '';
  if (p.docPath === '_security') {
    if (writes) throw forbidden('You are not a db or server admin.');
    throw forbidden('the security object is not readable by devices');
  }
  // docPath, not segments: `_design%2Fx` is one segment but the same design document.
  if (writes && p.docPath.startsWith('_design/') && !p.docPath.includes('/_view/')) throw forbidden('You are not a db or server admin.');
  if (writes && isAttachmentPath(p)) throw forbidden('standalone attachment writes are not accepted');
  if (method === 'POST' && p.rest.length === 1 && first.startsWith('_') && !POST_READS.has(first) && first !== '_bulk_docs' && first !== '_ensure_full_commit') {
    throw forbidden(`POST /${p.db}/${first} is not open to devices`);
  }
  if (method === 'DELETE' && p.rest.length === 1 && first.startsWith('_')) throw forbidden(`DELETE /${p.db}/${first} is not open to devices`);
  if (method === 'PUT' && p.rest.length === 1 && first.startsWith('_')) throw forbidden(`PUT /${p.db}/${first} is not open to devices`);
  if (p.db === 'borne' && deviceRoleOf(principal.roles) === 'kiosk' && !kioskMayOnBorne(method, p)) {
    throw forbidden(`a kiosk may only push to borne: ${method} /borne/${p.docPath} is not allowed`);
  }
  const localId = localIdOf(p);
  if (localId && method !== 'GET' && method !== 'HEAD' && method !== 'PUT' && method !== 'DELETE') throw forbidden(`${method} ${localId} is not allowed`);
  return { ...checked, localId };
}
