import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { RevisionConflictError } from '$lib/db/errors';
import { Projector } from '$lib/db/projector';
import type { RoomCheckDoc, RoomIssueDoc } from '$lib/domain/rounds';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import type { Actor } from '$lib/visitors/repo';
import type { RoomCheckInput } from './form';
import { PHOTO_MAX_BYTES, PhotoTooLargeError } from './photo';
import { checksOfDay, fixedIssues, openIssues } from './queries';
import { markFixed, PHOTO_ATTACHMENT, reportIssue, saveRoomCheck } from './repo';

const DESK: Actor = { device: 'desk-curial', adviser: 'Anne Roux' };
const OTHER: Actor = { device: 'coordinator', adviser: '' };
// 06:10 UTC is 08:10 in Paris in June.
const NOW = new Date('2025-06-02T06:10:00.000Z');
const ROOM = 'room:curial:salle-du-forum';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await device.close();
});

const check = (o: Partial<RoomCheckInput> = {}): RoomCheckInput => ({
  site: 'curial',
  round: 'opening',
  roomId: ROOM,
  items: { lights: 'ok', windows: 'ok', doors: 'issue', equipment: 'na', tidiness: 'ok' },
  ...o
});

const project = () => new Projector(device.dbs.accueil, 'accueil', device.rm).catchUp();

describe('saveRoomCheck', () => {
  it('writes the one document of the room, round and Paris day, pending until synced', async () => {
    const doc = await saveRoomCheck(device.store, check({ note: '  Store bloqué  ' }), DESK, NOW);
    expect(doc._id).toBe(`roomcheck:curial:2025-06-02:opening:${ROOM}`);
    expect(await device.store.get<RoomCheckDoc>('accueil', doc._id)).toMatchObject({
      day: '2025-06-02',
      items: { lights: 'ok', windows: 'ok', doors: 'issue', equipment: 'na', tidiness: 'ok' },
      note: 'Store bloqué',
      checkedAt: NOW.toISOString(),
      checkedBy: 'Anne Roux'
    });
    expect(await device.rm.pending.get(`accueil/${doc._id}`)).toMatchObject({ rev: doc._rev });
    await project();
    expect(await checksOfDay(device.rm, 'curial', '2025-06-02')).toMatchObject([{ id: doc._id, round: 'opening' }]);
  });

  it('replaces the check of the same room and round on a second save, and keeps rounds apart', async () => {
    await saveRoomCheck(device.store, check({ note: 'Store bloqué' }), DESK, NOW);
    const later = new Date('2025-06-02T06:30:00.000Z');
    const again = await saveRoomCheck(device.store, check({ items: { lights: 'ok', windows: 'ok', doors: 'ok', equipment: 'ok', tidiness: 'ok' } }), OTHER, later);
    expect(again._rev).toMatch(/^2-/);
    const stored = await device.store.get<RoomCheckDoc>('accueil', again._id);
    expect(stored).toMatchObject({ items: { doors: 'ok' }, checkedAt: later.toISOString(), checkedBy: 'coordinator' });
    expect(stored).not.toHaveProperty('note');
    const closing = await saveRoomCheck(device.store, check({ round: 'closing' }), DESK, new Date('2025-06-02T17:00:00.000Z'));
    expect(closing._id).toBe(`roomcheck:curial:2025-06-02:closing:${ROOM}`);
    expect((await device.dbs.accueil.info()).doc_count).toBe(2);
  });

  it('takes the Paris day: 23:30 UTC on 1 June is the opening of 2 June', async () => {
    const doc = await saveRoomCheck(device.store, check(), DESK, new Date('2025-06-01T23:30:00.000Z'));
    expect(doc.day).toBe('2025-06-02');
  });

  it('refuses an unanswered item or a long note with French messages, and writes nothing', async () => {
    const err = await saveRoomCheck(device.store, check({ items: { lights: 'ok', windows: null } }), DESK, NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZodError);
    expect((err as ZodError).issues.map((i) => i.message)).toContain('Choisissez OK, Problème ou Sans objet pour « Fenêtres ».');
    await expect(saveRoomCheck(device.store, check({ note: 'x'.repeat(301) }), DESK, NOW)).rejects.toThrow('Note trop longue');
    expect((await device.dbs.accueil.info()).doc_count).toBe(0);
  });

  it('reads again once when another write took the revision in between', async () => {
    const first = await saveRoomCheck(device.store, check(), DESK, NOW);
    const put = device.store.put.bind(device.store);
    let calls = 0;
    vi.spyOn(device.store, 'put').mockImplementation(async (db, doc) => {
      // The other desk's revision arrives between our read and our write, once.
      if (calls++ === 0) await device.dbs.accueil.put({ ...(await device.dbs.accueil.get(first._id)), note: 'Autre poste' });
      return put(db, doc);
    });
    const saved = await saveRoomCheck(device.store, check({ note: 'Nous' }), DESK, NOW);
    expect(saved._rev).toMatch(/^3-/);
    expect(calls).toBe(2);
    expect(await device.store.get<RoomCheckDoc>('accueil', first._id)).toMatchObject({ note: 'Nous' });
  });
});

describe('reportIssue', () => {
  const issue = { site: 'curial' as const, roomId: ROOM, item: 'doors' as const, description: ' La porte ne ferme plus à clé ' };

  it('writes an open problem with its photo attached as photo.jpg in the same revision', async () => {
    const doc = await reportIssue(device.store, { ...issue, photo: JPEG }, DESK, NOW);
    expect(doc._id).toMatch(/^roomissue:curial:[0-9a-f-]{36}$/);
    expect(doc._rev).toMatch(/^1-/);
    const stored = await device.store.get<RoomIssueDoc>('accueil', doc._id);
    expect(stored).toMatchObject({ description: 'La porte ne ferme plus à clé', status: 'open', reportedBy: 'Anne Roux', reportedAt: NOW.toISOString() });
    expect(stored?._attachments?.[PHOTO_ATTACHMENT]).toMatchObject({ content_type: 'image/jpeg', stub: true });
    expect(await device.store.attachment('accueil', doc._id, PHOTO_ATTACHMENT)).toEqual(JPEG);
    await project();
    expect(await openIssues(device.rm, 'curial')).toMatchObject([{ id: doc._id, open: 1, hasPhoto: 1 }]);
  });

  it('takes a Blob, keeping the image type of a photo the browser could not shrink', async () => {
    const doc = await reportIssue(device.store, { ...issue, photo: new Blob([JPEG as BlobPart], { type: 'image/heic' }) }, DESK, NOW);
    const stored = await device.store.get<RoomIssueDoc>('accueil', doc._id);
    expect(stored?._attachments?.[PHOTO_ATTACHMENT]).toMatchObject({ content_type: 'image/heic' });
    expect(await device.store.attachment('accueil', doc._id, PHOTO_ATTACHMENT)).toEqual(JPEG);
  });

  it('writes a problem without a photo', async () => {
    const doc = await reportIssue(device.store, { ...issue, item: 'other' }, DESK, NOW);
    expect((await device.store.get<RoomIssueDoc>('accueil', doc._id))?._attachments).toBeUndefined();
    await project();
    expect(await openIssues(device.rm, 'curial')).toMatchObject([{ hasPhoto: 0, item: 'other' }]);
  });

  it('refuses a missing description or room, and a photo over the cap, writing nothing', async () => {
    await expect(reportIssue(device.store, { ...issue, description: '  ' }, DESK, NOW)).rejects.toThrow('Décrivez le problème.');
    await expect(reportIssue(device.store, { ...issue, roomId: '' }, DESK, NOW)).rejects.toThrow('Choisissez la salle.');
    await expect(reportIssue(device.store, { ...issue, photo: new Uint8Array(PHOTO_MAX_BYTES + 1) }, DESK, NOW)).rejects.toBeInstanceOf(PhotoTooLargeError);
    expect((await device.dbs.accueil.info()).doc_count).toBe(0);
  });
});

describe('markFixed', () => {
  const issue = { site: 'curial' as const, roomId: ROOM, item: 'lights' as const, description: 'Néon qui clignote' };
  const FIXED_AT = new Date('2025-06-02T09:00:00.000Z');

  it('marks a problem fixed with who, when and the note, keeping the photo', async () => {
    const open = await reportIssue(device.store, { ...issue, photo: JPEG }, DESK, NOW);
    const fixed = await markFixed(device.store, open._id, ' Néon changé ', OTHER, FIXED_AT);
    expect(fixed._rev).toMatch(/^2-/);
    expect(await device.store.get<RoomIssueDoc>('accueil', open._id)).toMatchObject({ status: 'fixed', fixedAt: FIXED_AT.toISOString(), fixedBy: 'coordinator', fixNote: 'Néon changé' });
    expect(await device.store.attachment('accueil', open._id, PHOTO_ATTACHMENT)).toEqual(JPEG);
    await project();
    expect(await openIssues(device.rm, 'curial')).toEqual([]);
    expect(await fixedIssues(device.rm, 'curial')).toMatchObject([{ id: open._id, open: 0, hasPhoto: 1 }]);
  });

  it('keeps the first fix when the problem is already fixed', async () => {
    const open = await reportIssue(device.store, issue, DESK, NOW);
    await markFixed(device.store, open._id, '', DESK, FIXED_AT);
    const again = await markFixed(device.store, open._id, 'Moi aussi', OTHER, new Date('2025-06-02T10:00:00.000Z'));
    expect(again).toMatchObject({ fixedBy: 'Anne Roux', fixedAt: FIXED_AT.toISOString() });
    expect(again).not.toHaveProperty('fixNote');
    expect(again._rev).toMatch(/^2-/);
  });

  it('reads again once on a revision conflict, then gives up with the conflict', async () => {
    const first = await reportIssue(device.store, issue, DESK, NOW);
    const second = await reportIssue(device.store, issue, DESK, NOW);
    const spy = vi.spyOn(device.store, 'put').mockRejectedValueOnce(new RevisionConflictError(first._id));
    expect(await markFixed(device.store, first._id, '', DESK, FIXED_AT)).toMatchObject({ status: 'fixed' });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockReset().mockRejectedValue(new RevisionConflictError(second._id));
    await expect(markFixed(device.store, second._id, '', DESK, FIXED_AT)).rejects.toBeInstanceOf(RevisionConflictError);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('fails on an unknown problem', async () => {
    await expect(markFixed(device.store, 'roomissue:curial:nope', '', DESK)).rejects.toThrow('not found');
  });
});
