import type { LocalStore } from '$lib/db/store';
import type { ConflictRow } from '$lib/db/read-model';
import type { ConflictDoc } from '$lib/domain/conflict';
import { VISIT_MUTABLE_FIELDS, type VisitMutableField } from '$lib/domain/visit';
import { updateVisit, type Actor } from '$lib/visitors/repo';

/** Marks a conflict as seen by the coordinator (the merged value stays). */
export async function markReviewed(store: LocalStore, row: ConflictRow, by: string, now = new Date()): Promise<void> {
  const current = await store.get<ConflictDoc>(row.db, row.id);
  if (!current) return;
  await store.put(row.db, { ...current, reviewedAt: now.toISOString(), reviewedBy: by });
}

/** Puts the discarded values back on the document, then marks the conflict reviewed. */
export async function restoreDiscarded(store: LocalStore, row: ConflictRow, actor: Actor): Promise<void> {
  if (row.docType !== 'visit') throw new Error(`restore not supported for ${row.docType}`);
  const changes: Partial<Record<VisitMutableField, unknown>> = {};
  for (const f of row.fields) {
    if ((VISIT_MUTABLE_FIELDS as readonly string[]).includes(f.field)) changes[f.field as VisitMutableField] = f.discarded;
  }
  await updateVisit(store, row.docId, changes as never, actor);
  await markReviewed(store, row, actor.device);
}
