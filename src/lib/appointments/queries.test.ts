import { describe, expect, it } from 'vitest';
import type { AppointmentRow } from '$lib/db/read-model';
import { appointment, appointmentSettingsFixture } from '$lib/testing/appointment-fixtures';
import { memoryReadModel } from '$lib/testing/pouch';
import { appointmentsBetween, dayView, weekView } from './queries';

const settings = appointmentSettingsFixture();
const row = (over: Partial<AppointmentRow> = {}): AppointmentRow => ({ ...appointment(), id: appointment()._id, conflicted: 0, day: '2025-03-10', ...over }) as AppointmentRow;

describe('agenda', () => {
  it('shows each slot of the day with its seats, a cancelled seat free', () => {
    const rows = [row(), row({ _id: 'x2', id: 'x2', seat: 2, status: 'cancelled' })];
    const v = dayView(settings, '2025-03-10', rows);
    expect(v.closed).toBeNull();
    expect(v.slots).toHaveLength(4);
    expect(v.slots[0]).toMatchObject({ time: '09:00', free: 1 });
    expect(v.slots[0]!.seats.map((s) => s.booking?.person.name ?? null)).toEqual(['Élodie Martin', null]);
    expect(v.slots[1]).toMatchObject({ time: '09:30', free: 2 });
  });

  it('keeps bookings whose slot no longer exists, and says why a day is closed', () => {
    const v = dayView({ ...settings, slotMinutes: 45 }, '2025-03-10', [row({ start: '2025-03-10T08:30:00.000Z' })]);
    expect(v.orphans).toHaveLength(1);
    expect(dayView(settings, '2025-04-21', []).closed).toBe('Jour férié (Lundi de Pâques)');
  });

  it('counts seats, bookings and double bookings per day of the week', () => {
    const w = weekView(settings, '2025-03-10', [row({ conflicted: 1 })]);
    expect(w.map((d) => d.seats)).toEqual([8, 8, 0, 0, 0, 0, 0]);
    expect(w[0]).toMatchObject({ booked: 1, conflicts: 1 });
  });

  it('reads a service\'s appointments of a range of Paris days from the read model', async () => {
    const rm = memoryReadModel();
    await rm.appointments.bulkPut([row(), row({ id: 'b', day: '2025-03-16' }), row({ id: 'c', day: '2025-03-17' }), row({ id: 'd', serviceId: 'service:x' })]);
    expect((await appointmentsBetween(rm, 'service:etat-civil', '2025-03-10', 7)).map((r) => r.id).sort()).toEqual([appointment()._id, 'b']);
    rm.close();
  });
});
