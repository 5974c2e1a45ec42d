import type { AdviserRow, ReadModel, ShiftRow } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';

/** The advisers who may sign in, by name. */
export async function activeAdvisers(rm: ReadModel): Promise<AdviserRow[]> {
  const rows = await rm.advisers.where('isActive').equals(1).toArray();
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** Every adviser, active first, for the coordinator. */
export async function allAdvisers(rm: ReadModel): Promise<AdviserRow[]> {
  const rows = await rm.advisers.toArray();
  return rows.sort((a, b) => b.isActive - a.isActive || a.name.localeCompare(b.name, 'fr'));
}

/** The shifts that started on or after `fromDay`, newest first, in one building or both. */
export async function shiftHistory(rm: ReadModel, fromDay: string, site?: SiteCode): Promise<ShiftRow[]> {
  const rows = await rm.shifts.where('day').aboveOrEqual(fromDay).toArray();
  return rows.filter((s) => !site || s.site === site).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
