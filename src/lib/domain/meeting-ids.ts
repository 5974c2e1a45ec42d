import type { IcsOccurrence } from '../ics/parse';
import type { SiteCode } from './common';
import { meetingDoc, type MeetingDoc } from './planning';

/** Where an imported meeting comes from: a file imported at the desk or the room's Zimbra feed. */
export type ImportedSource = 'ics' | 'zimbra';

/** Who the server writes as, in `updatedBy`, on meetings it polls from Zimbra. */
export const SERVER_ACTOR = 'serveur';

/** Shown on the board for an event whose SUMMARY is empty (a busy block in Zimbra). */
export const UNTITLED_MEETING = 'Sans titre';
/**
 * Shown for a private (CLASS:PRIVATE or CONFIDENTIAL) event: its title, organiser and count of
 * attendees never enter the replicated data, so no board or display can show them.
 */
export const PRIVATE_MEETING = 'Réunion privée';

const MAX_ID = 200;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 hex digits. BigInt keeps it exact on
 * every platform: the desk (browser) and the server (Node) must derive the same ids, or an
 * import at the desk and a poll on the server would duplicate each other's meetings.
 */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The same instant always written the same way, so "+02:00" and "Z" spellings hash alike. */
const canonicalInstant = (iso: string) => new Date(iso).toISOString();

/** Cuts to `max` UTF-16 units without leaving half of a surrogate pair at the end. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/** The id prefix of every imported meeting of a room: the calendar worker lists a room's meetings by it. */
export function icsMeetingPrefix(site: SiteCode, roomId: string): string {
  const fixed = `meeting:${site}:ics:`;
  const slug = roomId.startsWith(`room:${site}:`) ? roomId.slice(`room:${site}:`.length) : roomId;
  // Room slugs are short in practice; the cut only guards the 200-character id limit.
  return `${fixed}${cut(slug, MAX_ID - fixed.length - 1 - 16)}:`;
}

/**
 * The id of an imported occurrence: `meeting:<site>:ics:<room slug>:<16 hex>`, the hex being a
 * hash of source, room, UID and RECURRENCE-ID. The start is not in it, so a moved meeting keeps
 * its id (the board can tell it moved, and the next poll updates it instead of adding a copy).
 */
export function icsMeetingId(site: SiteCode, roomId: string, source: ImportedSource, uid: string, recurrenceId?: string): string {
  const key = [source, roomId, uid, recurrenceId ? canonicalInstant(recurrenceId) : ''].join('|');
  return `${icsMeetingPrefix(site, roomId)}${fnv1a64(key)}`;
}

/**
 * The meeting document of one calendar occurrence in a room (without `_rev`), validated.
 * Texts are cut to what the schema allows rather than refused: a long title in Zimbra must not
 * keep the meeting off the board. Throws a ZodError when the occurrence still does not fit
 * (an end before its start, say): callers skip that occurrence, not the whole calendar.
 */
export function occurrenceToMeeting(
  occ: IcsOccurrence,
  room: { _id: string; site: SiteCode },
  source: ImportedSource,
  now: Date,
  updatedBy: string | undefined = source === 'zimbra' ? SERVER_ACTOR : undefined
): MeetingDoc {
  // Without a UID (invalid, but seen) the start and title are the closest thing to an identity.
  const uid = occ.uid.trim() || `sans-uid:${canonicalInstant(occ.start)}:${occ.title}`;
  const recurrenceId = occ.recurrenceId ? canonicalInstant(occ.recurrenceId) : undefined;
  const title = occ.confidential ? PRIVATE_MEETING : cut(occ.title.replace(/\s+/g, ' ').trim(), 200).trim() || UNTITLED_MEETING;
  return meetingDoc.parse({
    _id: icsMeetingId(room.site, room._id, source, uid, recurrenceId),
    type: 'meeting',
    v: 1,
    site: room.site,
    roomId: room._id,
    title,
    organiser: occ.confidential ? '' : cut(occ.organiser.replace(/\s+/g, ' ').trim(), 120).trim(),
    start: canonicalInstant(occ.start),
    end: canonicalInstant(occ.end),
    ...(occ.attendees > 0 && !occ.confidential ? { expectedAttendees: Math.min(occ.attendees, 5000) } : {}),
    source,
    icsUid: cut(uid, 500).trim(),
    ...(recurrenceId ? { recurrenceId } : {}),
    ...(occ.allDay ? { allDay: true } : {}),
    ...(occ.cancelled ? { cancelled: true } : {}),
    updatedAt: now.toISOString(),
    ...(updatedBy ? { updatedBy } : {})
  });
}
