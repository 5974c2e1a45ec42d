import { badRequest, forbidden } from '../errors';

/** More documents than this in one request is refused: PouchDB pushes 500 at most (our batch size). */
export const MAX_DOCS_PER_REQUEST = 1000;
/** A revision history longer than this is refused (CouchDB keeps 1000 by default). */
export const MAX_REVISIONS = 1000;
const MAX_ID_LENGTH = 512;

export type Doc = Record<string, unknown> & { _id?: string; _rev?: string; _deleted?: boolean };

// CouchDB's own revision ids are 32 hex digits; PouchDB's are uuid-like. Both fit.
const REV_ID = /^[0-9a-zA-Z]{1,64}$/;
const REV = /^[1-9]\d{0,9}-[0-9a-zA-Z]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** The special members CouchDB accepts in a written document; any other `_` member is refused, as CouchDB does. */
const SPECIAL = new Set(['_id', '_rev', '_deleted', '_attachments', '_revisions']);
/** All that a deleted revision keeps: the rest of its body would outlive the retention purge. */
const TOMBSTONE = ['_id', '_rev', '_revisions', '_deleted'] as const;

export interface WriteContext {
  /** The server admin (our own processes) may write design documents. */
  admin: boolean;
  /** `new_edits: false`: a replicated revision, which must name its id and revision. */
  replicated: boolean;
  /** Where the document stands, for the error reason (`docs[3]`). */
  where: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkId(id: unknown, ctx: WriteContext): void {
  if (id === undefined) {
    if (ctx.replicated) throw badRequest(`${ctx.where}: a replicated document needs an _id`);
    return;
  }
  if (typeof id !== 'string' || !id || id.length > MAX_ID_LENGTH) throw badRequest(`${ctx.where}: _id must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  if (id.startsWith('_design/')) {
    if (!ctx.admin) throw forbidden(`${ctx.where}: design documents are written by the server admin only`);
    return;
  }
  if (id.startsWith('_local/')) throw forbidden(`${ctx.where}: local documents may only be written with PUT /{db}/_local/{id}`);
  if (id.startsWith('_')) throw badRequest(`${ctx.where}: only reserved document ids may start with an underscore`);
}

function checkRevisions(doc: Doc, ctx: WriteContext): void {
  if (doc._rev !== undefined && (typeof doc._rev !== 'string' || !REV.test(doc._rev))) throw badRequest(`${ctx.where}: _rev must look like <generation>-<id>`);
  const revisions = doc._revisions;
  if (revisions === undefined) {
    if (ctx.replicated && doc._rev === undefined) throw badRequest(`${ctx.where}: a replicated document needs _rev or _revisions`);
    return;
  }
  if (!isObject(revisions)) throw badRequest(`${ctx.where}: _revisions must be an object`);
  const { start, ids } = revisions;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 1) throw badRequest(`${ctx.where}: _revisions.start must be a positive integer`);
  if (!Array.isArray(ids) || !ids.length || ids.length > MAX_REVISIONS || ids.length > start) {
    throw badRequest(`${ctx.where}: _revisions.ids must list 1 to ${Math.min(MAX_REVISIONS, start)} revision ids`);
  }
  if (!ids.every((id) => typeof id === 'string' && REV_ID.test(id))) throw badRequest(`${ctx.where}: _revisions.ids must be revision ids`);
  // A repeated id makes PouchDB store a live revision without a body, whatever was sent (found by the hostile corpus).
  if (new Set(ids).size !== ids.length) throw badRequest(`${ctx.where}: _revisions.ids must not repeat a revision`);
  if (doc._rev !== undefined && doc._rev !== `${start}-${ids[0]}`) throw badRequest(`${ctx.where}: _rev must be the head of _revisions`);
}

function checkAttachments(doc: Doc, ctx: WriteContext): void {
  const atts = doc._attachments;
  if (atts === undefined) return;
  if (!isObject(atts)) throw badRequest(`${ctx.where}: _attachments must be an object`);
  for (const [name, att] of Object.entries(atts)) {
    const at = `${ctx.where}: attachment ${JSON.stringify(name)}`;
    if (!name || name.startsWith('_') || name.length > 255) throw badRequest(`${at}: invalid name`);
    if (!isObject(att)) throw badRequest(`${at} must be an object`);
    if (typeof att.content_type !== 'string' || !att.content_type) throw badRequest(`${at}: content_type is required`);
    if (att.follows !== undefined) throw badRequest(`${at}: multipart attachments are not accepted`);
    if (att.stub === true) continue;
    const data = att.data;
    if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) throw badRequest(`${at}: data must be base64`);
  }
}

/**
 * Checks the shape of one written document, before any engine sees it, and returns what to
 * store: a deletion keeps only its id and revision, whatever body it was sent with (issue 8,
 * finding 5). The content rules (types, fields, who writes what) are the design documents'.
 */
export function checkWrittenDoc(doc: unknown, ctx: WriteContext): Doc {
  if (!isObject(doc)) throw badRequest(`${ctx.where} must be a JSON object`);
  for (const key of Object.keys(doc)) {
    if (key.startsWith('_') && !SPECIAL.has(key)) throw badRequest(`${ctx.where}: bad special document member ${key}`);
  }
  const d = doc as Doc;
  checkId(d._id, ctx);
  checkRevisions(d, ctx);
  if (d._deleted !== undefined && typeof d._deleted !== 'boolean') throw badRequest(`${ctx.where}: _deleted must be a boolean`);
  if (d._deleted === true) return stripTombstone(d);
  checkAttachments(d, ctx);
  return d;
}

/** A deleted revision as it is stored: id, revision, history, the deleted flag. */
export function stripTombstone(doc: Doc): Doc {
  const out: Doc = {};
  for (const key of TOMBSTONE) if (doc[key] !== undefined) (out as Record<string, unknown>)[key] = doc[key];
  return out;
}

/** The documents of a `_bulk_docs` body, checked; throws 400 on a body that is not one. */
export function checkBulkDocs(body: unknown, admin: boolean): { docs: Doc[]; replicated: boolean } {
  if (!isObject(body)) throw badRequest('the body must be a JSON object with a docs array');
  const { docs, new_edits: newEdits } = body;
  if (!Array.isArray(docs)) throw badRequest('docs must be an array');
  if (newEdits !== undefined && typeof newEdits !== 'boolean') throw badRequest('new_edits must be a boolean');
  // The server's own workers (admin) write larger batches: a year of one room's Zimbra meetings.
  if (!admin && docs.length > MAX_DOCS_PER_REQUEST) throw badRequest(`at most ${MAX_DOCS_PER_REQUEST} documents per request (${docs.length} sent)`);
  const replicated = newEdits === false;
  return { docs: docs.map((d, i) => checkWrittenDoc(d, { admin, replicated, where: `docs[${i}]` })), replicated };
}
