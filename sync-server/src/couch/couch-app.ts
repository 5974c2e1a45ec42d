import express, { type Express, type Router } from 'express';
import type { ExpressPouchApp } from 'express-pouchdb';
import type { SecurityObject } from 'pouchdb-wrappers';
import type { EmbeddedAuthenticator } from '../auth/embedded-authenticator';
import { applyTrustedProxies } from '../auth/trusted-proxies';
import { userCtxOf } from '../auth/principal';
import { strictBody } from '../door/body';
import { type Engine, doorErrors, doorGuard, hardenResponses } from '../door/door';
import { DeviceBudget } from '../door/limits';
import { notFound } from '../errors';
import type { Logger } from '../log';
import { reorderBulkDocsResponse } from './bulk-order';
import { cors } from './cors';
import { diskCompaction } from './disk-compaction';
import type { DataPouch } from './pouch';
import { openRevsAsMultipart, wantsMultipartMixed } from './open-revs-multipart';
import { isAttachmentPath, parseCouchPath } from './request-path';
import { replicatedDocumentPut } from './request-path';
import { replicatedPutResponse } from './replicated-put';
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
  /** Per-device write bounds (door/limits.ts); the defaults unless a test sets its own. */
  budget?: DeviceBudget;
  /** Whose X-Forwarded-* to believe (auth/trusted-proxies.ts): the web app's loopback proxy and TRUSTED_PROXIES. */
  trustedProxies?: readonly string[];
}

/**
 * The embedded server's HTTP layer: in order, the rejected-request log, CORS, the strict body
 * reader (JSON only), hardened response headers, the anonymous routes (`/`, `/_up`,
 * `/_session`), the app API, then the door (authentication, role rules, document shapes,
 * local documents' owners, per-device budget), `_users` password hashing, `_bulk_docs`
 * result order, and finally express-pouchdb. express-pouchdb always gets a `couchSession`:
 * pouchdb-security treats a missing userCtx as admin.
 */
export function createCouchApp(o: CouchAppOptions): Express {
  const app = express();
  applyTrustedProxies(app, o.trustedProxies);
  app.disable('x-powered-by');
  o.expressPouch.disable('x-powered-by');

  app.use(requestLog(o.log));
  app.use(cors(o.corsOrigins));
  app.use(strictBody({ limit: o.maxBodyBytes, isStreamedPath: (path) => isAttachmentPath(parseCouchPath(path)), acceptsForm: (path) => path === '/_session', acceptsRelated: replicatedDocumentPut }));
  app.use(hardenResponses);
  app.use(rootRoutes(o.auth));
  if (o.api) app.use('/api', o.api);

  const engine: Engine = {
    security: async (db) => {
      if (!o.pouch.exists(db)) throw notFound(`database ${db} does not exist`);
      const handle = o.pouch.open(db) as unknown as { getSecurity(): Promise<SecurityObject | undefined> };
      return (await handle.getSecurity()) ?? {};
    },
    localDoc: async (db, id) => {
      if (!o.pouch.exists(db)) return null;
      return (await o.pouch.open(db).get(id).catch(() => null)) as Record<string, unknown> | null;
    }
  };
  app.use(
    ...doorGuard({
      auth: o.auth,
      engine,
      budget: o.budget ?? new DeviceBudget(),
      log: o.log,
      admitted: (req, principal, security) => {
        Object.assign(req, {
          couchSession: {
            ok: true,
            userCtx: userCtxOf(principal),
            info: { authenticated: req.headers.authorization ? 'default' : 'cookie', authentication_db: '_users', authentication_handlers: ['cookie', 'default'] }
          },
          // Handed on to express-pouchdb (makeOpts reads req.couchSecurityObj): without it,
          // pouchdb-security reads _security again for every document of a _bulk_docs.
          ...(security ? { couchSecurityObj: security } : {})
        });
      }
    })
  );

  app.use(async (req, res, next) => {
    try {
      const path = parseCouchPath(req.path);
      const body: unknown = req.body;
      const written = await hashUserPasswords(req.method, path, body, o.pbkdf2Iterations);
      if (written.length) res.on('finish', () => written.forEach((name) => o.auth.invalidate(name)));
      if (req.method === 'POST' && path.rest.length === 1 && path.rest[0] === '_bulk_docs') {
        const docs = (body as { docs?: unknown } | undefined)?.docs;
        if (Array.isArray(docs)) reorderBulkDocsResponse(res, docs, o.log, `${res.locals.user} POST /${path.db}/_bulk_docs`);
      }
      if (replicatedDocumentPut(req.method, req.originalUrl)) replicatedPutResponse(res, path.docPath, (body as { _rev?: unknown } | undefined)?._rev);
      if (req.method === 'GET' && path.rest.length >= 1 && req.query.open_revs !== undefined && wantsMultipartMixed(req)) openRevsAsMultipart(req, res);
      // PouchDB's bulkGet never calls back for no documents; CouchDB's replicator sends such requests.
      if (req.method === 'POST' && path.rest.length === 1 && path.rest[0] === '_bulk_get' && (body as { docs?: unknown[] }).docs?.length === 0) {
        res.type('application/json').send('{"results":[]}\n');
        return;
      }
      next();
    } catch (err) {
      next(err);
    }
  });

  app.use(diskCompaction(o.pouch));
  app.use(o.expressPouch);

  app.use(doorErrors(o.log));
  return app;
}
