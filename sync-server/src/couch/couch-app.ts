import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Router } from 'express';
import type { ExpressPouchApp } from 'express-pouchdb';
import type { SecurityObject } from 'pouchdb-wrappers';
import { DB_NAMES } from '../../../src/lib/domain/common';
import type { EmbeddedAuthenticator } from '../auth/embedded-authenticator';
import { userCtxOf } from '../auth/principal';
import { HttpError, notFound, sendError, unauthorized } from '../errors';
import type { Logger } from '../log';
import { checkAccess } from './access';
import { bodyLimit } from './body';
import { reorderBulkDocsResponse } from './bulk-order';
import { cors } from './cors';
import type { DataPouch } from './pouch';
import { isAttachmentPath, parseCouchPath } from './request-path';
import { requestLog } from './request-log';
import { rootRoutes } from './root-routes';
import { hashUserPasswords } from './users-write';

export interface CouchAppOptions {
  pouch: DataPouch;
  expressPouch: ExpressPouchApp;
  auth: EmbeddedAuthenticator;
  corsOrigins: readonly string[];
  maxBodyBytes: number;
  log: Logger;
  /** Mounted at /api before authentication: the API authenticates for itself. */
  api?: Router;
  /** PBKDF2 iterations for passwords written to `_users` (CouchDB 3.4's 600,000 unless a test lowers it). */
  pbkdf2Iterations?: number;
}

/** Runs an async middleware body, turning a thrown HttpError into its response. */
const handle =
  (fn: (req: Request, res: express.Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).then(() => next(), next);
  };

/**
 * The hardened HTTP layer in front of express-pouchdb. In order: rejected-request log, CORS,
 * body limit, the anonymous routes (`/`, `/_up`, `/_session`), the app API, then
 * authentication (every other request needs a user, and express-pouchdb always gets a
 * `couchSession`: pouchdb-security treats a missing userCtx as admin), access rules,
 * `_users` password hashing, `_bulk_docs` result order, and finally express-pouchdb.
 */
export function createCouchApp(o: CouchAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  o.expressPouch.disable('x-powered-by');

  app.use(requestLog(o.log));
  app.use(cors(o.corsOrigins));
  app.use(bodyLimit(o.maxBodyBytes, (path) => isAttachmentPath(parseCouchPath(path))));
  app.use(rootRoutes(o.auth));
  if (o.api) app.use('/api', o.api);

  app.use(
    handle(async (req, res) => {
      const { principal, setCookie } = await o.auth.authenticate(req.headers, req.secure);
      if (!principal) throw unauthorized('authentication required: use Basic auth or POST /_session');
      if (setCookie) res.setHeader('Set-Cookie', setCookie);
      res.locals.user = principal.name;
      res.locals.principal = principal;
      Object.assign(req, {
        couchSession: {
          ok: true,
          userCtx: userCtxOf(principal),
          info: { authenticated: req.headers.authorization ? 'default' : 'cookie', authentication_db: '_users', authentication_handlers: ['cookie', 'default'] }
        }
      });
    })
  );

  app.use(
    handle(async (req, res) => {
      const path = parseCouchPath(req.path);
      const body: unknown = (req as { _body?: boolean })._body ? req.body : undefined;
      await checkAccess(
        {
          method: req.method,
          path,
          principal: res.locals.principal,
          body,
          security: async () => {
            // Opening a handle would create a missing database: check the folder first.
            if (!existsSync(join(o.pouch.dataDir, path.db, 'CURRENT'))) throw notFound(`database ${path.db} does not exist`);
            const db = o.pouch.open(path.db) as unknown as { getSecurity(): Promise<SecurityObject | undefined> };
            const security = (await db.getSecurity()) ?? {};
            // Handed on to express-pouchdb (makeOpts reads req.couchSecurityObj): without it,
            // pouchdb-security reads _security again for every document of a _bulk_docs.
            Object.assign(req, { couchSecurityObj: security });
            return security;
          }
        },
        DB_NAMES
      );
      const written = await hashUserPasswords(req.method, path, body, o.pbkdf2Iterations);
      if (written.length) res.on('finish', () => written.forEach((name) => o.auth.invalidate(name)));
      if (req.method === 'POST' && path.rest.length === 1 && path.rest[0] === '_bulk_docs') {
        const docs = (body as { docs?: unknown } | undefined)?.docs;
        if (Array.isArray(docs)) reorderBulkDocsResponse(res, docs, o.log, `${res.locals.user} POST /${path.db}/_bulk_docs`);
      }
    })
  );

  app.use(o.expressPouch);

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (err instanceof HttpError) return sendError(res, err);
    // Never a stack trace to the client: the log has it.
    o.log.error(`${req.method} ${req.originalUrl.split('?')[0]}: ${(err as Error)?.stack ?? String(err)}`);
    sendError(res, new HttpError(500, 'internal_error', 'the server failed to handle this request'));
  };
  app.use(onError);
  return app;
}
