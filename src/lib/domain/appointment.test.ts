import { describe, expect, it } from 'vitest';
import { appointment, appointmentSettingsFixture } from '$lib/testing/appointment-fixtures';
import { service } from '$lib/testing/fixtures';
import { appointmentDoc, appointmentId, appointmentSettings } from './appointment';
import { serviceDoc } from './reference';

describe('appointment documents', () => {
  it('builds the seat id from the service slug, the slot start and the seat', () => {
    expect(appointmentId('service:etat-civil', '2025-03-10T08:00:00.000Z', 2)).toBe('appointment:etat-civil:2025-03-10T08:00:00.000Z:2');
  });

  it('accepts a booking with only a name as personal data', () => {
    const { phone: _p, email: _e, ...person } = appointment().person;
    expect(appointmentDoc.safeParse({ ...appointment(), person, notes: undefined }).success).toBe(true);
  });

  it('refuses an id that is not the seat id, an end before the start, a bad e-mail or code', () => {
    expect(appointmentDoc.safeParse(appointment({ seat: 2 })).success).toBe(false);
    expect(appointmentDoc.safeParse(appointment({ end: '2025-03-10T07:59:00.000Z' })).success).toBe(false);
    expect(appointmentDoc.safeParse(appointment({ person: { name: 'A', email: 'pas un courriel' } })).success).toBe(false);
    expect(appointmentDoc.safeParse(appointment({ code: 'k7qx2m' })).success).toBe(false);
    expect(appointmentDoc.safeParse(appointment({ status: 'late' as never })).success).toBe(false);
  });

  it('lets a service carry appointment settings, validated', () => {
    expect(serviceDoc.safeParse(service({ appointments: appointmentSettingsFixture() })).success).toBe(true);
    expect(appointmentSettings.safeParse(appointmentSettingsFixture({ hours: [{ weekday: 1, start: '11:00', end: '09:00' }] })).success).toBe(false);
    expect(appointmentSettings.safeParse(appointmentSettingsFixture({ capacity: 0 })).success).toBe(false);
    expect(appointmentSettings.safeParse(appointmentSettingsFixture({ closedDays: ['2025-02-30'] })).success).toBe(false);
  });
});
