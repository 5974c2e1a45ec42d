import type { MeetingRow } from '$lib/db/read-model';
import type { SiteDoc } from '$lib/domain/reference';
import { parisClock } from '$lib/queue/closing';

/** How long each page of a long board stays up on the hallway display. */
export const PAGE_MS = 12_000;

/** The meetings still to show at `now`: under way or to come, cancelled ones until their end. */
export function upcomingMeetings(meetings: MeetingRow[], now: Date): MeetingRow[] {
  const t = now.getTime();
  return meetings.filter((m) => Date.parse(m.end) > t);
}

/** The slice of `items` on screen at `nowMs` when `perPage` fit, turning every PAGE_MS. */
export function currentPage<T>(items: T[], perPage: number, nowMs: number): { items: T[]; page: number; pages: number } {
  const size = Math.max(1, perPage);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.floor(nowMs / PAGE_MS) % pages;
  return { items: items.slice(page * size, page * size + size), page: page + 1, pages };
}

/**
 * A few pixels of drift, moving every minute around a small orbit: nothing on the panel stays
 * lit on exactly the same pixels all day (burn-in on LCD and OLED hallway screens), while the
 * text hardly seems to move for a passer-by.
 */
const ORBIT: readonly [number, number][] = [
  [0, 0], [4, 2], [8, 0], [6, 6], [2, 8], [-2, 6], [-6, 4], [-8, 0], [-4, -4], [0, -6], [4, -4], [2, -2]
];
export function burnInShift(nowMs: number): { x: number; y: number } {
  const [x, y] = ORBIT[Math.floor(nowMs / 60_000) % ORBIT.length]!;
  return { x, y };
}

/**
 * Whether the building is open at `now` (Paris), from its opening hours. Outside them the
 * display dims: nobody reads it, and a bright static picture all night is what burns panels.
 * Without opening hours known, it counts as open.
 */
export function isOpen(site: Pick<SiteDoc, 'openingHours'> | undefined, now: Date): boolean {
  if (!site) return true;
  const { weekday, time } = parisClock(now);
  return site.openingHours.some((r) => r.weekday === weekday && r.open <= time && time < r.close);
}
