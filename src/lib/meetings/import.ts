import type { LocalStore } from '$lib/db/store';
import { foldText } from '$lib/db/projection';
import type { SiteCode } from '$lib/domain/common';
import { occurrenceToMeeting } from '$lib/domain/meeting-ids';
import type { MeetingDoc } from '$lib/domain/planning';
import type { IcsNotice, IcsOccurrence, IcsResult } from '$lib/ics/parse';

/** A room as the import matches it: by its name inside the event's LOCATION. */
export interface ImportRoom {
  id: string;
  name: string;
  site: SiteCode;
}

export interface ImportPlan {
  docs: MeetingDoc[];
  /** Occurrences whose LOCATION names no room of the building, with no default room chosen. */
  unmatched: number;
  /** Occurrences that do not make a valid meeting (an end before the start…). */
  invalid: number;
  perRoom: Record<string, number>;
  calendarName?: string;
  /** English, for the logs. */
  warnings: string[];
  /** Events read differently from the file (an empty RRULE…), to tell the adviser. */
  notices: IcsNotice[];
  truncated: boolean;
}

/** Words only: accents, case, apostrophes (' or ’) and punctuation aside. */
const words = (text: string) => ` ${foldText(text).replace(/[^a-z0-9]+/g, ' ').trim()} `;

/** The room named in a LOCATION ("Salle du conseil, 1er étage"), longest name first, whole words. */
export function matchRoom(location: string, rooms: ImportRoom[]): ImportRoom | undefined {
  const where = words(location);
  if (!where.trim()) return undefined;
  return [...rooms].sort((a, b) => b.name.length - a.name.length).find((r) => where.includes(words(r.name)));
}

/**
 * What importing a parsed calendar would write: one meeting per occurrence, in the room its
 * LOCATION names or else in `defaultRoomId`. Ids are stable (UID and occurrence), so importing
 * the same file twice updates rather than duplicates.
 */
export function planImport(parsed: Extract<IcsResult, { ok: true }>, rooms: ImportRoom[], defaultRoomId: string | null, now: Date, updatedBy?: string): ImportPlan {
  const plan: ImportPlan = { docs: [], unmatched: 0, invalid: 0, perRoom: {}, calendarName: parsed.calendarName, warnings: parsed.warnings, notices: parsed.notices, truncated: parsed.truncated };
  const fallback = rooms.find((r) => r.id === defaultRoomId);
  for (const occ of parsed.occurrences) {
    const room = matchRoom(occ.location, rooms) ?? fallback;
    if (!room) {
      plan.unmatched++;
      continue;
    }
    const doc = toMeeting(occ, room, now, updatedBy);
    if (!doc) {
      plan.invalid++;
      continue;
    }
    plan.docs.push(doc);
    plan.perRoom[room.id] = (plan.perRoom[room.id] ?? 0) + 1;
  }
  return plan;
}

function toMeeting(occ: IcsOccurrence, room: ImportRoom, now: Date, updatedBy: string | undefined): MeetingDoc | null {
  try {
    return occurrenceToMeeting(occ, { _id: room.id, site: room.site }, 'ics', now, updatedBy);
  } catch {
    return null;
  }
}

/** The fields that make a meeting different for the board (not who wrote it when). */
const SAME_FIELDS = ['roomId', 'title', 'organiser', 'start', 'end', 'expectedAttendees', 'allDay', 'cancelled'] as const;
const same = (a: Record<string, unknown>, b: Record<string, unknown>) => SAME_FIELDS.every((f) => a[f] === b[f]);

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
}

/**
 * Writes the plan in batches to the local PouchDB (durable before this resolves), reporting
 * progress after each batch. Meetings the adviser imported before are updated in place.
 */
export async function applyImport(store: LocalStore, docs: MeetingDoc[], onProgress: (done: number, total: number) => void, batchSize = 250): Promise<ImportResult> {
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  for (let i = 0; i < docs.length; i += batchSize) {
    const batch = docs.slice(i, i + batchSize);
    const existing = await store.dbs.planning.allDocs({ keys: batch.map((d) => d._id), include_docs: true });
    const writes: MeetingDoc[] = [];
    for (const [j, row] of existing.rows.entries()) {
      const doc = batch[j]!;
      const current = 'doc' in row && row.doc ? (row.doc as unknown as MeetingDoc & { _rev: string }) : null;
      if (current && same(current, doc)) result.unchanged++;
      else if (current) {
        writes.push({ ...doc, _rev: current._rev });
        result.updated++;
      } else {
        writes.push(doc);
        result.created++;
      }
    }
    if (writes.length) result.refused += (await store.bulk('planning', writes)).length;
    onProgress(Math.min(i + batchSize, docs.length), docs.length);
  }
  return result;
}
