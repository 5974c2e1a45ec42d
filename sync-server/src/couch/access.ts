import type { SecurityObject } from 'pouchdb-wrappers';
import type { DbName } from '../../../src/lib/domain/common';
import { deviceRoleOf, isAdmin, type Principal } from '../auth/principal';
import { forbidden, unauthorized } from '../errors';
import { type CouchPath, isAttachmentPath } from './request-path';

export interface AccessRequest {
  method: string;
  path: CouchPath;
  principal: Principal;
  /** The parsed JSON body, when there is one. */
  body: unknown;
  /** The database's `_security`; only asked for the app databases. */
  security: () => Promise<SecurityObject>;
}

const notServerAdmin = () => unauthorized('You are not a server admin.');

function isIn(p: Principal, section: SecurityObject['members']): boolean {
  return !!section && ((section.names ?? []).includes(p.name) || (section.roles ?? []).some((r) => p.roles.includes(r)));
}

/** What push replication needs, and nothing else: a kiosk must never read the inbox it writes to. */
function kioskMayOnBorne(method: string, p: CouchPath): boolean {
  const doc = p.docPath;
  const read = method === 'GET' || method === 'HEAD';
  if (doc === '') return read; // db info
  if (doc.startsWith('_local/') && doc !== '_local/_security') return read || method === 'PUT'; // checkpoints
  if (method === 'POST') return ['_revs_diff', '_bulk_docs', '_ensure_full_commit'].includes(doc);
  // PUT /borne/<id>: creating a check-in directly; validate_doc_update forbids updates.
  return method === 'PUT' && p.rest.length === 1 && !doc.startsWith('_');
}

/** Ids of the documents a write request carries in its body. */
function bodyDocIds(method: string, p: CouchPath, body: unknown): string[] {
  const idOf = (d: unknown) => (d && typeof d === 'object' && typeof (d as { _id?: unknown })._id === 'string' ? [(d as { _id: string })._id] : []);
  if (method === 'POST' && p.rest.length === 0) return idOf(body);
  if (method === 'POST' && p.docPath === '_bulk_docs') {
    const docs = (body as { docs?: unknown } | null)?.docs;
    return Array.isArray(docs) ? docs.flatMap(idOf) : [];
  }
  return [];
}

/**
 * Decides whether a non-anonymous request may reach express-pouchdb. Throws the HttpError to
 * send otherwise. Membership is checked here too (pouchdb-security checks it again) so that
 * an authenticated non-member gets CouchDB's 403 rather than pouchdb-security's 401, and so
 * that a database without members is closed to devices rather than public.
 */
export async function checkAccess(req: AccessRequest, appDbs: readonly DbName[]): Promise<void> {
  const { method, path: p, principal } = req;
  // Writing `_local/_security` directly would rewrite the security object of pouchdb-security.
  if (p.docPath === '_local/_security' || bodyDocIds(method, p, req.body).some((id) => id === '_local/_security')) {
    throw forbidden('_local/_security is reserved: use /{db}/_security');
  }
  if (isAdmin(principal)) return;

  if (p.db.startsWith('_') && p.db !== '_users') throw notServerAdmin();
  // Creating or deleting a database (the pouchdb-server#374 crash path) is the server admin's.
  if (p.rest.length === 0 && (method === 'PUT' || method === 'DELETE')) throw notServerAdmin();
  if (p.db === '_users') throw forbidden('the _users database is reserved to server admins');
  if (!(appDbs as readonly string[]).includes(p.db)) throw forbidden(`database ${p.db} is not open to devices`);

  const security = await req.security();
  const dbAdmin = isIn(principal, security.admins);
  if (!dbAdmin && !isIn(principal, security.members)) {
    throw forbidden('You are not allowed to access this db.');
  }
  if (dbAdmin) return;

  const writes = method !== 'GET' && method !== 'HEAD';
  // docPath, not segments: `_design%2Fx` is one segment but the same design document.
  if (writes && p.docPath.startsWith('_design/') && !p.docPath.includes('/_view/')) throw forbidden('You are not a db or server admin.');
  if (writes && isAttachmentPath(p)) throw forbidden('standalone attachment writes are not accepted');
  if (bodyDocIds(method, p, req.body).some((id) => id.startsWith('_local/'))) {
    throw forbidden('local documents may only be written with PUT /{db}/_local/{id}');
  }
  if (p.db === 'borne' && deviceRoleOf(principal.roles) === 'kiosk' && !kioskMayOnBorne(method, p)) {
    throw forbidden(`a kiosk may only push to borne: ${method} /borne/${p.docPath} is not allowed`);
  }
}

