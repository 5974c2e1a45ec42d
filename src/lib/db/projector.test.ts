import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DbName } from '$lib/domain/common';
import { conflict, LATE_ARRIVAL, meeting, room, service, site, visit } from '$lib/testing/fixtures';
import { memoryPouch, memoryReadModel } from '$lib/testing/pouch';
import type { LocalDb } from './pouch';
import { Projector } from './projector';
import type { ReadModel } from './read-model';

let rm: ReadModel;
let pouches: Record<'accueil' | 'planning' | 'referentiel', LocalDb>;
let projectors: Projector[];
let quarantined: { docId: string; reason: string }[];

function projector(db: keyof typeof pouches): Projector {
  const p = new Projector(pouches[db], db, rm, { onQuarantine: (docId, reason) => quarantined.push({ docId, reason }) });
  projectors.push(p);
  return p;
}

const dump = async () => ({
  visits: await rm.visits.toArray(),
  conflicts: await rm.conflicts.toArray(),
  quarantine: (await rm.quarantine.toArray()).map(({ at: _at, ...q }) => q)
});

/** A visit of another visitor at another time (ids must differ). */
const visitAt = (minute: number, overrides = {}) => {
  const at = `2025-03-10T09:${String(minute).padStart(2, '0')}:00.000Z`;
  return visit({ _id: `visit:curial:${at}:m${minute}`, arrivedAt: at, updatedAt: at, vigipirate: { idChecked: true, doorOpenedBy: 'Paul', doorOpenedAt: at }, ...overrides });
};

beforeEach(() => {
  rm = memoryReadModel();
  pouches = { accueil: memoryPouch('accueil'), planning: memoryPouch('planning'), referentiel: memoryPouch('referentiel') };
  projectors = [];
  quarantined = [];
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(async () => {
  for (const p of projectors) await p.stop();
  for (const db of Object.values(pouches)) await db.destroy();
  rm.close();
  await rm.delete();
  vi.restoreAllMocks();
});

describe('Projector.catchUp', () => {
  it('projects each type into its table with derived fields', async () => {
    await pouches.accueil.bulkDocs([
      visit(),
      visitAt(5, { checkedOutAt: '2025-03-10T10:00:00.000Z', checkedOutBy: 'Anne' }),
      visitAt(6, { vigipirate: { idChecked: false, doorOpenedBy: 'Paul', doorOpenedAt: '2025-03-10T09:06:00.000Z', refusedReason: 'Refus de contrôle' } }),
      conflict()
    ]);
    await pouches.planning.bulkDocs([room(), meeting(), conflict({ _id: 'conflict:meeting:hdv:x:2-b', docId: 'meeting:hdv:x', docType: 'meeting', reviewedAt: '2025-03-12T08:00:00.000Z', reviewedBy: 'coord' })]);
    await pouches.referentiel.bulkDocs([site(), service()]);
    for (const db of ['accueil', 'planning', 'referentiel'] as const) await projector(db).catchUp();

    const v = await rm.visits.get(visit()._id);
    // 23:30 UTC on 10 March is 11 March in Paris.
    expect(v).toMatchObject({ id: visit()._id, site: 'curial', day: '2025-03-11', status: 'present', conflicted: 0, visitorName: 'Élodie Martin' });
    expect(v).not.toHaveProperty('_rev');
    expect((await rm.visits.get(visitAt(5)._id))?.status).toBe('left');
    expect((await rm.visits.get(visitAt(6)._id))?.status).toBe('refused');
    expect(await rm.visits.where('[site+day]').equals(['curial', '2025-03-10']).count()).toBe(2);

    const s = await rm.services.get('service:etat-civil');
    expect(s?.searchText).toBe("etat civil carte d'identite passeport mariage naissance rez-de-chaussee, guichet 2");
    expect(await rm.sites.get('site:curial')).toMatchObject({ code: 'curial', conflicted: 0 });
    expect(await rm.rooms.get(room()._id)).toMatchObject({ site: 'hdv', capacity: 80 });
    // 22:30 UTC on 1 June is 00:30 on 2 June in Paris (summer time).
    expect(await rm.meetings.get(meeting()._id)).toMatchObject({ day: '2025-06-02', roomId: room()._id });
    expect(await rm.conflicts.get(conflict()._id)).toMatchObject({ db: 'accueil', reviewed: 0 });
    expect(await rm.conflicts.get('conflict:meeting:hdv:x:2-b')).toMatchObject({ db: 'planning', reviewed: 1 });
    expect(await rm.checkpoints.get('accueil')).toBeDefined();
  });

  it('reports no progress on an empty database', async () => {
    const progress = vi.fn();
    await projector('accueil').catchUp(progress);
    expect(progress).not.toHaveBeenCalled();
    expect(await rm.visits.count()).toBe(0);
  });

  it('goes through a long feed in several batches', async () => {
    const docs = Array.from({ length: 1234 }, (_, i) => {
      const at = new Date(Date.UTC(2025, 2, 10, 8, 0, i)).toISOString();
      return visit({ _id: `visit:curial:${at}:n${i}`, arrivedAt: at, updatedAt: at });
    });
    await pouches.accueil.bulkDocs(docs);
    const progress = vi.fn();
    await new Projector(pouches.accueil, 'accueil', rm, { batch: 500 }).catchUp(progress);
    expect(await rm.visits.count()).toBe(1234);
    expect(progress.mock.calls.map((c) => c[0])).toEqual([500, 1000, 1234]);
  });

  it('skips design documents', async () => {
    await pouches.accueil.put({ _id: '_design/app', views: {} });
    await projector('accueil').catchUp();
    expect(await rm.visits.count()).toBe(0);
    expect(await rm.quarantine.count()).toBe(0);
  });

  it('is idempotent: replaying the feed from the start gives the same rows, no duplicates', async () => {
    await pouches.accueil.bulkDocs([visit(), visitAt(1), visitAt(2), conflict()]);
    const p = projector('accueil');
    await p.catchUp();
    const before = await dump();
    await rm.checkpoints.delete('accueil');
    await p.catchUp();
    await rm.checkpoints.delete('accueil');
    await p.catchUp();
    expect(await dump()).toEqual(before);
    expect(await rm.visits.count()).toBe(3);
  });

  it('resumes from its checkpoint: only changes made since are applied', async () => {
    await pouches.accueil.bulkDocs([visitAt(1), visitAt(2)]);
    const p = projector('accueil');
    await p.start();
    await p.stop();
    // A row the projector would overwrite if it replayed the old changes.
    await rm.visits.update(visitAt(1)._id, { visitorName: 'sentinelle' });
    await pouches.accueil.bulkDocs([visitAt(3), visitAt(4)]);

    const progress = vi.fn();
    await projector('accueil').catchUp(progress);
    expect(progress).toHaveBeenCalledWith(2);
    expect((await rm.visits.get(visitAt(1)._id))?.visitorName).toBe('sentinelle');
    expect(await rm.visits.count()).toBe(4);
  });
});

describe('Projector live', () => {
  it('follows creations, updates and deletions', async () => {
    const p = projector('accueil');
    await p.start();
    const { rev } = await pouches.accueil.put(visit());
    await vi.waitFor(async () => expect(await rm.visits.get(visit()._id)).toMatchObject({ status: 'present' }));

    const out = await pouches.accueil.put({ ...visit(), _rev: rev, checkedOutAt: '2025-03-11T01:00:00.000Z', checkedOutBy: 'Anne' });
    await vi.waitFor(async () => expect(await rm.visits.get(visit()._id)).toMatchObject({ status: 'left', checkedOutBy: 'Anne' }));

    await pouches.accueil.remove(visit()._id, out.rev);
    await vi.waitFor(async () => expect(await rm.visits.get(visit()._id)).toBeUndefined());
    await p.idle();
    const seq = (await pouches.accueil.info()).update_seq;
    expect((await rm.checkpoints.get('accueil'))?.seq).toEqual(seq);
  });

  it('removes a deleted document from every table of its database', async () => {
    const { rev } = await pouches.accueil.put(conflict());
    const p = projector('accueil');
    await p.start();
    expect(await rm.conflicts.count()).toBe(1);
    await pouches.accueil.remove(conflict()._id, rev);
    await vi.waitFor(async () => expect(await rm.conflicts.count()).toBe(0));
  });

  it('stops following on stop() and picks up where it was on the next start()', async () => {
    const p = projector('accueil');
    await p.start();
    await p.stop();
    await pouches.accueil.put(visitAt(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(await rm.visits.count()).toBe(0);
    await p.start();
    expect(await rm.visits.count()).toBe(1);
  });
});

describe('Projector quarantine', () => {
  const wrongSite = () => visitAt(7, { site: 'hdv' });

  it('quarantines an invalid document with its reason and keeps applying the feed', async () => {
    await pouches.accueil.bulkDocs([visitAt(1), wrongSite(), visitAt(2)]);
    const p = projector('accueil');
    await p.start();
    expect(await rm.visits.count()).toBe(2);
    const q = await rm.quarantine.get(`accueil/${wrongSite()._id}`);
    expect(q).toMatchObject({ db: 'accueil', docId: wrongSite()._id, reason: "visit: _id: l'identifiant ne correspond pas au bâtiment" });
    expect(q?.rev).toMatch(/^1-/);
    expect(quarantined).toEqual([{ docId: wrongSite()._id, reason: q?.reason }]);

    // Live: another invalid document, then a valid one.
    await pouches.accueil.put({ _id: 'visit:curial:junk', type: 'visit', v: 1 });
    await pouches.accueil.put(visitAt(3));
    await vi.waitFor(async () => expect(await rm.visits.get(visitAt(3)._id)).toBeDefined());
    expect(await rm.quarantine.count()).toBe(2);
  });

  it('keeps the last valid projection of a document whose new revision is invalid, until it is fixed', async () => {
    const { rev } = await pouches.accueil.put(visitAt(1));
    const p = projector('accueil');
    await p.start();
    const bad = await pouches.accueil.put({ ...visitAt(1), _rev: rev, visitorName: '', reason: 'nouveau motif' });
    await vi.waitFor(async () => expect(await rm.quarantine.count()).toBe(1));
    expect((await rm.visits.get(visitAt(1)._id))?.reason).toBe(visitAt(1).reason);
    expect((await rm.quarantine.toArray())[0]?.reason).toMatch(/^visit: visitorName: /);

    await pouches.accueil.put({ ...visitAt(1), _rev: bad.rev, reason: 'motif corrigé' });
    await vi.waitFor(async () => expect((await rm.visits.get(visitAt(1)._id))?.reason).toBe('motif corrigé'));
    expect(await rm.quarantine.count()).toBe(0);
  });

  it('lifts the quarantine of a document that is deleted', async () => {
    const { rev } = await pouches.accueil.put(wrongSite());
    const p = projector('accueil');
    await p.start();
    expect(await rm.quarantine.count()).toBe(1);
    await pouches.accueil.remove(wrongSite()._id, rev);
    await vi.waitFor(async () => expect(await rm.quarantine.count()).toBe(0));
  });

  it('quarantines a document of a type that does not belong to the database', async () => {
    await pouches.planning.put(visit());
    await projector('planning').catchUp();
    expect((await rm.quarantine.toArray())[0]).toMatchObject({ db: 'planning', reason: 'unknown type "visit" in planning' });
    expect(await rm.visits.count()).toBe(0);
  });
});

describe('Projector conflicts', () => {
  it('marks a document with conflicting revisions, and clears the mark once resolved', async () => {
    const base = visit();
    await pouches.accueil.bulkDocs(
      [
        { ...base, reason: 'Mariage', _rev: '2-aaa', _revisions: { start: 2, ids: ['aaa', 'base'] } },
        { ...base, reason: 'Naissance', _rev: '2-bbb', _revisions: { start: 2, ids: ['bbb', 'base'] } }
      ],
      { new_edits: false }
    );
    const p = projector('accueil');
    await p.start();
    expect(await rm.visits.get(base._id)).toMatchObject({ conflicted: 1, reason: 'Naissance' });
    expect(await rm.visits.where('conflicted').equals(1).count()).toBe(1);

    await pouches.accueil.remove(base._id, '2-aaa');
    await vi.waitFor(async () => expect((await rm.visits.get(base._id))?.conflicted).toBe(0));
  });
});

describe('Projector.rebuild', () => {
  it('clears its tables and replays, keeping enrolment, pending writes, sync state and other databases', async () => {
    await pouches.accueil.bulkDocs([visitAt(1), visitAt(2), conflict(), visitAt(7, { site: 'hdv' })]);
    await pouches.planning.bulkDocs([room(), conflict({ _id: 'conflict:meeting:hdv:x:2-b', docId: 'meeting:hdv:x', docType: 'meeting' })]);
    const accueil = projector('accueil');
    await accueil.catchUp();
    await projector('planning').catchUp();
    const before = await dump();

    await rm.enrolment.put({ key: 'device', name: 'desk-curial-1', password: 'secret', site: 'curial', role: 'desk', label: 'Accueil 1', enrolledAt: LATE_ARRIVAL });
    await rm.pending.put({ key: 'accueil/visit:x', db: 'accueil', docId: 'visit:x', rev: '1-a', at: LATE_ARRIVAL });
    await rm.syncState.put({ key: 'lastSyncAt', value: LATE_ARRIVAL });
    // Damage the read model: a stray row, a stale row, a stray quarantine entry.
    await rm.visits.put({ ...visitAt(9), id: visitAt(9)._id, day: '2025-03-10', status: 'present', location: 'curial', conflicted: 0 });
    await rm.visits.update(visitAt(1)._id, { visitorName: 'périmé' });
    await rm.quarantine.put({ key: 'accueil/visit:gone', db: 'accueil', docId: 'visit:gone', rev: '1-x', reason: 'old', at: LATE_ARRIVAL });

    const progress = vi.fn();
    await accueil.rebuild(progress);
    expect(progress).toHaveBeenLastCalledWith(4);
    expect(await dump()).toEqual(before);
    expect(await rm.enrolment.count()).toBe(1);
    expect(await rm.pending.count()).toBe(1);
    expect(await rm.syncState.get('lastSyncAt')).toBeDefined();
    expect(await rm.rooms.count()).toBe(1);
    expect(await rm.conflicts.where('db').equals('planning').count()).toBe(1);
  });

  it('keeps following the feed after rebuilding a live projector', async () => {
    const p = projector('accueil');
    await p.start();
    await p.rebuild();
    await pouches.accueil.put(visitAt(1));
    await vi.waitFor(async () => expect(await rm.visits.count()).toBe(1));
  });

  it('rebuilds each database on its own', async () => {
    await pouches.referentiel.bulkDocs([site(), service()]);
    await pouches.accueil.put(visitAt(1));
    const dbs: DbName[] = ['referentiel', 'accueil'];
    const [ref, acc] = dbs.map((db) => projector(db as 'referentiel' | 'accueil'));
    await ref?.catchUp();
    await acc?.catchUp();
    await rm.services.clear();
    await acc?.rebuild();
    expect(await rm.services.count()).toBe(0);
    await ref?.rebuild();
    expect(await rm.services.count()).toBe(1);
    expect(await rm.visits.count()).toBe(1);
  });
});
