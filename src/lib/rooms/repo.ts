import { RevisionConflictError } from '$lib/db/errors';
import type { LocalStore } from '$lib/db/store';
import { parisDay } from '$lib/domain/dates';
import { roomCheckDoc, roomIssueDoc, type RoomCheckDoc, type RoomIssueDoc } from '$lib/domain/rounds';
import { bytesToBase64 } from '$lib/receipts/form';
import type { Actor } from '$lib/visitors/repo';
import { fixForm, issueForm, roomCheckForm, type IssueInput, type RoomCheckInput } from './form';
import { PHOTO_MAX_BYTES, PhotoTooLargeError } from './photo';

export const PHOTO_ATTACHMENT = 'photo.jpg';

type Stored<T> = T & { _rev: string };

/** The name written as "checked by", "reported by": the adviser, or the device without one. */
const who = (actor: Actor) => (actor.adviser || actor.device).slice(0, 80);

/**
 * Runs a read-modify-write once more when another write took the revision in between (the
 * other desk's change just replicated, a double tap): the second read sees it.
 */
async function retryOnConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof RevisionConflictError)) throw err;
    return write();
  }
}

/**
 * Records one room on a round of the day: creates or replaces the one document of that
 * room, round and day (checking again corrects the first check). Durable on this device when
 * it resolves; it syncs later. Throws the zod error on bad input.
 */
export async function saveRoomCheck(store: LocalStore, input: RoomCheckInput, actor: Actor, now = new Date()): Promise<Stored<RoomCheckDoc>> {
  const f = roomCheckForm.parse(input);
  const day = parisDay(now);
  const id = `roomcheck:${f.site}:${day}:${f.round}:${f.roomId}`;
  return retryOnConflict(async () => {
    const current = await store.get<RoomCheckDoc>('accueil', id);
    const doc = roomCheckDoc.parse({
      _id: id,
      ...(current ? { _rev: current._rev } : {}),
      type: 'roomcheck',
      v: 1,
      site: f.site,
      day,
      round: f.round,
      roomId: f.roomId,
      items: f.items,
      note: f.note || undefined,
      checkedAt: now.toISOString(),
      checkedBy: who(actor)
    });
    const rev = await store.put('accueil', doc);
    return { ...doc, _rev: rev };
  });
}

async function bytesOf(photo: Blob | Uint8Array): Promise<Uint8Array> {
  return photo instanceof Uint8Array ? photo : new Uint8Array(await photo.arrayBuffer());
}

/**
 * Reports a problem in a room, open until fixed, with its photo (already shrunk by
 * `preparePhoto`) as the attachment `photo.jpg` in the same `put`: the problem never exists
 * without its photo. A photo the browser could not re-encode keeps its own image type.
 */
export async function reportIssue(
  store: LocalStore,
  input: IssueInput & { photo?: Blob | Uint8Array },
  actor: Actor,
  now = new Date()
): Promise<Stored<RoomIssueDoc>> {
  const f = issueForm.parse(input);
  const photo = input.photo ? await bytesOf(input.photo) : null;
  if (photo && photo.length > PHOTO_MAX_BYTES) throw new PhotoTooLargeError(photo.length);
  const type = input.photo instanceof Blob && input.photo.type.startsWith('image/') ? input.photo.type : 'image/jpeg';
  const doc = roomIssueDoc.parse({
    _id: `roomissue:${f.site}:${crypto.randomUUID()}`,
    type: 'roomissue',
    v: 1,
    site: f.site,
    roomId: f.roomId,
    item: f.item,
    description: f.description,
    reportedAt: now.toISOString(),
    reportedBy: who(actor),
    status: 'open'
  });
  const attachments = photo ? { _attachments: { [PHOTO_ATTACHMENT]: { content_type: type, data: bytesToBase64(photo) } } } : {};
  const rev = await store.put('accueil', { ...doc, ...attachments });
  return { ...doc, _rev: rev };
}

/**
 * Marks a problem fixed, with an optional note. A problem already fixed (on the other desk,
 * just replicated) keeps who fixed it first and when. The photo stays attached.
 */
export async function markFixed(store: LocalStore, id: string, note: string, actor: Actor, now = new Date()): Promise<Stored<RoomIssueDoc>> {
  const f = fixForm.parse({ note });
  return retryOnConflict(async () => {
    const current = await store.get<RoomIssueDoc>('accueil', id);
    if (!current) throw new Error(`room issue ${id} not found`);
    if (current.status === 'fixed') return current;
    const doc = roomIssueDoc.parse({ ...current, status: 'fixed', fixedAt: now.toISOString(), fixedBy: who(actor), fixNote: f.note || undefined });
    const rev = await store.put('accueil', doc);
    return { ...doc, _rev: rev };
  });
}
