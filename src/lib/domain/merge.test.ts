import { describe, expect, it } from 'vitest';
import { divergenceGeneration, mergeLeaves, type FieldRule, type Leaf } from './merge';

const FIELDS = ['visitorName', 'reason', 'serviceId', 'checkedOutAt', 'checkedOutBy'] as const;
type Field = (typeof FIELDS)[number];

/** A leaf whose history is `common` (oldest first) then `own` (oldest first). */
function leaf(common: string[], own: string[], doc: Leaf['doc']): Leaf {
  const ids = [...common, ...own].reverse();
  const start = ids.length;
  return { _rev: `${start}-${ids[0]}`, revisions: { start, ids }, doc: { ...doc, _rev: `${start}-${ids[0]}` } };
}

const BASE = { _id: 'visit:curial:x', type: 'visit', visitorName: 'Martin', reason: 'Passeport', serviceId: 'service:etat-civil', fieldGen: {} };

describe('divergenceGeneration', () => {
  it('is the generation of the newest revision every leaf has', () => {
    const a = leaf(['a1', 'a2'], ['x3', 'x4'], {});
    const b = leaf(['a1', 'a2'], ['y3'], {});
    expect(divergenceGeneration([a, b])).toBe(2);
    expect(divergenceGeneration([b, a])).toBe(2);
  });

  it('takes the oldest fork when more than two leaves diverged at different points', () => {
    const a = leaf(['a1', 'a2', 'a3'], ['x4'], {});
    const b = leaf(['a1', 'a2', 'a3'], ['y4', 'y5'], {});
    const c = leaf(['a1'], ['z2'], {});
    expect(divergenceGeneration([a, b, c])).toBe(1);
    expect(divergenceGeneration([a, b])).toBe(3);
  });

  it('tells revisions of the same id at different generations apart', () => {
    // Same hash at generation 2 and 3: only `2-h` is shared.
    const a: Leaf = { _rev: '3-h', revisions: { start: 3, ids: ['h', 'h', 'r'] }, doc: {} };
    const b: Leaf = { _rev: '3-k', revisions: { start: 3, ids: ['k', 'h', 'r'] }, doc: {} };
    expect(divergenceGeneration([a, b])).toBe(2);
  });

  it('is 0 without a common revision or without leaves, and the leaf generation for one leaf', () => {
    expect(divergenceGeneration([leaf([], ['a1'], {}), leaf([], ['b1', 'b2'], {})])).toBe(0);
    expect(divergenceGeneration([])).toBe(0);
    expect(divergenceGeneration([leaf(['a1', 'a2'], [], {})])).toBe(2);
  });
});

describe('mergeLeaves', () => {
  const common = ['c1'];

  it('takes a field changed on one branch only from that branch, whichever branch wins', () => {
    const a = leaf(common, ['a2'], { ...BASE, reason: 'Mariage', updatedAt: '2025-03-10T10:00:00.000Z', fieldGen: { reason: 2 } });
    const b = leaf(common, ['b2'], { ...BASE, visitorName: 'Martin-Durand', updatedAt: '2025-03-10T11:00:00.000Z', fieldGen: { visitorName: 2 } });
    for (const leaves of [[a, b], [b, a]]) {
      const r = mergeLeaves(leaves, FIELDS);
      expect(r.conflicts).toEqual([]);
      expect(r.merged).toMatchObject({ reason: 'Mariage', visitorName: 'Martin-Durand', serviceId: 'service:etat-civil' });
      expect(r.winnerRev).toBe(b._rev);
      expect(r.loserRevs).toEqual([a._rev]);
    }
  });

  it('keeps the winner value of an edit on the winning branch only', () => {
    const a = leaf(common, ['a2', 'a3'], { ...BASE, reason: 'Mariage', updatedAt: '2025-03-10T12:00:00.000Z', fieldGen: { reason: 3 } });
    const b = leaf(common, ['b2'], { ...BASE, updatedAt: '2025-03-10T11:00:00.000Z', fieldGen: {} });
    expect(mergeLeaves([b, a], FIELDS)).toMatchObject({ merged: { reason: 'Mariage' }, conflicts: [], winnerRev: a._rev });
  });

  it('removes a field cleared on one branch', () => {
    const a = leaf(common, ['a2'], { ...BASE, updatedAt: '2025-03-10T10:00:00.000Z', fieldGen: { serviceId: 2 } });
    delete a.doc.serviceId;
    const b = leaf(common, ['b2'], { ...BASE, reason: 'Mariage', updatedAt: '2025-03-10T11:00:00.000Z', fieldGen: { reason: 2 } });
    const r = mergeLeaves([a, b], FIELDS);
    expect(r.merged).not.toHaveProperty('serviceId');
    expect(r.merged.reason).toBe('Mariage');
  });

  it('reports one real conflict when both branches set a field to different values, keeping the latest edit', () => {
    const a = leaf(common, ['a2'], { ...BASE, reason: 'Mariage', updatedAt: '2025-03-10T10:00:00.000Z', fieldGen: { reason: 2 } });
    const b = leaf(common, ['b2'], { ...BASE, reason: 'Naissance', updatedAt: '2025-03-10T10:00:01.000Z', fieldGen: { reason: 2 } });
    for (const leaves of [[a, b], [b, a]]) {
      const r = mergeLeaves(leaves, FIELDS);
      expect(r.merged.reason).toBe('Naissance');
      expect(r.conflicts).toEqual([{ field: 'reason', kept: 'Naissance', discarded: 'Mariage', discardedRev: a._rev }]);
    }
  });

  it('breaks an updatedAt tie by generation, then by revision, the same way on every device', () => {
    const at = '2025-03-10T10:00:00.000Z';
    const a = leaf(common, ['a2'], { ...BASE, reason: 'Mariage', updatedAt: at, fieldGen: { reason: 2 } });
    const b = leaf(common, ['b2'], { ...BASE, reason: 'Naissance', updatedAt: at, fieldGen: { reason: 2 } });
    expect(mergeLeaves([a, b], FIELDS)).toMatchObject({ winnerRev: '2-b2', merged: { reason: 'Naissance' } });
    expect(mergeLeaves([b, a], FIELDS)).toMatchObject({ winnerRev: '2-b2', merged: { reason: 'Naissance' } });
    const longer = leaf(common, ['a2', 'a3'], { ...BASE, reason: 'Décès', updatedAt: at, fieldGen: { reason: 3 } });
    expect(mergeLeaves([b, longer], FIELDS)).toMatchObject({ winnerRev: '3-a3', merged: { reason: 'Décès' } });
  });

  it('reports no conflict when both branches made the same change', () => {
    const vigipirate = { idChecked: true, doorOpenedBy: 'Paul', doorOpenedAt: '2025-03-10T09:00:00.000Z' };
    const a = leaf(common, ['a2'], { ...BASE, reason: 'Mariage', vigipirate: { ...vigipirate }, updatedAt: '2025-03-10T10:00:00.000Z', fieldGen: { reason: 2, vigipirate: 2 } });
    const b = leaf(common, ['b2'], { ...BASE, reason: 'Mariage', vigipirate: { ...vigipirate }, updatedAt: '2025-03-10T10:05:00.000Z', fieldGen: { reason: 2, vigipirate: 2 } });
    const r = mergeLeaves([a, b], [...FIELDS, 'vigipirate']);
    expect(r.conflicts).toEqual([]);
    expect(r.merged).toMatchObject({ reason: 'Mariage', vigipirate });
  });

  it('lets a field rule choose the value without reporting a conflict', () => {
    const earliest: FieldRule = (changers) =>
      [...changers].filter((l) => typeof l.doc.checkedOutAt === 'string').sort((x, y) => String(x.doc.checkedOutAt).localeCompare(String(y.doc.checkedOutAt)))[0];
    const a = leaf(common, ['a2'], { ...BASE, checkedOutAt: '2025-03-10T10:00:00.000Z', checkedOutBy: 'Anne', updatedAt: '2025-03-10T10:00:00.000Z', fieldGen: { checkedOutAt: 2, checkedOutBy: 2 } });
    const b = leaf(common, ['b2'], { ...BASE, checkedOutAt: '2025-03-10T10:20:00.000Z', checkedOutBy: 'Bruno', updatedAt: '2025-03-10T10:20:00.000Z', fieldGen: { checkedOutAt: 2, checkedOutBy: 2 } });
    const r = mergeLeaves([b, a], FIELDS, { checkedOutAt: earliest, checkedOutBy: earliest });
    expect(r.conflicts).toEqual([]);
    expect(r.winnerRev).toBe(b._rev);
    expect(r.merged).toMatchObject({ checkedOutAt: '2025-03-10T10:00:00.000Z', checkedOutBy: 'Anne' });
  });

  it('falls back to the first changer when a rule declines', () => {
    const a = leaf(common, ['a2'], { ...BASE, reason: 'A', updatedAt: '2025-03-10T10:00:00.000Z', fieldGen: { reason: 2 } });
    const b = leaf(common, ['b2'], { ...BASE, reason: 'B', updatedAt: '2025-03-10T11:00:00.000Z', fieldGen: { reason: 2 } });
    expect(mergeLeaves([a, b], FIELDS, { reason: () => undefined })).toMatchObject({ merged: { reason: 'B' }, conflicts: [] });
  });

  it('takes untracked fields from the winner and drops revision metadata', () => {
    const a = leaf(common, ['a2'], { ...BASE, updatedAt: '2025-03-10T10:00:00.000Z', updatedBy: 'desk-a', _conflicts: ['2-b2'], fieldGen: {} });
    const b = leaf(common, ['b2'], { ...BASE, updatedAt: '2025-03-10T11:00:00.000Z', updatedBy: 'desk-b', _revisions: { start: 2, ids: ['b2', 'c1'] }, fieldGen: {} });
    const r = mergeLeaves([a, b], FIELDS);
    expect(r.merged).toMatchObject({ updatedAt: '2025-03-10T11:00:00.000Z', updatedBy: 'desk-b' });
    expect(r.merged).not.toHaveProperty('_rev');
    expect(r.merged).not.toHaveProperty('_conflicts');
    expect(r.merged).not.toHaveProperty('_revisions');
  });

  it('throws without leaves', () => {
    expect(() => mergeLeaves([], FIELDS)).toThrow(/no leaves/);
  });

  it('stamps merged fields so that a later divergence does not see them as changed again', () => {
    const a = leaf(common, ['a2', 'a3'], { ...BASE, reason: 'Mariage', updatedAt: '2025-03-10T10:00:00.000Z', fieldGen: { reason: 3 } });
    const b = leaf(common, ['b2'], { ...BASE, visitorName: 'Durand', updatedAt: '2025-03-10T11:00:00.000Z', fieldGen: { visitorName: 2 } });
    const first = mergeLeaves([a, b], FIELDS);
    expect(first.winnerRev).toBe('2-b2');
    // The merged revision is written on top of the winner, at generation 3.
    expect(first.merged.fieldGen).toEqual({ reason: 3, visitorName: 3 });

    // Two devices then edit other fields of the merged revision, apart again.
    const after = [...common, 'b2', 'm3'];
    const x = leaf(after, ['x4'], { ...first.merged, serviceId: 'service:urbanisme', updatedAt: '2025-03-10T12:00:00.000Z', fieldGen: { ...(first.merged.fieldGen as object), serviceId: 4 } });
    const y = leaf(after, ['y4', 'y5'], { ...first.merged, checkedOutAt: '2025-03-10T12:30:00.000Z', checkedOutBy: 'Anne', updatedAt: '2025-03-10T12:30:00.000Z', fieldGen: { ...(first.merged.fieldGen as object), checkedOutAt: 5, checkedOutBy: 5 } });
    const second = mergeLeaves([x, y], FIELDS);
    expect(second.conflicts).toEqual([]);
    expect(second.merged).toMatchObject({ reason: 'Mariage', visitorName: 'Durand', serviceId: 'service:urbanisme', checkedOutAt: '2025-03-10T12:30:00.000Z' });
    expect(second.merged.fieldGen).toEqual({ reason: 3, visitorName: 3, serviceId: 6, checkedOutAt: 6, checkedOutBy: 6 });
  });
});

/* ------------------------------------------------------------------------------------------
 * Property: random edit scripts on random branches; the merge must not depend on the order
 * the leaves come in, and must agree with a simple model of "who changed what".
 * ---------------------------------------------------------------------------------------- */

/** mulberry32: small, seeded, good enough to generate test cases reproducibly. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Scenario {
  leaves: Leaf[];
  /** Per field, the branches (leaf index) that set it since the fork. */
  changedBy: Record<Field, number[]>;
  initial: Record<Field, unknown>;
}

function scenario(rand: () => number): Scenario {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const commonLength = 1 + Math.floor(rand() * 4);
  const common = Array.from({ length: commonLength }, (_, i) => `c${i + 1}`);
  const initial: Record<Field, unknown> = { visitorName: 'Martin', reason: 'Passeport', serviceId: 'service:a', checkedOutAt: undefined, checkedOutBy: undefined };
  const values: Record<Field, unknown[]> = {
    visitorName: ['Martin', 'Durand', 'Dupont'],
    reason: ['Passeport', 'Mariage', 'Naissance'],
    serviceId: ['service:a', 'service:b'],
    checkedOutAt: ['2025-03-10T10:00:00.000Z', '2025-03-10T11:00:00.000Z', undefined],
    checkedOutBy: ['Anne', 'Bruno']
  };
  // Fields set before the fork (on the shared history), up to the fork's own generation.
  const commonGen: Partial<Record<Field, number>> = {};
  for (const f of FIELDS) if (rand() < 0.5) commonGen[f] = 1 + Math.floor(rand() * commonLength);
  const branches = 2 + Math.floor(rand() * 3);
  const changedBy = Object.fromEntries(FIELDS.map((f) => [f, [] as number[]])) as unknown as Record<Field, number[]>;
  const leaves: Leaf[] = [];
  for (let b = 0; b < branches; b++) {
    const doc: Leaf['doc'] = { _id: 'visit:curial:x', type: 'visit', ...initial, fieldGen: { ...commonGen }, updatedAt: '2025-03-10T09:00:00.000Z' };
    const edits = 1 + Math.floor(rand() * 4);
    const own: string[] = [];
    for (let e = 0; e < edits; e++) {
      const gen = commonLength + e + 1;
      own.push(`b${b}e${gen}`);
      // Few distinct times, so that updatedAt ties (broken by revision) happen often.
      doc.updatedAt = `2025-03-10T1${Math.floor(rand() * 3)}:00:00.000Z`;
      const n = Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) {
        const field = pick(FIELDS);
        const value = pick(values[field]);
        if (value === undefined) delete doc[field];
        else doc[field] = value;
        doc.fieldGen = { ...doc.fieldGen, [field]: gen };
        if (!changedBy[field].includes(b)) changedBy[field].push(b);
      }
    }
    for (const f of FIELDS) if (doc[f] === undefined) delete doc[f];
    leaves.push(leaf(common, own, doc));
  }
  return { leaves, changedBy, initial };
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const earliestCheckout: FieldRule = (changers) =>
  changers.filter((l) => typeof l.doc.checkedOutAt === 'string').sort((a, b) => String(a.doc.checkedOutAt).localeCompare(String(b.doc.checkedOutAt)))[0];

describe('mergeLeaves (property)', () => {
  const ITERATIONS = 500;

  it(`gives the same result whatever the order of the leaves (${ITERATIONS} seeded scenarios)`, () => {
    const rand = prng(20250310);
    for (let i = 0; i < ITERATIONS; i++) {
      const { leaves } = scenario(rand);
      const rules = i % 2 ? { checkedOutAt: earliestCheckout, checkedOutBy: earliestCheckout } : {};
      const expected = mergeLeaves(leaves, FIELDS, rules);
      for (let p = 0; p < 4; p++) {
        expect(mergeLeaves(shuffle(leaves, rand), FIELDS, rules), `scenario ${i}, permutation ${p}`).toEqual(expected);
      }
      expect(divergenceGeneration(shuffle(leaves, rand))).toBe(divergenceGeneration(leaves));
    }
  });

  it(`agrees with who changed what (${ITERATIONS} seeded scenarios)`, () => {
    const rand = prng(73000);
    for (let i = 0; i < ITERATIONS; i++) {
      const { leaves, changedBy, initial } = scenario(rand);
      const r = mergeLeaves(leaves, FIELDS);
      const winner = leaves.find((l) => l._rev === r.winnerRev) as Leaf;
      expect(new Set([r.winnerRev, ...r.loserRevs]).size).toBe(leaves.length);
      const winnerGen = Number(r.winnerRev.split('-')[0]);
      for (const field of FIELDS) {
        const changers = changedBy[field].map((b) => leaves[b] as Leaf);
        const reported = r.conflicts.filter((c) => c.field === field);
        const where = `scenario ${i}, ${field}`;
        if (changers.length === 0) {
          expect(r.merged[field], where).toEqual(initial[field]);
          expect(reported, where).toEqual([]);
          // Not restamped: it still dates from before the fork.
          expect((r.merged.fieldGen as Record<string, number>)[field], where).toBe(winner.doc.fieldGen?.[field]);
          continue;
        }
        expect((r.merged.fieldGen as Record<string, number>)[field], where).toBe(winnerGen + 1);
        const distinct = new Set(changers.map((l) => JSON.stringify(l.doc[field] ?? null)));
        if (changers.length === 1) {
          expect(r.merged[field], where).toEqual(changers[0]?.doc[field]);
          expect(reported, where).toEqual([]);
        } else if (distinct.size === 1) {
          expect(reported, where).toEqual([]);
        } else {
          // Every discarded value is reported against the leaf it came from, and the kept value is merged.
          expect(reported.length, where).toBeGreaterThan(0);
          for (const c of reported) {
            expect(c.kept, where).toEqual(r.merged[field]);
            expect(leaves.find((l) => l._rev === c.discardedRev)?.doc[field], where).toEqual(c.discarded);
          }
          const lost = changers.filter((l) => JSON.stringify(l.doc[field] ?? null) !== JSON.stringify(r.merged[field] ?? null));
          expect(reported.map((c) => c.discardedRev).sort(), where).toEqual(lost.map((l) => l._rev).sort());
          // The kept value is the one of the changer with the latest edit.
          const latest = changers.reduce((best, l) => ((l.doc.updatedAt ?? '') > (best.doc.updatedAt ?? '') ? l : best));
          if (changers.filter((l) => l.doc.updatedAt === latest.doc.updatedAt).length === 1) {
            expect(r.merged[field], where).toEqual(latest.doc[field]);
          }
        }
        expect(winner.doc.updatedAt! >= (changers[0]?.doc.updatedAt ?? ''), where).toBe(true);
      }
    }
  });
});
