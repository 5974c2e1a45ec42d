import type { SiteDoc } from '$lib/domain/reference';
import { addDays, holidayName } from '$lib/domain/holidays';
import { isoWeekday, parisWallClock } from '$lib/domain/zoned';

/** A Paris wall-clock moment: "YYYY-MM-DD" and "HH:MM". */
export interface WallClock {
  day: string;
  time: string;
}

export type OpeningState = { open: true } | { open: false; next: WallClock | null };

/** Far enough for the longest closure the city knows (Christmas week), short enough to stay cheap. */
const LOOKAHEAD_DAYS = 21;

/** The open intervals of a weekday, lunch break taken out, in opening order. */
function intervals(site: Pick<SiteDoc, 'openingHours'>, weekday: number): [string, string][] {
  return site.openingHours
    .filter((r) => r.weekday === weekday)
    .flatMap((r): [string, string][] =>
      r.breakStart && r.breakEnd ? [[r.open, r.breakStart], [r.breakEnd, r.close]] : [[r.open, r.close]]
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Whether the building's reception is open at `now` (Paris wall clock, lunch break and French
 * public holidays closed), and if not, when it opens next. Without opening hours known it
 * counts as open: the kiosk would rather say nothing than announce a wrong closure.
 */
export function openingState(site: Pick<SiteDoc, 'openingHours'> | undefined, now: Date): OpeningState {
  if (!site || site.openingHours.length === 0) return { open: true };
  const { day: today, time } = parisWallClock(now.getTime());
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) {
    const day = addDays(today, i);
    if (holidayName(day)) continue;
    for (const [start, end] of intervals(site, isoWeekday(day))) {
      if (i === 0 && time >= end) continue;
      if (i === 0 && time >= start) return { open: true };
      return { open: false, next: { day, time: start } };
    }
  }
  return { open: false, next: null };
}
