import type { ChecklistRow, ReadModel, ReceiptRow } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';

// Queriers for `useLive`/`liveQuery`: Dexie re-runs them when the tables they read change.

/** A building's receipts of one Paris day, latest first. */
export async function receiptsOfDay(rm: ReadModel, site: SiteCode, day: string): Promise<ReceiptRow[]> {
  const rows = await rm.receipts.where('day').equals(day).filter((r) => r.site === site).toArray();
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Every procedure checklist, by name. */
export async function allChecklists(rm: ReadModel): Promise<ChecklistRow[]> {
  const rows = await rm.checklists.toArray();
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
