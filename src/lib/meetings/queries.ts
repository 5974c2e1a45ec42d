import type { BoardPrintRow, FeedRow, MeetingRow, ReadModel, RoomRow } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';

/** Meetings of a building on a Paris day, including those that began on an earlier day. */
export function meetingsOfDay(rm: ReadModel, site: SiteCode, day: string): Promise<MeetingRow[]> {
  return rm.meetings
    .where('days')
    .equals(day)
    .filter((m) => m.site === site)
    .toArray()
    .then((rows) => rows.sort((a, b) => a.start.localeCompare(b.start)));
}

/** The rooms of a building, by id, and in name order. */
export async function roomsOf(rm: ReadModel, site: SiteCode): Promise<{ byId: Record<string, RoomRow>; list: RoomRow[] }> {
  const list = (await rm.rooms.where('site').equals(site).toArray()).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return { byId: Object.fromEntries(list.map((r) => [r.id, r])), list };
}

/** The building's Zimbra feeds that failed on their last poll. */
export function failingFeeds(rm: ReadModel, site: SiteCode): Promise<FeedRow[]> {
  return rm.feeds
    .where('site')
    .equals(site)
    .filter((f) => f.error !== undefined)
    .toArray();
}

export function lastPrint(rm: ReadModel, site: SiteCode, day: string): Promise<BoardPrintRow | null> {
  return rm.boardPrints
    .where('[site+day]')
    .equals([site, day])
    .first()
    .then((r) => r ?? null);
}
