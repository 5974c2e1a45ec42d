import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPRESS_POUCH_PARTS, createExpressPouch } from '../../../sync-server/src/couch/express-pouch';
import { type DataPouch, createDataPouch } from '../../../sync-server/src/couch/pouch';
import { listen, shutdown, urlFor } from '../../../sync-server/src/http-server';
import { PouchDB, call, localDb, tempDir } from './helpers';

/**
 * What our HTTP layer relies on, checked on express-pouchdb itself (no layer in front):
 * a test header stands for the `req.couchSession` our authentication sets.
 */
async function rawServer(app: express.Express) {
  const front = express();
  front.use((req, _res, next) => {
    const user = req.headers['x-test-user'];
    if (typeof user === 'string') {
      const [name, roles = ''] = user.split(':');
      Object.assign(req, { couchSession: { ok: true, userCtx: { name, roles: roles.split(',').filter(Boolean) } } });
    }
    next();
  });
  front.use(app);
  const { server, port } = await listen(front, 0, '127.0.0.1');
  return { server, url: urlFor('127.0.0.1', port) };
}

const ADMIN = { 'x-test-user': 'root:_admin' };
const probeDdoc = {
  validate_doc_update: 'function (newDoc, oldDoc, userCtx, secObj) { if (newDoc.probe) throw { forbidden: JSON.stringify({ userCtx: userCtx, secObj: secObj }) }; }'
};

describe('express-pouchdb 4.2.0 as we mount it', () => {
  let pouch: DataPouch;
  let srv: { server: Server; url: string };

  beforeAll(async () => {
    pouch = await createDataPouch(tempDir());
    srv = await rawServer(await createExpressPouch(pouch.Pouch));
    expect((await call(srv.url, 'PUT', '/secret', { headers: ADMIN })).status).toBe(201);
    await call(srv.url, 'PUT', '/secret/_security', { headers: ADMIN, body: { members: { roles: ['member'] }, admins: { roles: [] } } });
    await call(srv.url, 'PUT', '/secret/_design/probe', { headers: ADMIN, body: probeDdoc });
  });
  afterAll(async () => {
    await shutdown(srv.server);
    await pouch.closeAll();
    rmSync(pouch.dataDir, { recursive: true, force: true });
  });

  it('treats a request without couchSession as the server admin: our layer must always set it', async () => {
    expect((await call(srv.url, 'GET', '/secret')).status).toBe(200);
    expect((await call(srv.url, 'GET', '/_all_dbs')).status).toBe(200);
  });

  it('pouchdb-security checks _security members against userCtx from req.couchSession', async () => {
    expect((await call(srv.url, 'GET', '/secret', { headers: { 'x-test-user': 'eve:other' } })).status).toBe(401);
    expect((await call(srv.url, 'GET', '/secret/_all_docs', { headers: { 'x-test-user': 'eve:other' } })).status).toBe(401);
    expect((await call(srv.url, 'GET', '/secret', { headers: { 'x-test-user': 'bob:member' } })).status).toBe(200);
  });

  it('only db admins write design documents', async () => {
    const res = await call(srv.url, 'PUT', '/secret/_design/mine', { headers: { 'x-test-user': 'bob:member' }, body: { views: {} } });
    expect(res.status).toBe(401);
  });

  it.each([
    ['PUT /db/doc', 'PUT', '/secret/p1', { probe: true }],
    ['POST /db', 'POST', '/secret', { _id: 'p2', probe: true }],
    ['POST /db/_bulk_docs', 'POST', '/secret/_bulk_docs', { docs: [{ _id: 'p3', probe: true }] }]
  ])('validate_doc_update gets userCtx and the secObj (%s)', async (_label, method, path, body) => {
    const res = await call(srv.url, method, path, { headers: { 'x-test-user': 'bob:member' }, body });
    const error = Array.isArray(res.json) ? res.json[0] : res.json;
    expect(error.error).toBe('forbidden');
    const seen = JSON.parse(error.reason);
    expect(seen.userCtx).toMatchObject({ name: 'bob', roles: ['member'] });
    expect(seen.secObj.members.roles).toEqual(['member']);
  });

  it('keeps a replicated update (new_edits=false) with our validation wrapper', async () => {
    const local = localDb();
    await local.put({ _id: 'r', n: 1 });
    const remote = new PouchDB(`${srv.url}/secret`, { skip_setup: true });
    await local.replicate.to(remote);
    const d = await local.get('r');
    await local.put({ ...d, n: 2 });
    await local.replicate.to(remote);
    expect((await pouch.open('secret').get('r')).n).toBe(2);
  });
});

describe('pouchdb-validation 4.2.0 (express-pouchdb part "validation"), the reason we replaced it', () => {
  it('loses a replicated update: the server keeps the old revision', async () => {
    const pouch = await createDataPouch(tempDir());
    const app = expressPouchDB({
      ...EXPRESS_POUCH_PARTS,
      overrideMode: { include: [...EXPRESS_POUCH_PARTS.overrideMode.include, 'validation'], exclude: [...EXPRESS_POUCH_PARTS.overrideMode.exclude] }
    } as never);
    await app.setPouchDB(pouch.Pouch);
    const srv = await rawServer(app);
    try {
      await call(srv.url, 'PUT', '/buggy', { headers: ADMIN });
      await call(srv.url, 'PUT', '/buggy/_design/probe', { headers: ADMIN, body: probeDdoc });
      const local = localDb();
      const remote = new PouchDB(`${srv.url}/buggy`, { skip_setup: true });
      await local.put({ _id: 'r', n: 1 });
      await local.replicate.to(remote);
      const d = await local.get('r');
      await local.put({ ...d, n: 2 });
      const result = await local.replicate.to(remote);
      expect(result.docs_written).toBe(1); // the client believes it was written…
      expect((await pouch.open('buggy').get('r')).n).toBe(1); // …but the server kept revision 1
    } finally {
      await shutdown(srv.server);
      await pouch.closeAll();
      rmSync(pouch.dataDir, { recursive: true, force: true });
    }
  });
});
