import { icsMeetingPrefix } from '../../../src/lib/domain/meeting-ids';
import type { MeetingDoc, RoomDoc } from '../../../src/lib/domain/planning';
import type { CouchClient } from '../couch-client';
import type { Logger } from '../log';
import { overlaps } from './calendars-feed';

/** Documents per `_bulk_docs` request: a year of a busy room stays well under the body limit. */
const BULK_CHUNK = 1000;

export interface MeetingChanges {
  created: number;
  updated: number;
  deleted: number;
  /** Writes the database refused (each one logged). */
  failed: number;
}

type Stored = MeetingDoc & { _rev: string };

/** What the board shows of a meeting: equal keys mean there is nothing to write. */
const meaningful = (m: MeetingDoc) =>
  JSON.stringify([
    m.site,
    m.roomId,
    m.title,
    m.organiser,
    Date.parse(m.start),
    Date.parse(m.end),
    m.expectedAttendees ?? null,
    m.allDay ?? false,
    m.cancelled ?? false,
    m.icsUid ?? null,
    m.recurrenceId ? Date.parse(m.recurrenceId) : null
  ]);

/** The room's meetings polled from Zimbra (its id prefix also holds meetings imported at the desk). */
async function storedZimbraMeetings(client: CouchClient, room: RoomDoc): Promise<Map<string, Stored>> {
  const prefix = icsMeetingPrefix(room.site, room._id);
  const q = `include_docs=true&startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`;
  const res = await client.get<{ rows: { id: string; doc?: Stored }[] }>(`/planning/_all_docs?${q}`);
  const byId = new Map<string, Stored>();
  for (const row of res.rows) {
    const d = row.doc;
    if (d && d.type === 'meeting' && d.source === 'zimbra' && d.roomId === room._id) byId.set(row.id, d);
  }
  return byId;
}

/**
 * Brings the room's Zimbra meetings inside the window to `wanted` (the feed's occurrences in
 * that window): creates the new ones, rewrites the changed ones, deletes those the feed no
 * longer has, in bulk. Meetings outside the window, typed at the desk or imported from a file
 * are never touched. With `deleteMissing` false (a truncated feed) nothing is deleted: a
 * meeting missing from a partial list may well still exist.
 */
export async function applyRoomMeetings(
  client: CouchClient,
  log: Logger,
  room: RoomDoc,
  wanted: MeetingDoc[],
  window: { from: Date; to: Date },
  deleteMissing: boolean
): Promise<MeetingChanges> {
  const stored = await storedZimbraMeetings(client, room);
  const writes: Record<string, unknown>[] = [];
  const kinds = new Map<string, 'created' | 'updated' | 'deleted'>();

  for (const m of wanted) {
    // Looked up in the whole room, not only the window: a meeting moved into the window from
    // outside keeps its id and must be updated, not created twice.
    const old = stored.get(m._id);
    if (!old) {
      writes.push(m);
      kinds.set(m._id, 'created');
    } else if (meaningful(old) !== meaningful(m)) {
      writes.push({ ...m, _rev: old._rev });
      kinds.set(m._id, 'updated');
    }
  }
  if (deleteMissing) {
    const wantedIds = new Set(wanted.map((m) => m._id));
    for (const old of stored.values()) {
      if (wantedIds.has(old._id) || !overlaps(old.start, old.end, window)) continue;
      writes.push({ _id: old._id, _rev: old._rev, _deleted: true });
      kinds.set(old._id, 'deleted');
    }
  }

  const changes: MeetingChanges = { created: 0, updated: 0, deleted: 0, failed: 0 };
  for (let i = 0; i < writes.length; i += BULK_CHUNK) {
    const results = await client.post<{ id: string; rev?: string; error?: string; reason?: string }[]>('/planning/_bulk_docs', {
      docs: writes.slice(i, i + BULK_CHUNK)
    });
    for (const r of results) {
      const kind = kinds.get(r.id);
      if (r.error || !kind) {
        changes.failed++;
        log.error(`calendars: ${room._id}: ${kind ?? 'write'} of ${r.id} refused: ${r.error ?? 'no result'}: ${r.reason ?? ''}`);
      } else {
        changes[kind]++;
      }
    }
  }
  return changes;
}
