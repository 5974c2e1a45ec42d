import { RevisionConflictError } from '$lib/db/errors';
import type { LocalStore } from '$lib/db/store';
import type { SiteCode } from '$lib/domain/common';
import { boardPrintDoc, meetingDoc, type BoardEntry, type MeetingDoc } from '$lib/domain/planning';
import type { Actor } from '$lib/visitors/repo';
import { meetingForm, type MeetingFormInput } from './form';


/** Meetings polled from Zimbra are the server's: the next poll would undo a desk's edit. */
export class ZimbraMeetingError extends Error {
  constructor() {
    super('Cette réunion vient de l’agenda Zimbra de la salle : modifiez-la dans Zimbra.');
  }
}

/**
 * Adds a meeting typed at the desk, or corrects one (`existingId`). Durable in the local
 * PouchDB when this resolves. Throws the zod error on bad input.
 */
export async function saveMeeting(
  store: LocalStore,
  site: SiteCode,
  input: MeetingFormInput,
  actor: Actor,
  existingId?: string,
  now = new Date()
): Promise<MeetingDoc> {
  const f = meetingForm.parse(input);
  const existing = existingId ? await store.get<MeetingDoc>('planning', existingId) : null;
  if (existing?.source === 'zimbra') throw new ZimbraMeetingError();
  const doc = meetingDoc.parse({
    ...(existing ?? {}),
    _id: existing?._id ?? `meeting:${site}:${f.start}:${crypto.randomUUID().slice(0, 8)}`,
    type: 'meeting',
    v: 1,
    site,
    roomId: f.roomId,
    title: f.title,
    organiser: f.organiser,
    start: f.start,
    end: f.end,
    expectedAttendees: f.expectedAttendees,
    source: existing?.source ?? 'manual',
    updatedAt: now.toISOString(),
    updatedBy: actor.adviser || actor.device
  });
  const rev = await store.put('planning', doc);
  return { ...doc, _rev: rev };
}

/** Removes a meeting typed or imported at the desk. */
export async function deleteMeeting(store: LocalStore, id: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const existing = await store.get<MeetingDoc>('planning', id);
    if (!existing) return;
    if (existing.source === 'zimbra') throw new ZimbraMeetingError();
    try {
      await store.put('planning', { _id: id, _rev: existing._rev, _deleted: true });
      return;
    } catch (err) {
      // Another tablet edited it meanwhile: read again and delete that revision.
      if (attempt < 2 && err instanceof RevisionConflictError) continue;
      throw err;
    }
  }
}

/**
 * Records what the board shows as it is printed, so that later changes can be highlighted
 * against the posted paper. One document per building and day, shared by its desks.
 */
export async function recordPrint(store: LocalStore, site: SiteCode, day: string, entries: BoardEntry[], actor: Actor, now = new Date()): Promise<void> {
  const id = `boardprint:${site}:${day}`;
  for (let attempt = 0; ; attempt++) {
    const existing = await store.get<{ _rev: string }>('planning', id);
    const doc = boardPrintDoc.parse({
      _id: id,
      type: 'boardprint',
      v: 1,
      site,
      day,
      printedAt: now.toISOString(),
      printedBy: actor.adviser || actor.device,
      entries: entries.slice(0, 500)
    });
    try {
      await store.put('planning', { ...doc, ...(existing ? { _rev: existing._rev } : {}) });
      return;
    } catch (err) {
      if (attempt < 2 && err instanceof RevisionConflictError) continue;
      throw err;
    }
  }
}
