import type { Request, RequestHandler, Response } from 'express';
import type { SecurityObject } from 'pouchdb-wrappers';
import { isAdmin, type Principal, userCtxOf } from '../auth/principal';
import type { CouchClient } from '../couch-client';
import { type Doc, type ValidatorSet, ValidationError, fillSecurity, loadValidators, runValidators, writtenRevision } from '../couch/validation';
import { parseCouchPath } from '../couch/request-path';
import { HttpError } from '../errors';
import type { Logger } from '../log';

interface Refusal {
  index: number;
  result: { id: unknown; rev?: string; error: string; reason: string };
}

/**
 * Replicated writes (`_bulk_docs` with `new_edits: false`) in CouchDB mode, checked the way the
 * embedded server checks them: every revision the database does not hold yet runs the design
 * documents with the current winner as `oldDoc`. CouchDB alone passes the parent named by
 * `_revisions`, so a revision starting a new branch (no `_revisions`, or a root of its own)
 * has no `oldDoc` there: a desk could rewrite a Zimbra meeting, a kiosk a check-in. Refused
 * documents are answered here, the others go on to CouchDB, and both answers are merged in
 * request order, as CouchDB reports them (failures only).
 */
export function replicatedWrites(client: CouchClient, log: Logger): RequestHandler {
  const validators = new Map<string, ValidatorSet>();

  async function refusals(db: string, docs: Doc[], principal: Principal, security: SecurityObject): Promise<Refusal[]> {
    const enc = encodeURIComponent(db);
    const set = await loadValidators(async (includeDocs) => client.get(`/${enc}/_all_docs?startkey=%22_design%2F%22&endkey=%22_design0%22${includeDocs ? '&include_docs=true' : ''}`), validators.get(db));
    validators.set(db, set);
    if (!set.fns.length) return [];
    const ids = [...new Set(docs.map((d) => d._id).filter((id): id is string => typeof id === 'string'))];
    const asked: Record<string, string[]> = {};
    docs.forEach((d) => {
      const rev = writtenRevision(d);
      if (typeof d._id === 'string' && rev) (asked[d._id] ??= []).push(rev);
    });
    const [winners, missing] = await Promise.all([
      client.call<{ rows: { key: string; doc?: Doc | null }[] }>('POST', `/${enc}/_all_docs?include_docs=true`, { keys: ids }),
      client.call<Record<string, { missing?: string[] }>>('POST', `/${enc}/_revs_diff`, asked)
    ]);
    const current = new Map(winners.rows.filter((r) => r.doc).map((r) => [r.key, r.doc as Doc]));
    const userCtx = userCtxOf(principal);
    const secObj = fillSecurity(security);
    const out: Refusal[] = [];
    docs.forEach((doc, index) => {
      const id = doc._id as string;
      const rev = writtenRevision(doc);
      // A revision CouchDB already holds is a no-op there: nothing to judge.
      if (rev && !(missing[id]?.missing ?? []).includes(rev)) return;
      try {
        runValidators(set, doc, current.get(id) ?? null, userCtx, secObj);
      } catch (e) {
        const err = e instanceof ValidationError ? e : new ValidationError(500, 'validation_error', String(e));
        out.push({ index, result: { id, rev, error: err.name, reason: err.message } });
      }
    });
    return out;
  }

  return (req: Request, res: Response, next) => {
    const path = parseCouchPath(req.path);
    const body = req.body as { docs?: Doc[]; new_edits?: boolean } | undefined;
    const principal = res.locals.principal as Principal | undefined;
    if (req.method !== 'POST' || path.docPath !== '_bulk_docs' || body?.new_edits !== false || !principal || isAdmin(principal)) return next();
    const docs = body.docs ?? [];
    (async () => {
      const security = (res.locals.security as SecurityObject | undefined) ?? {};
      const refused = await refusals(path.db, docs, principal, security);
      if (!refused.length) return next();
      for (const r of refused) log.warn(`${principal.name} POST /${path.db}/_bulk_docs: document ${JSON.stringify(r.result.id)} refused: ${r.result.error}: ${r.result.reason}`);
      const rest = docs.filter((_, i) => !refused.some((r) => r.index === i));
      let stored: unknown[] = [];
      if (rest.length) {
        const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
        if (req.headers.authorization) headers.Authorization = req.headers.authorization;
        if (req.headers.cookie) headers.Cookie = req.headers.cookie;
        const up = await client.nodes.fetch(`/${encodeURIComponent(path.db)}/_bulk_docs`, { method: 'POST', headers, body: JSON.stringify({ ...body, docs: rest }) });
        if (up.status !== 201) throw new HttpError(up.status >= 500 ? 502 : up.status, 'bad_gateway', `CouchDB answered ${up.status} to the replicated writes`);
        stored = (await up.json()) as unknown[];
      }
      res.status(201).type('application/json').send(JSON.stringify([...refused.map((r) => r.result), ...stored]) + '\n');
    })().catch(next);
  };
}
