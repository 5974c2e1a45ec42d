import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DbName } from '$lib/domain/common';
import type { ConflictDoc } from '$lib/domain/conflict';
import type { VisitDoc } from '$lib/domain/visit';
import { loan, roomIssue } from '$lib/testing/building-fixtures';
import { room, visitFormInput } from '$lib/testing/fixtures';
import { memoryDevice, openLeaves, syncOnce, type TestDevice } from '$lib/testing/pouch';
import { checkOutVisit, registerVisit, updateVisit, type Actor } from '$lib/visitors/repo';
import { resolveConflicts } from './conflicts';

const A: Actor = { device: 'desk-curial-1', adviser: 'Anne Roux' };
const B: Actor = { device: 'desk-curial-2', adviser: 'Bruno Petit' };
const T0 = new Date('2025-03-10T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let a: TestDevice;
let b: TestDevice;
beforeEach(() => {
  a = memoryDevice('a');
  b = memoryDevice('b');
});
afterEach(async () => {
  await a.close();
  await b.close();
});

/** A visit registered on A and replicated to B, so both start from the same revision. */
async function sharedVisit(): Promise<string> {
  const v = await registerVisit(a.store, visitFormInput(), A, T0);
  await syncOnce(a.dbs.accueil, b.dbs.accueil);
  return v._id;
}

const conflictsOf = async (d: TestDevice, id: string, db: DbName = 'accueil') =>
  ((await d.dbs[db].get(id, { conflicts: true })) as { _conflicts?: string[] })._conflicts ?? [];

const records = async (d: TestDevice, db: DbName = 'accueil'): Promise<ConflictDoc[]> => {
  const res = await d.dbs[db].allDocs({ include_docs: true, startkey: 'conflict:', endkey: 'conflict:\uffff' });
  return res.rows.map((r) => r.doc as unknown as ConflictDoc);
};

/** Resolves every conflicted document of a database, as the conflict watcher would. */
async function resolveAll(d: TestDevice, deviceName: string, db: DbName = 'accueil'): Promise<number> {
  const res = await d.dbs[db].allDocs({ conflicts: true, include_docs: true });
  let recorded = 0;
  for (const row of res.rows) {
    if ((row.doc as { _conflicts?: string[] } | undefined)?._conflicts?.length) recorded += await resolveConflicts(d.store, db, row.id, deviceName);
  }
  return recorded;
}

const body = async (d: TestDevice, id: string, db: DbName = 'accueil') => d.dbs[db].get(id);

describe('resolveConflicts on a visit', () => {
  it('merges edits of different fields without recording a conflict', async () => {
    const id = await sharedVisit();
    await updateVisit(a.store, id, { reason: 'Passeport' }, A, at(1));
    await updateVisit(b.store, id, { visitorName: 'Élodie Durand', organisation: undefined }, B, at(2));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await conflictsOf(a, id)).toHaveLength(1);

    expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(0);
    const merged = await body(a, id);
    expect(merged).toMatchObject({ reason: 'Passeport', visitorName: 'Élodie Durand', updatedBy: B.device, updatedAt: at(2).toISOString() });
    expect(merged).not.toHaveProperty('organisation');
    expect(merged._rev).toMatch(/^3-/);
    expect(await conflictsOf(a, id)).toEqual([]);
    expect(await openLeaves(a.dbs.accueil, id)).toHaveLength(1);
    expect(await records(a)).toEqual([]);
  });

  it('keeps the latest of two different values of a field, and records the other for the coordinator', async () => {
    const id = await sharedVisit();
    const fromA = await updateVisit(a.store, id, { reason: 'Passeport' }, A, at(1));
    const fromB = await updateVisit(b.store, id, { reason: 'Mariage', serviceId: 'service:mariages' }, B, at(2));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);

    expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(1);
    expect(await body(a, id)).toMatchObject({ reason: 'Mariage', serviceId: 'service:mariages' });
    expect(await conflictsOf(a, id)).toEqual([]);
    expect(await records(a)).toEqual([
      expect.objectContaining({
        _id: `conflict:${id}:${fromA._rev}`,
        type: 'conflict',
        docId: id,
        docType: 'visit',
        fields: [{ field: 'reason', kept: 'Mariage', discarded: 'Passeport' }],
        keptRev: fromB._rev,
        discardedRev: fromA._rev,
        detectedBy: A.device
      })
    ]);
    // The record is itself pending for sync, like any local write.
    expect(await a.rm.pending.get(`accueil/conflict:${id}:${fromA._rev}`)).toBeDefined();
  });

  it('records nothing when both devices made the same change', async () => {
    const id = await sharedVisit();
    await updateVisit(a.store, id, { reason: 'Passeport' }, A, at(1));
    await updateVisit(b.store, id, { reason: 'Passeport', visitorName: 'E. Martin' }, B, at(2));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(0);
    expect(await body(a, id)).toMatchObject({ reason: 'Passeport', visitorName: 'E. Martin' });
    expect(await records(a)).toEqual([]);
  });

  it('keeps the earliest checkout with the adviser who recorded it, and records no conflict', async () => {
    const id = await sharedVisit();
    await checkOutVisit(a.store, id, A, at(10));
    // B checks the visitor out later and also fixes the reason: B's branch is the latest.
    await checkOutVisit(b.store, id, B, at(25));
    await updateVisit(b.store, id, { reason: 'Passeport' }, B, at(26));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);

    expect(await resolveConflicts(b.store, 'accueil', id, B.device)).toBe(0);
    expect(await body(b, id)).toMatchObject({ checkedOutAt: at(10).toISOString(), checkedOutBy: A.adviser, reason: 'Passeport', updatedBy: B.device });
    expect(await records(b)).toEqual([]);
  });

  it('keeps a checkout made on one device while the other edited the visit', async () => {
    const id = await sharedVisit();
    await checkOutVisit(a.store, id, A, at(10));
    await updateVisit(b.store, id, { serviceId: 'service:urbanisme' }, B, at(20));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(0);
    expect(await body(a, id)).toMatchObject({ checkedOutAt: at(10).toISOString(), checkedOutBy: A.adviser, serviceId: 'service:urbanisme' });
  });

  it('returns 0 and writes nothing for a document without conflicts', async () => {
    const id = await sharedVisit();
    const before = await body(a, id);
    expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(0);
    expect((await body(a, id))._rev).toBe(before._rev);
  });

  it('converges when the other replica receives the resolution: one leaf, same content', async () => {
    const id = await sharedVisit();
    await updateVisit(a.store, id, { reason: 'Passeport' }, A, at(1));
    await updateVisit(b.store, id, { reason: 'Mariage' }, B, at(2));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await resolveAll(a, A.device);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);

    expect(await conflictsOf(b, id)).toEqual([]);
    expect(await resolveAll(b, B.device)).toBe(0);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await body(b, id)).toEqual(await body(a, id));
    expect(await openLeaves(b.dbs.accueil, id)).toHaveLength(1);
    expect(await records(b)).toHaveLength(1);
  });

  it('converges when both replicas resolve the same conflict before syncing again', async () => {
    const id = await sharedVisit();
    await updateVisit(a.store, id, { reason: 'Passeport', visitorName: 'Martin' }, A, at(1));
    await updateVisit(b.store, id, { reason: 'Mariage' }, B, at(2));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await resolveAll(a, A.device)).toBe(1);
    expect(await resolveAll(b, B.device)).toBe(1);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);

    // The two resolutions wrote the same merged revision: the visit is not in conflict again.
    expect(await conflictsOf(a, id)).toEqual([]);
    expect(await openLeaves(a.dbs.accueil, id)).toHaveLength(1);
    expect(await body(a, id)).toEqual(await body(b, id));
    expect(await body(a, id)).toMatchObject({ reason: 'Mariage', visitorName: 'Martin' });

    // Both devices recorded the same conflict: one record remains once that is settled,
    // and settling it is not itself a conflict for the coordinator.
    for (let round = 0; round < 3; round++) {
      await resolveAll(a, A.device);
      await resolveAll(b, B.device);
      await syncOnce(a.dbs.accueil, b.dbs.accueil);
    }
    const left = await records(a);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ docId: id, fields: [{ field: 'reason', kept: 'Mariage', discarded: 'Passeport' }] });
    expect(await conflictsOf(a, left[0]!._id)).toEqual([]);
    expect(await records(b)).toEqual(left);
  });

  it('two concurrent resolutions leave only losers to delete (identical leaves)', async () => {
    const id = await sharedVisit();
    await updateVisit(a.store, id, { reason: 'Passeport' }, A, at(1));
    await updateVisit(b.store, id, { visitorName: 'Durand' }, B, at(2));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await resolveConflicts(a.store, 'accueil', id, A.device);
    const resolved = await body(a, id);

    // Another device wrote the same merged body on another branch (e.g. with random revisions).
    const { _rev: _r, ...content } = resolved;
    await b.dbs.accueil.bulkDocs(
      [{ ...content, _rev: `${resolved._rev.split('-')[0]}-ffffffffffffffffffffffffffffffff`, _revisions: { start: 3, ids: ['ffffffffffffffffffffffffffffffff', ...(await revisionIds(a, resolved._rev, id)).slice(1)] } }],
      { new_edits: false }
    );
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await openLeaves(a.dbs.accueil, id)).toHaveLength(2);
    const before = (await body(a, id))._rev;

    expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(0);
    const leaves = await openLeaves(a.dbs.accueil, id);
    expect(leaves).toHaveLength(1);
    // Nothing new written on the winner: only the loser was deleted.
    expect(leaves[0]?._rev).toBe(before);
    expect(await records(a)).toEqual([]);
  });

  it('merges three devices that edited apart', async () => {
    const c = memoryDevice('c');
    try {
      const id = await sharedVisit();
      await syncOnce(a.dbs.accueil, c.dbs.accueil);
      await updateVisit(a.store, id, { reason: 'Passeport' }, A, at(1));
      await updateVisit(b.store, id, { reason: 'Mariage' }, B, at(2));
      await checkOutVisit(c.store, id, { device: 'desk-curial-3', adviser: 'Chloé' }, at(3));
      await syncOnce(a.dbs.accueil, b.dbs.accueil);
      await syncOnce(a.dbs.accueil, c.dbs.accueil);
      expect(await conflictsOf(a, id)).toHaveLength(2);
      expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(1);
      expect(await body(a, id)).toMatchObject({ reason: 'Mariage', checkedOutBy: 'Chloé' });
      expect(await openLeaves(a.dbs.accueil, id)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});

describe('resolveConflicts on a type without merge policy', () => {
  it('keeps the winning revision whole and records every differing field', async () => {
    const rev = await a.store.put('planning', room());
    await syncOnce(a.dbs.planning, b.dbs.planning);
    await a.store.put('planning', { ...room(), _rev: rev, capacity: 60 });
    await b.store.put('planning', { ...room(), _rev: rev, capacity: 90, floor: 'RDC' });
    await syncOnce(a.dbs.planning, b.dbs.planning);
    const winner = await body(a, room()._id, 'planning');

    expect(await resolveConflicts(a.store, 'planning', room()._id, A.device)).toBe(1);
    const after = await body(a, room()._id, 'planning');
    const { _rev: _w, ...winnerBody } = winner;
    const { _rev: _a, ...afterBody } = after;
    expect(afterBody).toEqual(winnerBody);
    expect(await conflictsOf(a, room()._id, 'planning')).toEqual([]);
    const [record] = await records(a, 'planning');
    expect(record?.docType).toBe('room');
    expect(record?.fields.map((f) => f.field).sort()).toEqual(['capacity', 'floor']);
  });
});

describe('resolveConflicts when the document changes under it', () => {
  // Regression: the merged body and the deletion of the losers were written in one bulk whose
  // per-document errors were ignored; if the winning branch moved on meanwhile (replication
  // bringing the next edit of the other device), the merge was refused but the losing branches
  // were deleted anyway, and their edits lost.
  it('does not delete the losing branches when the merged revision cannot be written', async () => {
    const id = await sharedVisit();
    await updateVisit(a.store, id, { reason: 'Passeport' }, A, at(1));
    await updateVisit(b.store, id, { visitorName: 'Durand' }, B, at(2));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);

    const get = a.dbs.accueil.get.bind(a.dbs.accueil);
    const spy = vi.spyOn(a.dbs.accueil, 'get').mockImplementationOnce((async (docId: string, opts: object) => {
      const leaves = await get(docId, opts as never);
      // B's branch (the latest, so the merge's winner) gets a child before the merge is written.
      const winner = (await openLeaves(a.dbs.accueil, id)).find((l) => l.updatedBy === B.device) as unknown as VisitDoc & { _rev: string };
      await a.store.put('accueil', { ...winner, serviceId: 'service:urbanisme', fieldGen: { ...winner.fieldGen, serviceId: 3 }, updatedAt: at(3).toISOString() });
      return leaves;
    }) as never);
    await expect(resolveConflicts(a.store, 'accueil', id, A.device)).rejects.toThrow();
    spy.mockRestore();

    // Both branches survive; resolving again merges all three edits.
    expect(await openLeaves(a.dbs.accueil, id)).toHaveLength(2);
    expect(await resolveConflicts(a.store, 'accueil', id, A.device)).toBe(0);
    expect(await body(a, id)).toMatchObject({ reason: 'Passeport', visitorName: 'Durand', serviceId: 'service:urbanisme' });
    expect(await openLeaves(a.dbs.accueil, id)).toHaveLength(1);
  });
});

async function revisionIds(d: TestDevice, rev: string, id: string): Promise<string[]> {
  const doc = (await d.dbs.accueil.get(id, { rev, revs: true })) as unknown as { _revisions: { ids: string[] } };
  return doc._revisions.ids;
}


describe('resolveConflicts on loans and room problems', () => {
  it('two tablets record the return of one loan offline: the first return wins on both, nothing to review', async () => {
    const l = loan();
    await a.store.put('accueil', l);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    const onA = await a.store.get<typeof l>('accueil', l._id);
    const onB = await b.store.get<typeof l>('accueil', l._id);
    await a.store.put('accueil', { ...onA!, returnedAt: '2025-06-02T12:00:00.000Z', returnedTo: 'Anne Roux' });
    await b.store.put('accueil', { ...onB!, returnedAt: '2025-06-02T11:00:00.000Z', returnedTo: 'Bruno Petit' });
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await resolveAll(a, A.device)).toBe(0);
    expect(await resolveAll(b, B.device)).toBe(0);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    for (const d of [a, b]) {
      expect(await conflictsOf(d, l._id)).toEqual([]);
      expect(await body(d, l._id)).toMatchObject({ returnedAt: '2025-06-02T11:00:00.000Z', returnedTo: 'Bruno Petit' });
    }
  });

  it('a problem fixed on one tablet stays fixed whatever the other did, with the first fix', async () => {
    const issue = roomIssue();
    await a.store.put('accueil', issue);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    const onA = await a.store.get<typeof issue>('accueil', issue._id);
    const onB = await b.store.get<typeof issue>('accueil', issue._id);
    await a.store.put('accueil', { ...onA!, status: 'fixed', fixedAt: '2025-06-03T08:00:00.000Z', fixedBy: 'Anne Roux', fixNote: 'Serrure changée' });
    await b.store.put('accueil', { ...onB!, description: 'La porte côté cour ne ferme plus (clé cassée)' });
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await resolveAll(b, B.device);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    expect(await conflictsOf(a, issue._id)).toEqual([]);
    expect(await body(a, issue._id)).toMatchObject({ status: 'fixed', fixedAt: '2025-06-03T08:00:00.000Z', fixedBy: 'Anne Roux', fixNote: 'Serrure changée' });
  });
});
