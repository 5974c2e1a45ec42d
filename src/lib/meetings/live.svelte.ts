import type { MeetingRow, ReadModel, RoomRow } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';
import { useLive } from '$lib/ui/live.svelte';
import { meetingsOfDay, roomsOf } from './queries';

/** A building's meetings of a day and its rooms, kept live from the read model (board and display). */
export function useDayBoard(rm: ReadModel, site: () => SiteCode, day: () => string) {
  const meetings = useLive(() => {
    const s = site();
    const d = day();
    return () => meetingsOfDay(rm, s, d);
  }, [] as MeetingRow[]);
  const rooms = useLive(() => {
    const s = site();
    return () => roomsOf(rm, s);
  }, { byId: {} as Record<string, RoomRow>, list: [] as RoomRow[] });
  return { meetings, rooms };
}
