import type { DbName } from '$lib/domain/common';
import type { ConflictDoc } from '$lib/domain/conflict';
import { mergeLeaves, type FieldRule, type Leaf, type MergeResult } from '$lib/domain/merge';
import { TICKET_MUTABLE_FIELDS } from '$lib/domain/ticket';
import { VISIT_MUTABLE_FIELDS } from '$lib/domain/visit';
import { TICKET_RULES } from '$lib/domain/ticket-merge';
import type { LocalStore } from '$lib/db/store';

/** Per type: the fields merged one by one, and the fields with a rule of their own. */
interface MergePolicy {
  fields: readonly string[];
  rules?: Partial<Record<string, FieldRule>>;
  /** Never merged automatically: an adviser decides (see resolveDoubleBooking in appointments/repo.ts). */
  manual?: boolean;
  /** Documents without `fieldGen`: every differing field is reported, but for the `rules`. */
  wholeDocument?: boolean;
}

/** Among the leaves that set `field` (an instant), the earliest; else the usual winner. */
const earliest =
  (field: string): FieldRule =>
  (changers) => {
    const withValue = changers.filter((l) => typeof l.doc[field] === 'string');
    withValue.sort((a, b) => Date.parse(String(a.doc[field])) - Date.parse(String(b.doc[field])));
    return withValue[0] ?? changers[0];
  };
/** The first checkout recorded wins, with the adviser who recorded it: both advisers agreed the visitor left. */
const earliestCheckout = earliest('checkedOutAt');
/** An item comes back once: the first return recorded wins, with whoever took it back. */
const earliestReturn = earliest('returnedAt');
/** A problem fixed on one tablet is fixed: the first fix wins, with its adviser and note. */
const earliestFix = earliest('fixedAt');

const POLICIES: Record<string, MergePolicy> = {
  visit: {
    fields: VISIT_MUTABLE_FIELDS,
    // The history goes with the checkout kept: two tablets that both recorded a departure
    // agree the visitor left, so their two histories are one fact, not a conflict.
    rules: { checkedOutAt: earliestCheckout, checkedOutBy: earliestCheckout, history: earliestCheckout }
  },
  // Two devices that resolved the same conflict wrote the same record but for who and when
  // detected it: the winning record is kept as is. Reporting that difference would write a
  // record about the record, which both devices would write again, one level deeper per sync.
  conflict: { fields: [] },
  // Two desks calling one ticket offline: the earliest call wins, with its guichet and adviser.
  ticket: { fields: TICKET_MUTABLE_FIELDS, rules: TICKET_RULES },
  // Two bookings of one seat are two people expecting the same place: no merge can be right.
  // The conflict stays in PouchDB, the read model flags the row, the agenda shows both.
  appointment: { fields: [], manual: true },
  loan: { fields: [], wholeDocument: true, rules: { returnedAt: earliestReturn, returnedTo: earliestReturn } },
  roomissue: { fields: [], wholeDocument: true, rules: { status: earliestFix, fixedAt: earliestFix, fixedBy: earliestFix, fixNote: earliestFix } }
};

/** Without a policy, every differing top-level field between winner and loser is reported. */
function wholeDocumentMerge(leaves: Leaf[], rules: MergePolicy['rules'] = {}): MergeResult {
  const fields = [...new Set(leaves.flatMap((l) => Object.keys(l.doc)))].filter(
    (k) => !k.startsWith('_') && k !== 'fieldGen'
  );
  // Everything counts as changed since divergence, so differing values are reported.
  const stamped = leaves.map((l) => ({
    ...l,
    doc: { ...l.doc, fieldGen: Object.fromEntries(fields.map((f) => [f, Number.MAX_SAFE_INTEGER])) }
  }));
  const result = mergeLeaves(stamped, fields, rules);
  delete result.merged.fieldGen;
  const winner = leaves.find((l) => l._rev === result.winnerRev) as Leaf;
  // Fields a rule decided come from the merge; the rest from the winning leaf as it is.
  const decided = Object.fromEntries(Object.keys(rules).map((f) => [f, result.merged[f]]));
  return { ...result, merged: { ...winner.doc, ...decided, _rev: undefined, _conflicts: undefined, _revisions: undefined } };
}

/**
 * Resolves the conflicting revisions of one document with its type's deterministic merge:
 * writes the merged body on the winning branch, deletes the losing leaves, and records every
 * real conflict (same field changed on two devices) as a `conflict` document for the
 * coordinator. When the leaves are identical (two devices resolved the same conflict) only
 * the losers are deleted, so concurrent resolutions converge instead of ping-ponging.
 *
 * @returns the number of real conflicts recorded.
 */
export async function resolveConflicts(store: LocalStore, db: DbName, docId: string, deviceName: string): Promise<number> {
  const pouch = store.dbs[db];
  const open = await pouch.get(docId, { open_revs: 'all', revs: true });
  const leaves: Leaf[] = (open as unknown as { ok?: Record<string, unknown> & { _rev: string; _revisions: Leaf['revisions'] } }[])
    .map((r) => r.ok)
    .filter((d): d is NonNullable<typeof d> => !!d && d._deleted !== true)
    .map((d) => ({ _rev: d._rev, revisions: d._revisions, doc: d }));
  if (leaves.length < 2) return 0;

  const type = String(leaves[0]?.doc.type ?? '');
  const policy = POLICIES[type];
  if (policy?.manual) return 0;
  const result = !policy || policy.wholeDocument ? wholeDocumentMerge(leaves, policy?.rules) : mergeLeaves(leaves, policy.fields, policy.rules);
  const strip = (d: Record<string, unknown>) => {
    const { _rev, _revisions, _conflicts, ...rest } = d;
    return JSON.stringify(rest);
  };
  const identical = leaves.every((l) => strip(l.doc) === strip(leaves[0]!.doc));

  if (!identical) {
    const { _rev: _r, _revisions: _v, _conflicts: _c, ...merged } = result.merged;
    // Written alone and first: if the winner moved on meanwhile (an adviser's edit), this
    // throws and the losing branches are kept for the next attempt, not deleted with their edits.
    await store.put(db, { ...merged, _id: docId, _rev: result.winnerRev });
  }
  await store.bulk(db, result.loserRevs.map((rev) => ({ _id: docId, _rev: rev, _deleted: true })));

  const now = new Date().toISOString();
  const byLoser = new Map<string, ConflictDoc['fields']>();
  for (const c of result.conflicts) {
    const list = byLoser.get(c.discardedRev) ?? [];
    list.push({ field: c.field, kept: c.kept, discarded: c.discarded });
    byLoser.set(c.discardedRev, list);
  }
  for (const [discardedRev, fields] of byLoser) {
    const record: ConflictDoc = {
      _id: `conflict:${docId}:${discardedRev}`,
      type: 'conflict',
      v: 1,
      docId,
      docType: type,
      fields,
      keptRev: result.winnerRev,
      discardedRev,
      detectedAt: now,
      detectedBy: deviceName
    };
    // Every device resolving this conflict writes the same id: the first one wins, the rest is a no-op.
    if (!(await store.get(db, record._id))) await store.put(db, record).catch(() => undefined);
  }
  return byLoser.size;
}
