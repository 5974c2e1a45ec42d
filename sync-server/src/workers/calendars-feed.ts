import { parisDay } from '../../../src/lib/domain/dates';
import { feedDoc, type FeedDoc, type RoomDoc } from '../../../src/lib/domain/planning';
import { parisInstant } from '../../../src/lib/domain/zoned';

/** A feed that keeps working still shows advisers it was checked, at most this often. */
export const FEED_HEARTBEAT_MS = 15 * 60_000;
/** The longest wait between two tries of a failing feed (unless the poll interval is longer). */
export const MAX_BACKOFF_MS = 3600_000;

export interface CalendarWindow {
  from: Date;
  to: Date;
  /** The Paris day the window starts on: a new day means a new window. */
  day: string;
}

/** The day after a "YYYY-MM-DD" day, `n` times. */
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * From Paris midnight today to Paris midnight `daysAhead` days later: the meetings the board
 * and the desks need. Midnight always exists in Paris (clocks change at 02:00 and 03:00).
 */
export function calendarWindow(now: Date, daysAhead: number): CalendarWindow {
  const day = parisDay(now);
  return { from: parisInstant(day, '00:00')!, to: parisInstant(addDays(day, daysAhead), '00:00')!, day };
}

/** Whether [start, end) overlaps the window. */
export const overlaps = (start: string, end: string, w: { from: Date; to: Date }) =>
  Date.parse(start) < w.to.getTime() && Date.parse(end) > w.from.getTime();

/**
 * How long to wait before trying a failing feed again: 1, 2, 4… poll intervals, at most an
 * hour, so a Zimbra that is down is not hammered by every room at once.
 */
export function backoffMs(failures: number, pollMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(pollMs * 2 ** Math.min(failures - 1, 20), Math.max(MAX_BACKOFF_MS, pollMs));
}

/** What a poll learnt about a feed, for its state document. */
export type FeedOutcome = { kind: 'ok'; meetings: number } | { kind: 'unchanged' } | { kind: 'failed'; error: string };

/** Cuts to the schema's 300 characters, on a word when it can. */
function shortError(error: string): string {
  const clean = error.replace(/\s+/g, ' ').trim();
  if (clean.length <= 300) return clean;
  const head = clean.slice(0, 299);
  const space = head.lastIndexOf(' ');
  return `${space > 200 ? head.slice(0, space) : head}…`;
}

/** What advisers read in a feed state, the times aside. */
const meaning = (f: Omit<FeedDoc, '_id' | 'type' | 'v'>) => JSON.stringify([f.site, f.error ?? null, f.failures, f.meetings, !!f.okAt]);

/**
 * The next state document of a room's feed, or null when there is nothing worth writing: only
 * a change advisers would read (error, failures, meeting count) writes at once; otherwise the
 * times are refreshed every FEED_HEARTBEAT_MS, so the desk can tell a quiet feed from a dead
 * worker without one write per poll replicating to every tablet.
 */
export function nextFeedState(current: (FeedDoc & { _rev?: string }) | null, room: RoomDoc, outcome: FeedOutcome, now: Date): FeedDoc | null {
  const at = now.toISOString();
  const next: FeedDoc =
    outcome.kind === 'failed'
      ? {
          _id: `feed:${room._id}`,
          type: 'feed',
          v: 1,
          site: room.site,
          roomId: room._id,
          checkedAt: at,
          ...(current?.okAt ? { okAt: current.okAt } : {}),
          error: shortError(outcome.error),
          failures: (current?.failures ?? 0) + 1,
          meetings: current?.meetings ?? 0
        }
      : {
          _id: `feed:${room._id}`,
          type: 'feed',
          v: 1,
          site: room.site,
          roomId: room._id,
          checkedAt: at,
          okAt: at,
          failures: 0,
          meetings: outcome.kind === 'ok' ? outcome.meetings : (current?.meetings ?? 0)
        };
  if (current && meaning(current) === meaning(next) && now.getTime() - Date.parse(current.checkedAt) < FEED_HEARTBEAT_MS) return null;
  return feedDoc.parse(current?._rev ? { ...next, _rev: current._rev } : next);
}
