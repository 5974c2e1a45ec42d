import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { AppointmentDoc } from '$lib/domain/appointment';
import type { VisitDoc } from '$lib/domain/visit';
import { appointmentSettingsFixture } from '$lib/testing/appointment-fixtures';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { resolveConflicts } from '$lib/sync/conflicts';
import type { Actor } from '$lib/visitors/repo';
import {
  bookAppointment,
  cancelAppointment,
  markArrived,
  markNoShow,
  moveAppointment,
  resolveDoubleBooking,
  seatBookings,
  SlotUnavailableError
} from './repo';

const DESK: Actor = { device: 'desk-curial-1', adviser: 'Anne Roux' };
const OTHER: Actor = { device: 'desk-hdv-1', adviser: 'Bruno Petit' };
const NOW = new Date('2025-03-03T09:00:00.000Z'); // a Monday
const SLOT = '2025-03-10T08:00:00.000Z'; // Monday 10 March, 09:00 Paris
const SERVICE = { _id: 'service:etat-civil', site: 'curial' as const, appointments: appointmentSettingsFixture() };
const input = (name: string, start = SLOT) => ({ serviceId: SERVICE._id, start, name, reason: "Carte d'identité", phone: '', email: '' });

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

describe('bookAppointment', () => {
  it('writes the first free seat under its deterministic id, with a code, and records it as pending', async () => {
    const a = await bookAppointment(device.store, SERVICE, input('Élodie Martin'), DESK, NOW);
    expect(a._id).toBe('appointment:etat-civil:2025-03-10T08:00:00.000Z:1');
    expect(a).toMatchObject({ seat: 1, status: 'booked', end: '2025-03-10T08:30:00.000Z', site: 'curial', person: { name: 'Élodie Martin' } });
    expect(a.person.phone).toBeUndefined();
    expect(a.code).toMatch(/^[A-HJ-NP-Z2-9]{7}$/);
    expect(await device.rm.pending.count()).toBe(1);
    const b = await bookAppointment(device.store, SERVICE, input('Jean Dupont'), DESK, NOW);
    expect(b.seat).toBe(2);
  });

  it('refuses a full slot, a time that is not a slot, a holiday, the past and beyond the horizon', async () => {
    await bookAppointment(device.store, SERVICE, input('A'), DESK, NOW);
    await bookAppointment(device.store, SERVICE, input('B'), DESK, NOW);
    await expect(bookAppointment(device.store, SERVICE, input('C'), DESK, NOW)).rejects.toEqual(new SlotUnavailableError('full'));
    await expect(bookAppointment(device.store, SERVICE, input('C', '2025-03-10T08:10:00.000Z'), DESK, NOW)).rejects.toMatchObject({ reason: 'not-a-slot' });
    await expect(bookAppointment(device.store, SERVICE, input('C', '2025-04-21T07:00:00.000Z'), DESK, NOW)).rejects.toMatchObject({ reason: 'not-a-slot' }); // Lundi de Pâques
    await expect(bookAppointment(device.store, SERVICE, input('C', '2025-02-24T08:00:00.000Z'), DESK, NOW)).rejects.toMatchObject({ reason: 'outside-horizon' });
    await expect(bookAppointment(device.store, SERVICE, input('C', '2025-06-02T07:00:00.000Z'), DESK, NOW)).rejects.toMatchObject({ reason: 'outside-horizon' });
  });

  it('validates the form with French messages', async () => {
    const err = await bookAppointment(device.store, SERVICE, { ...input(' '), email: 'nope' }, DESK, NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZodError);
    expect((err as ZodError).issues.map((i) => i.message)).toEqual(['Indiquez le nom de la personne.', 'Adresse e-mail invalide.']);
  });
});

describe('cancel, rebook, move, no-show, arrival', () => {
  it('frees a cancelled seat: the next booking rewrites the document and keeps the old one in history', async () => {
    const a = await bookAppointment(device.store, SERVICE, input('A'), DESK, NOW);
    await cancelAppointment(device.store, a._id, DESK, NOW);
    const again = await bookAppointment(device.store, SERVICE, input('C'), OTHER, NOW);
    expect(again._id).toBe(a._id);
    expect(again.person.name).toBe('C');
    expect(again.history).toEqual([{ code: a.code, status: 'cancelled', at: NOW.toISOString(), by: DESK.device }]);
    expect(JSON.stringify(again.history)).not.toContain('"A"');
  });

  it('moves a booking: books the new slot, then frees the old seat', async () => {
    const a = await bookAppointment(device.store, SERVICE, input('A'), DESK, NOW);
    const moved = await moveAppointment(device.store, SERVICE, a._id, '2025-03-11T13:00:00.000Z', DESK, NOW);
    expect(moved._id).toBe('appointment:etat-civil:2025-03-11T13:00:00.000Z:1');
    expect(moved.person.name).toBe('A');
    expect((await device.store.get<AppointmentDoc>('accueil', a._id))?.status).toBe('cancelled');
  });

  it('marks a no-show, and an arrival registers the visit at the desk', async () => {
    const a = await bookAppointment(device.store, SERVICE, input('A'), DESK, NOW);
    expect((await markNoShow(device.store, a._id, DESK, NOW)).status).toBe('no-show');
    const b = await bookAppointment(device.store, SERVICE, input('Béatrice Morel'), DESK, NOW);
    const arrived = await markArrived(device.store, b._id, DESK, new Date('2025-03-10T07:55:00.000Z'));
    expect(arrived.status).toBe('arrived');
    expect(arrived.visitId).toBe(`visit:curial:${SLOT}:rdv:etat-civil:${SLOT}:2`);
    const visit = await device.store.get<VisitDoc>('accueil', arrived.visitId!);
    expect(visit).toMatchObject({ visitorName: 'Béatrice Morel', serviceId: SERVICE._id, site: 'curial', vigipirate: { idChecked: true, doorOpenedBy: 'Anne Roux' } });
    // And a queue ticket under the seat's id, the one the kiosk intake would use too.
    const ticket = await device.store.get<{ visitId: string; appointmentId: string; status: string }>('accueil', `ticket:curial:2025-03-10:rdv:etat-civil:${SLOT}:2`);
    expect(ticket).toMatchObject({ visitId: arrived.visitId, appointmentId: b._id, status: 'waiting' });
    // A second arrival (or one already made at a kiosk) makes no second visit, nor ticket.
    await markArrived(device.store, b._id, DESK, new Date('2025-03-10T07:56:00.000Z'));
    expect((await device.dbs.accueil.allDocs({ startkey: 'visit:', endkey: 'visit:\uffff' })).rows).toHaveLength(1);
    expect((await device.dbs.accueil.allDocs({ startkey: 'ticket:', endkey: 'ticket:\uffff' })).rows).toHaveLength(1);
  });
});

describe('double booking', () => {
  /** Two tablets booked the same seat offline: the second branch arrives by replication. */
  async function doubleBook() {
    const other = memoryDevice('other');
    try {
      const mine = await bookAppointment(device.store, SERVICE, input('Mine'), DESK, NOW);
      const theirs = await bookAppointment(other.store, SERVICE, input('Theirs'), OTHER, NOW);
      expect(theirs._id).toBe(mine._id);
      await other.dbs.accueil.replicate.to(device.dbs.accueil);
      return { mine, theirs };
    } finally {
      await other.close();
    }
  }

  it('is one document with two live revisions, left alone by the automatic merge', async () => {
    const { mine, theirs } = await doubleBook();
    expect(await resolveConflicts(device.store, 'accueil', mine._id, DESK.device)).toBe(0);
    const both = await seatBookings(device.store, mine._id);
    expect(both.map((b) => b.person.name).sort()).toEqual(['Mine', 'Theirs']);
    expect(both.map((b) => b._rev).sort()).toEqual([mine._rev, theirs._rev].sort());
  });

  it('is settled by keeping one booking and re-booking the other on another slot', async () => {
    const { mine, theirs } = await doubleBook();
    const rebooked = await resolveDoubleBooking(device.store, SERVICE, mine._id, theirs._rev, '2025-03-10T08:30:00.000Z', DESK, NOW);
    expect(rebooked.map((r) => [r._id, r.person.name])).toEqual([['appointment:etat-civil:2025-03-10T08:30:00.000Z:1', 'Mine']]);
    const left = await seatBookings(device.store, mine._id);
    expect(left.map((b) => b.person.name)).toEqual(['Theirs']);
    const doc = (await device.dbs.accueil.get(mine._id, { conflicts: true })) as unknown as AppointmentDoc;
    expect(doc._conflicts ?? []).toEqual([]);
    expect(doc.person.name).toBe('Theirs');
  });
});
