import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { SecurityObject } from 'pouchdb-wrappers';
import { DB_NAMES } from '../../../src/lib/domain/common';
import { type Authenticator, authRequestOf } from '../auth/authenticator';
import { isAdmin, type Principal } from '../auth/principal';
import { HttpError, badRequest, forbidden, notFound, sendError, unauthorized } from '../errors';
import type { Logger } from '../log';
import { type CouchPath, isAttachmentPath, parseCouchPath } from '../couch/request-path';
import type { DeviceBudget } from './limits';
import { checkQuery, checkReadBody } from './read-requests';
import { hardenResponse } from './response-headers';
import { decide } from './rules';

/** What the door needs from the engine behind it (express-pouchdb in process, or CouchDB). */
export interface Engine {
  /** `_security` of a database; throws a 404 HttpError when it does not exist. */
  security(db: string): Promise<SecurityObject>;
  /** A local document as stored, read with the server's own rights; null when missing. */
  localDoc(db: string, id: string): Promise<Record<string, unknown> | null>;
}

export interface DoorOptions {
  auth: Authenticator;
  engine: Engine;
  budget: DeviceBudget;
  log: Logger;
  /** Called once a request is let through (the embedded engine needs its session on `req`). */
  admitted?(req: Request, principal: Principal, security: SecurityObject | undefined): void;
}

/** The field a device's own local documents (replication checkpoints) carry. */
export const LOCAL_OWNER = 'owner';

/** Every database response is made inert (nosniff, sandbox CSP, attachment disposition). */
export const hardenResponses: RequestHandler = (req, res, next) => {
  let attachment = false;
  try {
    attachment = isAttachmentPath(parseCouchPath(req.path));
  } catch {
    // A malformed path is refused later; its answer is hardened as a plain response.
  }
  hardenResponse(res, attachment);
  next();
};

const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).then(() => next(), next);
  };

/**
 * Checks a device's own local document: a checkpoint belongs to the account that wrote it
 * first; another account neither reads nor overwrites it (a 404 as if it were not there, so
 * ids cannot be probed). Writes are stamped with the owner.
 */
async function checkLocal(o: DoorOptions, req: Request, p: CouchPath, localId: string, principal: Principal): Promise<void> {
  const stored = await o.engine.localDoc(p.db, localId);
  const owner = stored?.[LOCAL_OWNER];
  const mine = !stored || owner === undefined || owner === principal.name;
  if (!mine) {
    if (req.method === 'PUT') throw forbidden(`${localId} belongs to another device`);
    throw notFound('missing');
  }
  if (req.method === 'PUT') Object.assign(req, { body: { ...(req.body as object), [LOCAL_OWNER]: principal.name } });
}

/**
 * The one door in front of the database engine, the same in both modes: authentication
 * (every request but the anonymous root routes mounted before it), then what the caller's
 * role may do (rules.ts), the shape of every written document (written-docs.ts), local
 * documents' owners, and the per-device write budget. What passes goes on to the engine.
 */
export function doorGuard(o: DoorOptions): RequestHandler[] {
  const authenticate = handle(async (req, res) => {
    const { principal, setCookie } = await o.auth.authenticate(authRequestOf(req));
    if (!principal) throw unauthorized('authentication required: use Basic auth or POST /_session');
    if (setCookie) res.setHeader('Set-Cookie', setCookie);
    res.locals.user = principal.name;
    res.locals.principal = principal;
  });

  const rules = handle(async (req, res) => {
    const path = parseCouchPath(req.path);
    const principal = res.locals.principal as Principal;
    let security: SecurityObject | undefined;
    const decision = await decide(
      {
        method: req.method,
        path,
        principal,
        body: req.body,
        security: async () => (security ??= await o.engine.security(path.db))
      },
      DB_NAMES
    );
    // Then, for admins too: a malformed parameter or read body is a 400 before the engine sees it.
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    checkQuery(query);
    checkReadBody(req.method, path, req.body);
    // Replication writes with _bulk_docs; a replicated PUT (?new_edits=false) is one more route to judge, refused.
    if (!isAdmin(principal) && req.method === 'PUT' && query.get('new_edits') === 'false') {
      throw badRequest('replicated revisions are written with POST /{db}/_bulk_docs');
    }
    Object.assign(req, { body: decision.body });
    if (decision.localId && !isAdmin(principal)) await checkLocal(o, req, path, decision.localId, principal);
    // Checkpoints and other writes without documents cost next to nothing: only document writes count.
    if (decision.written.length && !isAdmin(principal)) {
      const release = o.budget.enterWrite(principal.name, decision.written.length);
      res.on('close', release);
    }
    // Kept for what runs after the door (CouchDB mode checks replicated writes with it).
    res.locals.security = security;
    o.admitted?.(req, principal, security);
  });

  return [authenticate, rules];
}

/** Errors of the door and of the engine become CouchDB-style answers; nothing reaches the client as a stack. */
export function doorErrors(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof HttpError) return sendError(res, err);
    // body-parser and friends signal bad input with a status: a client error, not ours.
    const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, new HttpError(status, 'bad_request', String((err as Error).message ?? 'bad request')));
    }
    log.error(`${req.method} ${req.originalUrl.split('?')[0]}: ${(err as Error)?.stack ?? String(err)}`);
    sendError(res, new HttpError(500, 'internal_error', 'the server failed to handle this request'));
  };
}
