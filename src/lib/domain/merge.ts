/**
 * Deterministic merge of conflicting revisions of one document.
 *
 * Each mutable field carries in `fieldGen` the revision generation at which it was last set.
 * Knowing the generation where the branches diverged (from their revision histories), a
 * field set on one branch only is taken from that branch; a field set on several branches
 * to different values is a real conflict: the value of the branch with the latest
 * `updatedAt` (then the greatest rev, so every device picks the same) is kept and the others
 * are reported, never silently dropped. Some fields have their own rule (`rules`), such as
 * a checkout that keeps the earliest time: two advisers checking a visitor out is agreement.
 */

export interface Leaf {
  _rev: string;
  /** Revision ids of this leaf from newest to oldest, with `start` the leaf's generation (PouchDB `_revisions`). */
  revisions: { start: number; ids: string[] };
  doc: Record<string, unknown> & { fieldGen?: Partial<Record<string, number>>; updatedAt?: string };
}

export interface FieldConflict {
  field: string;
  kept: unknown;
  discarded: unknown;
  discardedRev: string;
}

export interface MergeResult {
  /** The merged body, without `_rev`, `_conflicts`, `_revisions`. */
  merged: Record<string, unknown>;
  /** The leaf the merged document is written on top of. */
  winnerRev: string;
  /** The other leaves, to be deleted. */
  loserRevs: string[];
  conflicts: FieldConflict[];
}

/**
 * A field-specific rule: among the leaves that set the field since divergence (in precedence
 * order), picks the one whose value is kept. A rule's choice is agreement, not a conflict.
 */
export type FieldRule = (changers: Leaf[]) => Leaf | undefined;

/** The generation of a revision: 3 for "3-abc". */
export const revGen = (rev: string): number => Number.parseInt(rev.split('-')[0] ?? '0', 10);

/**
 * Applies `changes` to a document, stamping each field that really changes with the generation
 * of the revision about to be written, so a later merge knows which branch changed it.
 */
export function stampChanges(
  current: { _rev: string; fieldGen: Partial<Record<string, number>> } & Record<string, unknown>,
  changes: Record<string, unknown>
): { next: Record<string, unknown>; fieldGen: Partial<Record<string, number>> } {
  const gen = revGen(current._rev) + 1;
  const next: Record<string, unknown> = { ...current };
  const fieldGen = { ...current.fieldGen };
  for (const [field, value] of Object.entries(changes)) {
    if (JSON.stringify(current[field]) === JSON.stringify(value)) continue;
    if (value === undefined) delete next[field];
    else next[field] = value;
    fieldGen[field] = gen;
  }
  return { next, fieldGen };
}

/** Generation of the newest revision that every leaf has in its history (0 if none). */
export function divergenceGeneration(leaves: Leaf[]): number {
  const histories = leaves.map((l) => {
    const set = new Set<string>();
    l.revisions.ids.forEach((id, i) => set.add(`${l.revisions.start - i}-${id}`));
    return set;
  });
  const [first, ...rest] = histories;
  if (!first) return 0;
  let best = 0;
  for (const rev of first) {
    if (rest.every((h) => h.has(rev))) best = Math.max(best, revGen(rev));
  }
  return best;
}

/** Orders leaves so that the first is the one whose values win a real conflict. */
function byPrecedence(a: Leaf, b: Leaf): number {
  // Instants, not strings: the schema accepts offsets other than Z.
  const ua = Date.parse(a.doc.updatedAt ?? '') || 0;
  const ub = Date.parse(b.doc.updatedAt ?? '') || 0;
  if (ua !== ub) return ub - ua;
  const ga = revGen(a._rev);
  const gb = revGen(b._rev);
  if (ga !== gb) return gb - ga;
  return a._rev > b._rev ? -1 : a._rev < b._rev ? 1 : 0;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Merges the leaves of a conflicted document field by field. `fields` are the mutable
 * fields tracked in `fieldGen`; any other field is taken from the winning leaf.
 */
export function mergeLeaves(
  leaves: Leaf[],
  fields: readonly string[],
  rules: Partial<Record<string, FieldRule>> = {}
): MergeResult {
  if (leaves.length === 0) throw new Error('mergeLeaves: no leaves');
  const ordered = [...leaves].sort(byPrecedence);
  const winner = ordered[0] as Leaf;
  const base = divergenceGeneration(leaves);
  const merged: Record<string, unknown> = { ...winner.doc };
  delete merged._rev;
  delete merged._conflicts;
  delete merged._revisions;
  const fieldGen: Record<string, number> = { ...(winner.doc.fieldGen ?? {}) } as Record<string, number>;
  const conflicts: FieldConflict[] = [];

  for (const field of fields) {
    const changers = ordered.filter((l) => (l.doc.fieldGen?.[field] ?? 0) > base);
    if (changers.length === 0) continue;
    const rule = rules[field];
    let value: unknown;
    if (rule) {
      value = (rule(changers) ?? changers[0])?.doc[field];
    } else {
      const chosen = changers[0] as Leaf;
      value = chosen.doc[field];
      for (const other of changers.slice(1)) {
        if (!same(other.doc[field], value)) {
          conflicts.push({ field, kept: value, discarded: other.doc[field], discardedRev: other._rev });
        }
      }
    }
    if (value === undefined) delete merged[field];
    else merged[field] = value;
    // Stamped with the merged revision's generation, so later divergences (which start at or
    // after it) do not mistake this field for one changed on their branch.
    fieldGen[field] = revGen(winner._rev) + 1;
  }
  merged.fieldGen = fieldGen;
  return {
    merged,
    winnerRev: winner._rev,
    loserRevs: ordered.slice(1).map((l) => l._rev),
    conflicts
  };
}
