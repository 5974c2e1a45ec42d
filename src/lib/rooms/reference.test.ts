import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { roomForm, saveRoom } from './reference';

const input = (over: Record<string, string> = {}) => ({
  name: 'Salle du conseil',
  floor: '1er étage',
  capacity: '80',
  equipment: 'Sonorisation, Vote électronique,',
  directions: "Escalier d'honneur, première porte à gauche",
  calendarUrl: 'https://zimbra.chambery.fr/home/salles/conseil?fmt=ics',
  ...over
});

describe('rooms as reference data', () => {
  let d: TestDevice;
  beforeEach(() => {
    d = memoryDevice('rooms');
  });
  afterEach(async () => {
    await d.close();
  });

  it('refuses a calendar address that carries a login, and says why in French', () => {
    const r = roomForm.safeParse(input({ calendarUrl: 'https://agent:secret@zimbra.chambery.fr/home/salles/conseil?fmt=ics' }));
    expect(r.error?.issues[0]?.message).toMatch(/Pas d’identifiant/);
    expect(roomForm.safeParse(input({ calendarUrl: 'zimbra' })).error?.issues[0]?.message).toMatch(/https/);
    expect(roomForm.safeParse(input({ capacity: '0' })).error?.issues[0]?.message).toMatch(/entre 1 et 2000/);
  });

  it('adds a room with an id from its name, a second one of that name beside it, and edits in place', async () => {
    const a = await saveRoom(d.store, 'hdv', input());
    expect(a).toMatchObject({ _id: 'room:hdv:salle-du-conseil', capacity: 80, equipment: ['Sonorisation', 'Vote électronique'] });
    const b = await saveRoom(d.store, 'hdv', input({ calendarUrl: '' }));
    expect(b._id).toBe('room:hdv:salle-du-conseil-2');
    expect(b.calendarUrl).toBeUndefined();
    const edited = await saveRoom(d.store, 'hdv', input({ capacity: '90', calendarUrl: '' }), a._id);
    expect(edited).toMatchObject({ _id: a._id, capacity: 90 });
    expect(edited.calendarUrl).toBeUndefined();
  });
});
