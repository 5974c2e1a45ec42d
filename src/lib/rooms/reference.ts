import { z } from 'zod';
import type { LocalStore } from '$lib/db/store';
import { slugOf, type SiteCode } from '$lib/domain/common';
import { roomDoc, type RoomDoc } from '$lib/domain/planning';

/**
 * A room as the coordinator edits it. The calendar address may not carry a login: every
 * display reads the room document; the password lives in the server's credentials file.
 */
export const roomForm = z.object({
  name: z.string().trim().min(1, 'Indiquez le nom de la salle.').max(80, 'Nom trop long (80 caractères au plus).'),
  floor: z.string().trim().max(40, 'Étage trop long (40 caractères au plus).'),
  capacity: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'Capacité : un nombre de places.')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 2000, 'Capacité entre 1 et 2000 places.'),
  equipment: z
    .string()
    .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean))
    .refine((l) => l.length <= 30 && l.every((e) => e.length <= 60), 'Au plus 30 équipements de 60 caractères, séparés par des virgules.'),
  directions: z.string().trim().max(300, 'Indications trop longues (300 caractères au plus).'),
  calendarUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || /^https?:\/\//i.test(v), 'Adresse de l’agenda : elle commence par https://.')
    .refine((v) => v === '' || URL.canParse(v), 'Adresse de l’agenda invalide.')
    .refine((v) => v === '' || !URL.canParse(v) || (!new URL(v).username && !new URL(v).password), 'Pas d’identifiant dans l’adresse : le mot de passe se règle sur le serveur.')
    .transform((v) => (v === '' ? undefined : v))
});
export type RoomFormInput = z.input<typeof roomForm>;

export function roomFormOf(r: RoomDoc | null): RoomFormInput {
  return {
    name: r?.name ?? '',
    floor: r?.floor ?? '',
    capacity: r ? String(r.capacity) : '',
    equipment: r?.equipment.join(', ') ?? '',
    directions: r?.directions ?? '',
    calendarUrl: r?.calendarUrl ?? ''
  };
}

/** Adds a room of `site` (id from its name, `-2`… when taken) or updates `existingId`. */
export async function saveRoom(store: LocalStore, site: SiteCode, input: RoomFormInput, existingId?: string): Promise<RoomDoc> {
  const f = roomForm.parse(input);
  const existing = existingId ? await store.get<RoomDoc>('planning', existingId) : null;
  let id = existing?._id;
  if (!id) {
    const base = `room:${site}:${slugOf(f.name, 'salle')}`;
    id = base;
    for (let n = 2; await store.get('planning', id); n++) id = `${base}-${n}`;
  }
  const doc = roomDoc.parse({
    _id: id,
    ...(existing ? { _rev: existing._rev } : {}),
    type: 'room',
    v: 1,
    site,
    name: f.name,
    floor: f.floor,
    capacity: f.capacity,
    equipment: f.equipment,
    directions: f.directions,
    ...(f.calendarUrl ? { calendarUrl: f.calendarUrl } : {})
  });
  const rev = await store.put('planning', doc);
  return { ...doc, _rev: rev };
}
