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

/**
 * Where each page starts when rows of measured `heights` (px) fill `available` px, `gap` px
 * apart. Rows wrap (titles and directions are never cut), so pages hold as many rows as fit
 * rather than a fixed count; a row taller than the screen gets a page of its own.
 */
export function pageStarts(heights: number[], available: number, gap: number): number[] {
  const starts = [0];
  let used = 0;
  heights.forEach((h, i) => {
    if (used > 0 && used + gap + h > available) {
      starts.push(i);
      used = h;
    } else used += (used > 0 ? gap : 0) + h;
  });
  return heights.length ? starts : [0];
}

/**
 * The font scale for the title of a row measured `rowHeight` px high (its title `titleHeight`)
 * when only `available` px are free: 1 when it fits, else smaller until it fits. A title wraps
 * on more lines as its font grows and each line is taller, so its height goes with the square
 * of the scale. Only titles of a hundred-odd characters get here: they are shown whole, if
 * smaller than the five-metre size, rather than cut.
 */
export function titleScale(rowHeight: number, titleHeight: number, available: number): number {
  const excess = rowHeight - available;
  if (excess <= 0 || titleHeight <= 0) return 1;
  return Math.max(0.35, Math.sqrt(Math.max(0, titleHeight - excess) / titleHeight) * 0.97);
}

/** The page of `items` on screen at `nowMs`, pages starting at `starts`, turning every PAGE_MS. */
export function currentPage<T>(items: T[], starts: number[], nowMs: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, starts.length);
  const page = Math.floor(nowMs / PAGE_MS) % pages;
  return { items: items.slice(starts[page] ?? 0, starts[page + 1] ?? items.length), page: page + 1, pages };
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
