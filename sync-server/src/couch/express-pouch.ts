import expressPouchDB, { type ExpressPouchApp } from 'express-pouchdb';
import { createValidationWrapper } from './validation';

/**
 * The parts of express-pouchdb we run, on top of its 'minimumForPouchDB' mode (the routes
 * PouchDB replication needs: db, documents, _all_docs, _bulk_docs, _bulk_get, _changes,
 * _revs_diff, views, attachments, compaction).
 *
 * Added: 'routes/security' (GET/PUT `_security`, and the pouchdb-security wrappers that check
 * membership on every db method using `userCtx` from `req.couchSession`).
 *
 * Removed:
 * - 'routes/session-stub': it answers `/_session` with an admin userCtx; we serve `/_session`.
 * - 'routes/root': the express-pouchdb banner; we answer `GET /` as CouchDB does.
 * - 'routes/temp-views': runs map functions sent in the request body.
 * - 'compression': it buffers responses, which would hold back `_changes` heartbeats.
 *
 * Not added, on purpose: 'routes/authentication' (PBKDF2 with 10 iterations; ours is in
 * front), 'validation' (pouchdb-validation 4.2.0 loses replicated updates, see
 * validation.ts; ours is installed below), 'config-infrastructure' and
 * 'logging-infrastructure' (they write config.json/log.txt into the working directory and
 * make documents.js grant `_admin` to a user reading its own `_users` document),
 * 'routes/find', 'routes/replicate', 'routes/config' and the other fullCouchDB extras.
 */
export const EXPRESS_POUCH_PARTS = {
  mode: 'minimumForPouchDB' as const,
  overrideMode: {
    include: ['routes/security'],
    exclude: ['routes/session-stub', 'routes/root', 'routes/temp-views', 'compression']
  }
};

/** Creates the express-pouchdb app over our PouchDB constructor, with our validation wrapper. */
export async function createExpressPouch(Pouch: PouchDB.Static): Promise<ExpressPouchApp> {
  const app = expressPouchDB({ ...EXPRESS_POUCH_PARTS, overrideMode: { ...EXPRESS_POUCH_PARTS.overrideMode } } as never);
  const installValidation = createValidationWrapper();
  // Registered after routes/security's wrapper, so membership is checked before validation runs.
  app.dbWrapper.registerWrapper((_name, db, next) => {
    installValidation(db);
    return next();
  });
  await app.setPouchDB(Pouch);
  return app;
}
