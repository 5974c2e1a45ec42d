import type { LocalStore } from '$lib/db/store';
import { adviserDoc, shiftDoc, shiftId, type AdviserDoc, type ShiftDoc, type ShiftEndReason } from '$lib/domain/adviser';
import { slugOf, type SiteCode } from '$lib/domain/common';
import { hashPin } from '$lib/domain/pin';

export type StoredShift = ShiftDoc & { _rev: string };
export type StoredAdviser = AdviserDoc & { _rev: string };

/** Opens a shift: this adviser now works on this tablet. Durable locally when it resolves. */
export async function startShift(
  store: LocalStore,
  who: { id: string; name: string },
  device: { name: string; site: SiteCode },
  now = new Date()
): Promise<StoredShift> {
  const startedAt = now.toISOString();
  const doc = shiftDoc.parse({
    _id: shiftId(device.site, device.name, startedAt),
    type: 'shift',
    v: 1,
    site: device.site,
    device: device.name,
    adviserId: who.id,
    adviserName: who.name,
    startedAt
  });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/** Closes a shift at `at` (the last activity for an idle time-out); a closed one stays as it is. */
export async function endShift(store: LocalStore, id: string, reason: ShiftEndReason, at = new Date()): Promise<StoredShift | null> {
  const current = await store.get<ShiftDoc>('accueil', id);
  if (!current) return null;
  if (current.endedAt) return current;
  const endedAt = new Date(Math.max(at.getTime(), Date.parse(current.startedAt))).toISOString();
  const doc = shiftDoc.parse({ ...current, endedAt, endReason: reason });
  const rev = await store.put('accueil', { ...doc, _rev: current._rev });
  return { ...doc, _rev: rev };
}

/**
 * Adds an adviser, or changes one's name, activity or PIN (coordinators only: the server
 * refuses it from any other device). A new adviser needs a PIN; the PIN is hashed here and
 * never written in clear.
 */
export async function saveAdviser(
  store: LocalStore,
  input: { id?: string; name: string; active: boolean; pin?: string },
  by: string,
  now = new Date()
): Promise<StoredAdviser> {
  const id = input.id ?? (await freeId(store, input.name));
  const current = input.id ? await store.get<AdviserDoc>('accueil', input.id) : null;
  const pin = input.pin ? await hashPin(input.pin) : current?.pin;
  if (!pin) throw new Error(`adviser ${id} needs a PIN`);
  const doc = adviserDoc.parse({
    _id: id,
    type: 'adviser',
    v: 1,
    name: input.name,
    active: input.active,
    pin,
    updatedAt: now.toISOString(),
    updatedBy: by
  });
  const rev = await store.put('accueil', current ? { ...doc, _rev: current._rev } : doc);
  return { ...doc, _rev: rev };
}

/** `adviser:<slug>`, with `-2`, `-3`… when two advisers share a name. */
async function freeId(store: LocalStore, name: string): Promise<string> {
  const base = `adviser:${slugOf(name, 'conseiller').slice(0, 56)}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await store.get('accueil', id))) return id;
  }
}
