// A first sync cut short, twice (once while pulling, once while indexing), and a restart
// offline in between: the tablet ends with the whole read model and says so only then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import PouchDB from 'pouchdb';
import { adminHeader, startSyncServer, type TestServer } from '../../support/server';
import { waitFor } from '../../support/clients';
import { DEVICES } from '../../support/devices';
import { Runtime } from '../../../src/lib/app/runtime';
import { ReadModel, type EnrolmentRow } from '../../../src/lib/db/read-model';
import { localName, type LocalDb } from '../../../src/lib/db/pouch';
import { Projector } from '../../../src/lib/db/projector';
import type { Indexer } from '../../../src/lib/db/indexer';
import type { DbName } from '../../../src/lib/domain/common';
import type { SyncSnapshot } from '../../../src/lib/sync/engine';

const DESK = DEVICES.deskHdv;
/** More than two pull batches and two indexing batches, so both can be cut in the middle. */
const VISITS = 5000;

function visits(n: number): object[] {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(Date.UTC(2026, 9, 1, 7, 0, i)).toISOString();
    return {
      _id: `visit:hdv:${at}:fs${i}`, type: 'visit', v: 1, site: 'hdv', visitorName: `Visiteur ${i}`, reason: 'Renseignement',
      serviceId: 'service:etat-civil', vigipirate: { idChecked: true, doorOpenedBy: 'Agent', doorOpenedAt: at },
      arrivedAt: at, createdBy: 'desk-gen', updatedAt: at, updatedBy: 'desk-gen', fieldGen: {}
    };
  });
}

/** A port nothing listens on: the tablet is offline. */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('first sync interrupted and restarted', () => {
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-first-sync-'));
    server = await startSyncServer({ port: 0, dataDir: join(dir, 'server'), demo: true, log: false });
    const res = await fetch(`${server.url}/accueil/_bulk_docs`, {
      method: 'POST',
      headers: { Authorization: adminHeader(server), 'Content-Type': 'application/json' },
      body: JSON.stringify({ docs: visits(VISITS) })
    });
    expect(res.ok).toBe(true);
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes the pull and the indexing, offline in between, and ends complete', { timeout: 120_000 }, async () => {
    // The tablet's storage outlives its runtimes: LevelDB folders and one IndexedDB factory.
    const rmodel = new ReadModel('rm-first-sync', { indexedDB: new IDBFactory(), IDBKeyRange });
    const enrolment: EnrolmentRow = { key: 'device', ...DESK, label: DESK.name, enrolledAt: new Date().toISOString() };
    await rmodel.enrolment.put(enrolment);
    const start = (serverUrl: string) =>
      Runtime.start({
        enrolment,
        rm: rmodel,
        pouch: (name) => new PouchDB(join(dir, name)) as unknown as LocalDb,
        remote: (db: DbName) => new PouchDB(`${serverUrl}/${db}`, { skip_setup: true, auth: { username: DESK.name, password: DESK.password } }) as unknown as LocalDb
      });
    /** Stops the runtime as soon as `when` holds for a snapshot, as a closed tab would; returns that snapshot. */
    const cut = (rt: Runtime, when: (s: SyncSnapshot) => boolean) =>
      new Promise<SyncSnapshot>((resolve) => {
        let done = false;
        rt.engine.subscribe((s) => {
          if (done || !when(s)) return;
          done = true;
          void rt.stop().then(async () => {
            for (const db of Object.values(rt.dbs)) await db?.close();
            resolve(s);
          });
        });
      });
    const serverVisits = async () => {
      const key = (k: string) => encodeURIComponent(JSON.stringify(k));
      const res = await fetch(`${server.url}/accueil/_all_docs?startkey=${key('visit:')}&endkey=${key('visit:\ufff0')}`, { headers: { Authorization: adminHeader(server) } });
      return ((await res.json()) as { rows: { id: string }[] }).rows.map((r) => r.id);
    };
    const want = await serverVisits();
    expect(want.length).toBeGreaterThanOrEqual(VISITS);

    // 1. Cut during the pull: part of the visits received (a batch is 1,000 documents; the
    //    other databases hold a few dozen), nothing indexed yet.
    const first = await start(server.url);
    const atCut = await cut(first, (s) => (s.firstSync?.received ?? 0) > 500);
    expect(atCut.firstSync?.indexed).toBeNull();
    expect(atCut.firstSync!.received).toBeLessThan(want.length);
    expect(await rmodel.syncState.get('lastSyncAt')).toBeUndefined();

    // 2. Restarted offline: what arrived is indexed, and the tablet does not say it is done.
    const offline = await start(await deadUrl());
    await waitFor('offline tablet indexed what it had', async () => offline.engine.snapshot().perDb.referentiel === 'offline' && (await rmodel.visits.count()) > 0, 60_000);
    await offline.idle();
    const partial = await rmodel.visits.count();
    expect(partial).toBeLessThan(want.length);
    expect(offline.engine.snapshot().firstSync).not.toBeNull();
    await offline.stop();
    for (const db of Object.values(offline.dbs)) await db?.close();

    // 3. Online again, cut once the indexing has gone further (wherever it is then: while the
    //    pull goes on, or after it), as a closed tab would.
    const second = await start(server.url);
    await waitFor('indexing under way', async () => (await rmodel.visits.count()) > partial, 60_000, 20);
    await second.stop();
    for (const db of Object.values(second.dbs)) await db?.close();
    expect(await rmodel.syncState.get('lastSyncAt')).toBeUndefined();

    // 4. The last start finishes: every visit of the server in the read model, once, and only
    //    then the first sync is over.
    const last = await start(server.url);
    try {
      await waitFor('first sync over', async () => last.engine.snapshot().firstSync === null, 60_000);
      const ids = new Set(await rmodel.visits.toCollection().primaryKeys());
      expect(want.filter((id) => !ids.has(id))).toEqual([]);
      expect(ids.size).toBe(want.length);
      expect(await rmodel.quarantine.count()).toBe(0);
      await waitFor('caught up', async () => last.engine.snapshot().state === 'up-to-date' && (await rmodel.syncState.get('lastSyncAt')) !== undefined, 60_000);
    } finally {
      await last.destroy();
    }
  });

  // The browser indexes a first sync in a worker (src/lib/db/indexer-browser.ts); here the
  // indexer is the same projector on its own handle of the local copy, as the worker's is.
  it.each(['works', 'fails'] as const)('hands the first sync\'s indexing to an indexer that %s, and ends complete', { timeout: 120_000 }, async (outcome) => {
    const name = `indexer-${outcome}`;
    const rmodel = new ReadModel(`rm-${name}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const enrolment: EnrolmentRow = { key: 'device', ...DESK, label: DESK.name, enrolledAt: new Date().toISOString() };
    await rmodel.enrolment.put(enrolment);
    const asked: DbName[] = [];
    const indexer = (): Indexer => ({
      async catchUp(db, onProgress) {
        asked.push(db);
        if (outcome === 'fails') throw new Error('worker failed to load');
        await new Projector(new PouchDB(join(dir, `${name}-${localName(db)}`)) as unknown as LocalDb, db, rmodel).catchUp(onProgress);
      },
      close() {}
    });
    const rt = await Runtime.start({
      enrolment,
      rm: rmodel,
      pouch: (local) => new PouchDB(join(dir, `${name}-${local}`)) as unknown as LocalDb,
      remote: (db: DbName) => new PouchDB(`${server.url}/${db}`, { skip_setup: true, auth: { username: DESK.name, password: DESK.password } }) as unknown as LocalDb,
      indexer
    });
    try {
      await waitFor('first sync over', async () => rt.engine.snapshot().firstSync === null, 90_000);
      expect(await rmodel.visits.count()).toBeGreaterThanOrEqual(VISITS);
      expect(await rmodel.services.count()).toBeGreaterThan(0);
      expect(await rmodel.quarantine.count()).toBe(0);
      // Asked for every database; one that fails is asked once, then the runtime indexes alone.
      if (outcome === 'works') expect(new Set(asked)).toEqual(new Set(['accueil', 'planning', 'referentiel']));
      else expect(asked).toHaveLength(1);
      // Live afterwards: a later change on the server reaches the read model.
      const at = new Date().toISOString();
      const res = await fetch(`${server.url}/accueil/_bulk_docs`, {
        method: 'POST',
        headers: { Authorization: adminHeader(server), 'Content-Type': 'application/json' },
        body: JSON.stringify({ docs: [{ ...(visits(1)[0] as object), _id: `visit:hdv:${at}:${name}`, arrivedAt: at }] })
      });
      expect(res.ok).toBe(true);
      await waitFor('live change indexed', async () => !!(await rmodel.visits.get(`visit:hdv:${at}:${name}`)), 30_000);
    } finally {
      await rt.destroy();
    }
  });
});
