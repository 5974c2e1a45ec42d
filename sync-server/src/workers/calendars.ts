import { createHash } from 'node:crypto';
import { parseIcs } from '../../../src/lib/ics/parse';
import { occurrenceToMeeting } from '../../../src/lib/domain/meeting-ids';
import { roomDoc, type FeedDoc, type MeetingDoc, type RoomDoc } from '../../../src/lib/domain/planning';
import type { CalendarConfig } from '../config';
import { type CouchClient, docPath } from '../couch-client';
import type { Logger } from '../log';
import { type CalendarCredentials, credentialsFor, loadCalendarCredentials } from './calendars-credentials';
import { backoffMs, type CalendarWindow, calendarWindow, type FeedOutcome, nextFeedState, overlaps } from './calendars-feed';
import { fetchFeed } from './calendars-fetch';
import { applyRoomMeetings } from './calendars-meetings';

/** More occurrences than this in one window is not a room's calendar; the rest is dropped. */
export const MAX_OCCURRENCES_PER_FEED = 20_000;
/** Parser warnings written to the log per feed change; the rest are counted. */
const MAX_LOGGED_WARNINGS = 5;

/** What the worker remembers of a feed between polls, in memory only (a restart starts afresh). */
interface FeedMemory {
  url: string;
  /** Validators and body hash of the last good response, and the window they were applied to. */
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
  windowKey?: string;
  /** Failures in a row, for the backoff. */
  failures: number;
  lastTryAt: number;
}

/** The worker's memory of every feed; one per running worker. */
export interface CalendarState {
  feeds: Map<string, FeedMemory>;
}

/** A worker's empty memory: validators, body hashes and backoff all start afresh. */
export const createCalendarState = (): CalendarState => ({ feeds: new Map() });

export interface CalendarContext {
  client: CouchClient;
  log: Logger;
  config: CalendarConfig;
  state: CalendarState;
}

export type RoomPollStatus = 'updated' | 'unchanged' | 'failed' | 'malformed' | 'skipped';

export interface RoomPollSummary {
  roomId: string;
  status: RoomPollStatus;
  created: number;
  updated: number;
  deleted: number;
  /** The French reason shown to advisers, when the feed failed or is unreadable. */
  error?: string;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('base64');

const range = (prefix: string) =>
  `include_docs=true&startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`;

/** Runs `fn` over `items`, at most `limit` at a time, results in the items' order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Writes a feed state; a conflict (another writer) is left for the next poll to settle. */
async function writeFeed(client: CouchClient, log: Logger, doc: FeedDoc): Promise<void> {
  const res = await client.request('PUT', docPath('planning', doc._id), doc);
  if (res.status >= 400) log.error(`calendars: writing ${doc._id} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** What a feed looks like after it was fetched: meetings to apply, or why there are none. */
type Parsed = { ok: true; meetings: MeetingDoc[]; truncated: boolean } | { ok: false; error: string; detail: string };

/** Why a body is no calendar, in the advisers' words (the parser's English goes to the log). */
function unreadableReason(text: string): string {
  if (text.trim() === '') return 'le serveur a renvoyé une réponse vide';
  if (!/^\s*BEGIN:VCALENDAR/i.test(text)) return "la réponse n'est pas un agenda iCalendar";
  return 'agenda iCalendar mal formé';
}

/** Parses a feed body into the room's meetings of the window, one bad occurrence skipped (and logged) at a time. */
function feedMeetings(log: Logger, room: RoomDoc, text: string, contentType: string, window: CalendarWindow, now: Date): Parsed {
  // Zimbra answers a login or error page with 200 when the session or the address is wrong.
  if (/text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text)) {
    return {
      ok: false,
      error: `Flux d'agenda illisible : le serveur a renvoyé une page web au lieu d'un agenda (adresse ou identifiant à vérifier)`,
      detail: `HTML instead of iCalendar (${contentType || 'no content type'})`
    };
  }
  const parsed = parseIcs(text, window, { maxOccurrences: MAX_OCCURRENCES_PER_FEED });
  if (!parsed.ok) return { ok: false, error: `Flux d'agenda illisible : ${unreadableReason(text)}`, detail: `unparsable iCalendar: ${parsed.error}` };
  if (parsed.warnings.length) {
    const shown = parsed.warnings.slice(0, MAX_LOGGED_WARNINGS).join(' | ');
    const more = parsed.warnings.length > MAX_LOGGED_WARNINGS ? ` (+${parsed.warnings.length - MAX_LOGGED_WARNINGS} more)` : '';
    log.warn(`calendars: ${room._id}: parser warnings: ${shown}${more}`);
  }
  const byId = new Map<string, MeetingDoc>();
  for (const occ of parsed.occurrences) {
    if (!overlaps(occ.start, occ.end, window)) continue;
    let m: MeetingDoc;
    try {
      m = occurrenceToMeeting(occ, room, 'zimbra', now);
    } catch (err) {
      log.warn(`calendars: ${room._id}: occurrence ${occ.uid} at ${occ.start} skipped: ${(err as Error).message.replace(/\s+/g, ' ').slice(0, 300)}`);
      continue;
    }
    // Two events with the same UID and RECURRENCE-ID break RFC 5545; the first one wins.
    if (byId.has(m._id)) log.warn(`calendars: ${room._id}: duplicate occurrence ${occ.uid} ${occ.recurrenceId ?? ''} ignored`);
    else byId.set(m._id, m);
  }
  if (parsed.truncated) log.warn(`calendars: ${room._id}: more than ${MAX_OCCURRENCES_PER_FEED} occurrences in the window, the rest ignored`);
  return { ok: true, meetings: [...byId.values()], truncated: parsed.truncated };
}

interface RoomPoll {
  room: RoomDoc & { calendarUrl: string };
  feed: (FeedDoc & { _rev?: string }) | null;
  credentials: CalendarCredentials | undefined;
  window: CalendarWindow;
  now: Date;
  fetch: typeof fetch;
}

/** Polls one room's feed and records the result in its meetings and feed state. */
async function pollRoom(ctx: CalendarContext, p: RoomPoll): Promise<RoomPollSummary> {
  const { client, log, config, state } = ctx;
  const { room, now, window } = p;
  const summary: RoomPollSummary = { roomId: room._id, status: 'skipped', created: 0, updated: 0, deleted: 0 };
  let memory = state.feeds.get(room._id);
  if (!memory || memory.url !== room.calendarUrl) {
    memory = { url: room.calendarUrl, failures: 0, lastTryAt: 0 };
    state.feeds.set(room._id, memory);
  }
  if (now.getTime() < memory.lastTryAt + backoffMs(memory.failures, config.pollSeconds * 1000)) return summary;

  // Validators only hold for the window they were applied to: the next day a 304 would keep
  // the new last day empty, so a new window asks for the whole feed again.
  const windowKey = `${window.day}+${config.daysAhead}`;
  const conditional = memory.windowKey === windowKey;
  memory.lastTryAt = now.getTime();
  const res = await fetchFeed({
    url: room.calendarUrl,
    etag: conditional ? memory.etag : undefined,
    lastModified: conditional ? memory.lastModified : undefined,
    credentials: p.credentials,
    timeoutMs: config.timeoutMs,
    fetch: p.fetch
  });

  let outcome: FeedOutcome;
  if (res.kind === 'failed') {
    summary.status = 'failed';
    summary.error = res.error;
    outcome = { kind: 'failed', error: res.error };
    log.warn(`calendars: ${room._id}: ${room.calendarUrl} failed (${res.detail}), attempt ${memory.failures + 1}`);
  } else if (res.kind === 'not-modified') {
    summary.status = 'unchanged';
    outcome = { kind: 'unchanged' };
  } else if (conditional && memory.bodyHash === sha1(res.text)) {
    // The same body again from a server that ignores validators: nothing to parse or compare.
    summary.status = 'unchanged';
    outcome = { kind: 'unchanged' };
  } else {
    const parsed = feedMeetings(log, room, res.text, res.contentType, window, now);
    if (!parsed.ok) {
      summary.status = 'malformed';
      summary.error = parsed.error;
      outcome = { kind: 'failed', error: parsed.error };
      log.warn(`calendars: ${room._id}: ${room.calendarUrl}: ${parsed.detail}; meetings left as they were`);
    } else {
      const changes = await applyRoomMeetings(client, log, room, parsed.meetings, window, !parsed.truncated);
      Object.assign(summary, { created: changes.created, updated: changes.updated, deleted: changes.deleted });
      if (changes.failed > 0) {
        summary.status = 'failed';
        summary.error = `Enregistrement incomplet : ${changes.failed} réunion(s) refusée(s) par la base, nouvel essai au prochain passage`;
        outcome = { kind: 'failed', error: summary.error };
      } else {
        summary.status = changes.created + changes.updated + changes.deleted > 0 ? 'updated' : 'unchanged';
        outcome = { kind: 'ok', meetings: parsed.meetings.length };
        // Kept only once every write went through: otherwise the next poll must see the whole feed.
        Object.assign(memory, { etag: res.etag, lastModified: res.lastModified, bodyHash: sha1(res.text), windowKey });
      }
      if (summary.status === 'updated') {
        log.info(`calendars: ${room._id}: ${changes.created} created, ${changes.updated} updated, ${changes.deleted} deleted (${parsed.meetings.length} in the next ${config.daysAhead} days)`);
      }
    }
  }

  if (outcome.kind === 'failed') {
    memory.failures++;
  } else {
    if (memory.failures > 0) log.info(`calendars: ${room._id}: feed works again after ${memory.failures} failure(s)`);
    memory.failures = 0;
  }
  const next = nextFeedState(p.feed, room, outcome, now);
  if (next) await writeFeed(client, log, next);
  return summary;
}

/**
 * One round of the calendar worker: every room of `planning` with a `calendarUrl` whose feed is
 * not waiting out a backoff is fetched (a few at a time), parsed, and its meetings of the
 * coming days brought in line with it; its `feed:` document tells advisers how it went. A feed
 * that fails or cannot be read leaves the room's meetings as they were. The feed state of a
 * room that lost its `calendarUrl` (or was deleted) is removed; its meetings stay.
 */
export async function pollCalendars(ctx: CalendarContext, opts: { now?: Date; fetch?: typeof fetch } = {}): Promise<RoomPollSummary[]> {
  const { client, log, config, state } = ctx;
  const now = opts.now ?? new Date();
  const rooms = await client.get<{ rows: { id: string; doc?: unknown }[] }>(`/planning/_all_docs?${range('room:')}`);
  const feeds = await client.get<{ rows: { id: string; doc?: FeedDoc & { _rev: string } }[] }>(`/planning/_all_docs?${range('feed:')}`);
  const feedByRoom = new Map(feeds.rows.flatMap((r) => (r.doc ? [[r.doc.roomId, r.doc] as const] : [])));

  const polled: (RoomDoc & { calendarUrl: string })[] = [];
  for (const row of rooms.rows) {
    const parsed = roomDoc.safeParse(row.doc);
    if (!parsed.success) {
      log.warn(`calendars: ${row.id} is not a valid room, skipped`);
      continue;
    }
    if (parsed.data.calendarUrl) polled.push({ ...parsed.data, calendarUrl: parsed.data.calendarUrl });
  }
  const polledIds = new Set(polled.map((r) => r._id));

  for (const [roomId, feed] of feedByRoom) {
    if (polledIds.has(roomId)) continue;
    const res = await client.request('DELETE', `${docPath('planning', feed._id)}?rev=${encodeURIComponent(feed._rev)}`);
    if (res.status >= 400) log.error(`calendars: deleting ${feed._id} failed: ${res.status} ${JSON.stringify(res.body)}`);
    else log.info(`calendars: ${roomId} has no calendar feed any more: its feed state is removed, its meetings are kept`);
  }
  for (const roomId of state.feeds.keys()) if (!polledIds.has(roomId)) state.feeds.delete(roomId);
  if (polled.length === 0) return [];

  const credentials = await loadCalendarCredentials(config.credentialsFile, log);
  const window = calendarWindow(now, config.daysAhead);
  return mapLimit(polled, config.concurrency, async (room) => {
    try {
      return await pollRoom(ctx, {
        room,
        feed: feedByRoom.get(room._id) ?? null,
        credentials: credentialsFor(credentials, room.calendarUrl),
        window,
        now,
        fetch: opts.fetch ?? fetch
      });
    } catch (err) {
      // The feed is not to blame (planning itself failed): no feed state written, try next time.
      log.error(`calendars: ${room._id}: poll failed: ${(err as Error)?.stack ?? String(err)}`);
      return { roomId: room._id, status: 'failed', created: 0, updated: 0, deleted: 0 };
    }
  });
}
