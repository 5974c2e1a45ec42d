import type { RequestHandler } from 'express';
import type { DataPouch } from './pouch';
import { parseCouchPath } from './request-path';

/**
 * `POST /<db>/_compact`, answered once the data is gone from the files: PouchDB's compaction
 * (old revisions' bodies, as express-pouchdb would run it), then LevelDB's own compaction of
 * the database and its view indexes. The retention purge posts it after each run; without the
 * second step a purged visitor's name stayed in the `.ldb` files across restarts.
 * The door has already admitted the request (admins only); other paths go on to express-pouchdb.
 */
export function diskCompaction(pouch: DataPouch): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const path = parseCouchPath(req.path);
    const compactsDatabase = path.rest.length === 1 && path.rest[0] === '_compact' && !path.db.startsWith('_');
    if (!compactsDatabase || !pouch.exists(path.db)) return next();
    pouch
      .open(path.db)
      .compact()
      .then(() => pouch.compactDisk(path.db))
      .then(() => res.status(202).json({ ok: true }))
      .catch(next);
  };
}
