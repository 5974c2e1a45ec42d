import { hashPassword } from '../auth/passwords';
import type { CouchPath } from './request-path';

type UserDoc = Record<string, unknown> & { password?: unknown; name?: unknown };

/** The user documents a write to `_users` carries (PUT /_users/id, POST /_users, POST /_users/_bulk_docs). */
function userDocsOf(method: string, p: CouchPath, body: unknown): UserDoc[] {
  if (p.db !== '_users' || !body || typeof body !== 'object') return [];
  if (method === 'PUT' && p.rest.length >= 1 && !p.docPath.startsWith('_local/')) return [body as UserDoc];
  if (method === 'POST' && p.rest.length === 0) return [body as UserDoc];
  if (method === 'POST' && p.docPath === '_bulk_docs') {
    const docs = (body as { docs?: unknown }).docs;
    return Array.isArray(docs) ? docs.filter((d): d is UserDoc => !!d && typeof d === 'object') : [];
  }
  return [];
}

/**
 * Does what CouchDB does on a `_users` write: a plain `password` field is replaced by its
 * PBKDF2 hash before the document is stored, so setup code can write users the same way to
 * CouchDB and to us. Returns the names of the users written, whose cached logins must go.
 */
export async function hashUserPasswords(method: string, p: CouchPath, body: unknown, iterations?: number): Promise<string[]> {
  const docs = userDocsOf(method, p, body);
  await Promise.all(
    docs.map(async (doc) => {
      if (typeof doc.password !== 'string') return;
      const fields = await hashPassword(doc.password, iterations);
      delete doc.password;
      Object.assign(doc, fields);
    })
  );
  const fromId = (doc: UserDoc) => (typeof doc._id === 'string' ? doc._id.replace(/^org\.couchdb\.user:/, '') : undefined);
  return docs.map((d) => (typeof d.name === 'string' ? d.name : fromId(d))).filter((n): n is string => !!n);
}
