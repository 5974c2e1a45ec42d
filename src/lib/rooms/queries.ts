import type { ReadModel, RoomCheckRow, RoomIssueRow, RoomRow } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';

/** The rooms of a building, by name. */
export function roomsOf(rm: ReadModel, site: SiteCode): Promise<RoomRow[]> {
  return rm.rooms.where('site').equals(site).sortBy('name');
}

export { meetingsOfDay } from '$lib/meetings/queries';

/** The rooms checked in a building on a day, both rounds. */
export function checksOfDay(rm: ReadModel, site: SiteCode, day: string): Promise<RoomCheckRow[]> {
  return rm.roomChecks.where('[site+day]').equals([site, day]).toArray();
}

/** Problems of a building not fixed yet, newest first. */
export async function openIssues(rm: ReadModel, site: SiteCode): Promise<RoomIssueRow[]> {
  const rows = await rm.roomIssues.where('[site+open]').equals([site, 1]).toArray();
  return rows.sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
}

/** The latest fixed problems of a building, most recently fixed first. */
export async function fixedIssues(rm: ReadModel, site: SiteCode, limit = 30): Promise<RoomIssueRow[]> {
  const rows = await rm.roomIssues.where('[site+open]').equals([site, 0]).toArray();
  return rows.sort((a, b) => (b.fixedAt ?? b.reportedAt).localeCompare(a.fixedAt ?? a.reportedAt)).slice(0, limit);
}

/** Rows grouped by their room. */
export function byRoom<T extends { roomId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.roomId);
    if (list) list.push(r);
    else out.set(r.roomId, [r]);
  }
  return out;
}
