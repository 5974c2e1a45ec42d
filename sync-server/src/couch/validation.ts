import { installWrapperMethods, type SecurityObject, type UserCtx, type WrapperArgs, type WrapperHandler } from 'pouchdb-wrappers';
import { stripTombstone } from '../door/written-docs';
import { compileDesignFunction, type ValidateFn } from './ddoc-eval';

/** The error PouchDB plugins throw; express-pouchdb turns `status`/`name`/`message` into the response. */
export class ValidationError extends Error {
  constructor(
    readonly status: number,
    override readonly name: string,
    message: string,
    readonly id?: string
  ) {
    super(message);
  }
}

export type Doc = Record<string, unknown> & { _id?: string };

const skipped = (id: unknown) => typeof id === 'string' && (id.startsWith('_design/') || id.startsWith('_local/'));

/** Compiled validators of one database, reused while its design documents keep their revisions. */
export interface ValidatorSet {
  key: string;
  fns: { id: string; fn: ValidateFn; ddoc: Doc }[];
}

/** The design documents of a database, by PouchDB or over HTTP: heads only, or with their bodies. */
export type DesignDocsReader = (includeDocs: boolean) => Promise<{ rows: { id: string; value: { rev: string }; doc?: unknown }[] }>;

/** Compiles the `validate_doc_update` functions of a database, again only when a design document changed. */
export async function loadValidators(read: DesignDocsReader, cached: ValidatorSet | undefined): Promise<ValidatorSet> {
  const heads = await read(false);
  const key = heads.rows.map((r) => `${r.id}@${r.value.rev}`).join(',');
  if (cached && cached.key === key) return cached;
  const full = await read(true);
  const fns: ValidatorSet['fns'] = [];
  for (const row of full.rows) {
    const ddoc = row.doc as unknown as Doc;
    if (typeof ddoc?.validate_doc_update !== 'string') continue;
    fns.push({ id: row.id, ddoc, fn: compileDesignFunction<ValidateFn>(ddoc.validate_doc_update, `${row.id}/validate_doc_update`) });
  }
  return { key, fns };
}

export function fillSecurity(sec: SecurityObject | undefined): Required<SecurityObject> {
  const section = (s?: { names?: string[]; roles?: string[] }) => ({ names: s?.names ?? [], roles: s?.roles ?? [] });
  return { members: section(sec?.members), admins: section(sec?.admins) };
}

/** Runs every validator on a copy of the document; throws the CouchDB-style 401/403. */
export function runValidators(set: ValidatorSet, newDoc: Doc, oldDoc: Doc | null, userCtx: UserCtx, secObj: SecurityObject): void {
  for (const { id, fn, ddoc } of set.fns) {
    // Copies: a validator must not be able to change what gets stored.
    const copy = structuredClone(newDoc);
    try {
      fn.call(ddoc, copy, oldDoc ? structuredClone(oldDoc) : null, structuredClone(userCtx), structuredClone(secObj));
    } catch (e) {
      const thrown = e as { forbidden?: unknown; unauthorized?: unknown } | null;
      if (thrown && typeof thrown === 'object' && thrown.unauthorized !== undefined) {
        throw new ValidationError(401, 'unauthorized', String(thrown.unauthorized), newDoc._id);
      }
      if (thrown && typeof thrown === 'object' && thrown.forbidden !== undefined) {
        throw new ValidationError(403, 'forbidden', String(thrown.forbidden), newDoc._id);
      }
      throw new ValidationError(500, 'validation_error', `${id} failed: ${(e as Error)?.message ?? String(e)}`, newDoc._id);
    }
  }
}

/**
 * The revision a replicated write stores: with `_revisions`, PouchDB takes the head of that
 * history and ignores `_rev`, so `_rev` alone must never decide that a write is a no-op.
 */
export function writtenRevision(doc: Doc): string | undefined {
  const revisions = doc._revisions as { start?: unknown; ids?: unknown } | undefined;
  if (revisions && typeof revisions.start === 'number' && Array.isArray(revisions.ids) && typeof revisions.ids[0] === 'string') {
    return `${revisions.start}-${revisions.ids[0]}`;
  }
  return typeof doc._rev === 'string' ? doc._rev : undefined;
}

/** `id@rev` of the replicated revisions the database already has. */
async function knownRevisions(db: PouchDB.Database, docs: Doc[]): Promise<Set<string>> {
  const asked: Record<string, string[]> = {};
  for (const doc of docs) {
    const rev = writtenRevision(doc);
    if (typeof doc._id === 'string' && rev && !skipped(doc._id)) (asked[doc._id] ??= []).push(rev);
  }
  if (!Object.keys(asked).length) return new Set();
  const missing = (await (db as unknown as { revsDiff(r: object): Promise<unknown> }).revsDiff(asked)) as Record<string, { missing?: string[] }>;
  const known = new Set<string>();
  for (const [id, revs] of Object.entries(asked)) {
    const gone = new Set(missing[id]?.missing ?? []);
    for (const rev of revs) if (!gone.has(rev)) known.add(`${id}@${rev}`);
  }
  return known;
}

/**
 * Our `validate_doc_update` for the embedded server, replacing express-pouchdb's 'validation'
 * part (pouchdb-validation 4.2.0), which overwrites `newDoc._revisions` with the *stored*
 * revision history before saving: a replicated update (`new_edits: false`) is then written
 * under its old revision and silently lost. This wrapper passes copies to the validators,
 * compiles the functions once per design document revision, and keeps `_bulk_docs` results
 * in request order.
 */
export function createValidationWrapper(): (db: PouchDB.Database) => void {
  const cache = new WeakMap<PouchDB.Database, ValidatorSet>();

  async function context(args: WrapperArgs) {
    const db = args.base;
    const set = await loadValidators((include_docs) => db.allDocs({ startkey: '_design/', endkey: '_design0', include_docs }), cache.get(db));
    cache.set(db, set);
    // No userCtx means an internal call by the server itself: it acts as admin, like CouchDB's own processes.
    const userCtx: UserCtx = args.options.userCtx ?? { name: null, roles: ['_admin'] };
    const secObj = fillSecurity(args.options.secObj ?? ((await (db as unknown as { getSecurity(): Promise<SecurityObject> }).getSecurity()) || {}));
    return { db, set, userCtx, secObj };
  }

  async function validate(args: WrapperArgs, doc: Doc): Promise<void> {
    if (skipped(doc._id)) return;
    const { db, set, userCtx, secObj } = await context(args);
    if (!set.fns.length) return;
    const oldDoc = doc._id ? ((await db.get(doc._id).catch(() => null)) as Doc | null) : null;
    runValidators(set, doc, oldDoc, userCtx, secObj);
  }

  const bulkDocs: WrapperHandler = async (orig, args) => {
    // Deleted revisions keep no body, whoever writes them (the retention purge relies on it).
    args.docs = (args.docs ?? []).map((d) => (d?._deleted === true ? stripTombstone(d) : d));
    const docs = args.docs;
    const { db, set, userCtx, secObj } = await context(args);
    const errors = new Map<number, ValidationError>();
    if (set.fns.length) {
      // One multi-key read for the stored versions instead of a get per document.
      const ids = [...new Set(docs.map((d) => d._id).filter((id): id is string => typeof id === 'string' && !skipped(id)))];
      const current = ids.length ? await db.allDocs({ keys: ids, include_docs: true }) : { rows: [] };
      const oldDocs = new Map(current.rows.filter((r) => r.doc).map((r) => [r.id, r.doc as unknown as Doc]));
      const known = args.options.new_edits === false ? await knownRevisions(db, docs) : new Set<string>();
      for (const [i, doc] of docs.entries()) {
        if (skipped(doc._id)) continue;
        const oldDoc = (typeof doc._id === 'string' && oldDocs.get(doc._id)) || null;
        // Only a replicated revision the server already holds is a no-op (CouchDB skips it too);
        // any other revision is validated, whatever `_rev` claims (issue 8, finding 2).
        if (known.has(`${doc._id}@${writtenRevision(doc)}`)) continue;
        try {
          runValidators(set, doc, oldDoc, userCtx, secObj);
        } catch (e) {
          errors.set(i, e as ValidationError);
        }
        // Long batches yield now and then, so one device's push does not hold up the others.
        if (i % 200 === 199) await new Promise((r) => setImmediate(r));
      }
    }
    if (!errors.size) return orig();
    const accepted = docs.filter((_, i) => !errors.has(i));
    args.docs = accepted;
    const stored = accepted.length ? ((await orig()) as { id?: string }[]) : [];
    const rejected = [...errors.entries()].map(([i, e]) => ({ index: i, result: { id: docs[i]?._id, error: true, status: e.status, name: e.name, message: e.message } }));
    if (args.options.new_edits === false) {
      // Only failures are reported with new_edits=false (CouchDB semantics): keep request order.
      const merged = [...rejected.map((r) => ({ index: r.index, result: r.result as unknown })), ...stored.map((s) => ({ index: docs.findIndex((d) => d._id === s.id), result: s as unknown }))];
      return merged.sort((a, b) => a.index - b.index).map((m) => m.result);
    }
    // new_edits=true: one result per accepted doc, in the order they were passed.
    const out: unknown[] = new Array(docs.length);
    for (const r of rejected) out[r.index] = r.result;
    let k = 0;
    for (let i = 0; i < docs.length; i++) if (!errors.has(i)) out[i] = stored[k++];
    return out;
  };

  const handlers: Record<string, WrapperHandler> = {
    put: async (orig, args) => {
      if (args.doc?._deleted === true) args.doc = stripTombstone(args.doc);
      await validate(args, args.doc ?? {});
      return orig();
    },
    post: async (orig, args) => {
      await validate(args, args.doc ?? {});
      return orig();
    },
    remove: async (orig, args) => {
      const doc = { ...(args.doc ?? {}), _deleted: true };
      await validate(args, doc);
      return orig();
    },
    bulkDocs
  };

  return (db) => installWrapperMethods(db, handlers);
}
