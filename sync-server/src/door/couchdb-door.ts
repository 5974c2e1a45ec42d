import express, { type Router } from 'express';

import type { SecurityObject } from 'pouchdb-wrappers';
import type { CouchAuthenticator } from '../auth/couch-authenticator';
import type { CouchClient } from '../couch-client';
import { isAttachmentPath, parseCouchPath } from '../couch/request-path';
import { HttpError, notFound } from '../errors';
import type { Logger } from '../log';
import { proxyTo } from '../web/proxy';
import { strictBody } from './body';
import { type Engine, doorErrors, doorGuard, hardenResponses } from './door';
import { replicatedWrites } from './couchdb-replicated';
import { couchSessionRoutes } from './couchdb-session';
import { DeviceBudget } from './limits';

export interface CouchDbDoorOptions {
  /** Admin access to CouchDB: the door reads `_security` and local documents' owners with it. */
  client: CouchClient;
  auth: CouchAuthenticator;
  maxBodyBytes: number;
  log: Logger;
  budget?: DeviceBudget;
  /** How long a database's `_security` is reused (it changes only at setup). */
  securityTtlMs?: number;
}

/** CouchDB read with the server's rights, for the door's own decisions. */
function couchEngine(client: CouchClient, ttlMs: number): Engine {
  const cache = new Map<string, { at: number; security: SecurityObject }>();
  return {
    async security(db) {
      const hit = cache.get(db);
      if (hit && Date.now() - hit.at < ttlMs) return hit.security;
      const res = await client.request<SecurityObject>('GET', `/${encodeURIComponent(db)}/_security`);
      if (res.status === 404) throw notFound(`database ${db} does not exist`);
      if (res.status >= 400) throw new HttpError(502, 'bad_gateway', `CouchDB answered ${res.status} for the security object`);
      cache.set(db, { at: Date.now(), security: res.body ?? {} });
      return res.body ?? {};
    },
    async localDoc(db, id) {
      const res = await client.request<Record<string, unknown>>('GET', `/${encodeURIComponent(db)}/_local/${encodeURIComponent(id.slice('_local/'.length))}`);
      return res.status === 200 ? res.body : null;
    }
  };
}

/**
 * The door in CouchDB mode, mounted at `/db` on the app's origin: the same body reader, role
 * rules, document shapes, local documents' owners, budget and response headers as the
 * embedded server's, then CouchDB itself with the caller's own credentials, so CouchDB's
 * `_security` and `validate_doc_update` (which CouchDB runs on replicated revisions too)
 * apply as a second line. CouchDB must not be reachable by the devices but through here
 * (README, « Production »): it cannot keep a kiosk from reading its inbox, nor strip a
 * deletion's body.
 */
export function createCouchDbDoor(o: CouchDbDoorOptions): Router {
  const router = express.Router();
  const engine = couchEngine(o.client, o.securityTtlMs ?? 10_000);
  const forward = proxyTo(o.client.nodes, o.log);
  router.use(strictBody({ limit: o.maxBodyBytes, isStreamedPath: (path) => isAttachmentPath(parseCouchPath(path)), acceptsForm: (path) => path === '/_session' }));
  router.use(hardenResponses);
  // Anonymous: the welcome, the health check and the session routes, answered by CouchDB behind the login guard.
  router.get(['/', '/_up'], forward);
  router.use(couchSessionRoutes(o.client.nodes, o.auth));
  router.use(...doorGuard({ auth: o.auth, engine, budget: o.budget ?? new DeviceBudget(), log: o.log }));
  router.use(replicatedWrites(o.client, o.log));
  router.use(forward);
  router.use(doorErrors(o.log));
  return router;
}
