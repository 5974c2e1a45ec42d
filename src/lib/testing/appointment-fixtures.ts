import type { AppointmentDoc, AppointmentSettings } from '$lib/domain/appointment';
import type { Fixture } from './fixtures';

/** Mondays 09:00–11:00 and Tuesdays 14:00–16:00, 30-minute slots of two seats. */
export function appointmentSettingsFixture(overrides: Partial<AppointmentSettings> = {}): AppointmentSettings {
  return {
    slotMinutes: 30,
    capacity: 2,
    hours: [
      { weekday: 1, start: '09:00', end: '11:00' },
      { weekday: 2, start: '14:00', end: '16:00' }
    ],
    closedDays: ['2025-12-29'],
    horizonDays: 60,
    bring: ['Pré-demande en ligne', "Photo d'identité de moins de 6 mois"],
    ...overrides
  };
}

/** A booked seat: Monday 10 March 2025, 09:00 Paris (08:00Z), seat 1, of État civil. */
export function appointment(overrides: Partial<Fixture<AppointmentDoc>> = {}): Fixture<AppointmentDoc> {
  return {
    _id: 'appointment:etat-civil:2025-03-10T08:00:00.000Z:1',
    type: 'appointment',
    v: 1,
    serviceId: 'service:etat-civil',
    site: 'curial',
    start: '2025-03-10T08:00:00.000Z',
    end: '2025-03-10T08:30:00.000Z',
    seat: 1,
    person: { name: 'Élodie Martin', phone: '06 12 34 56 78', email: 'elodie.martin@example.fr' },
    reason: "Carte d'identité",
    notes: 'Vient avec sa fille',
    status: 'booked',
    code: 'K7QX2M',
    createdBy: 'desk-curial-1',
    updatedAt: '2025-03-01T09:00:00.000Z',
    updatedBy: 'desk-curial-1',
    fieldGen: {},
    ...overrides
  };
}
