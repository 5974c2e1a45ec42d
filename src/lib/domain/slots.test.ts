import { describe, expect, it } from 'vitest';
import { appointmentSettings } from './appointment';
import { closedReason, slotsOfDay, weekStart, withinHorizon } from './slots';

const settings = appointmentSettings.parse({
  slotMinutes: 30,
  capacity: 2,
  hours: [
    { weekday: 1, start: '09:00', end: '11:00' },
    { weekday: 1, start: '14:00', end: '15:00' },
    { weekday: 7, start: '01:00', end: '04:00' }
  ],
  closedDays: ['2026-02-02'],
  horizonDays: 30
});

describe('slotsOfDay', () => {
  it('lays slots on the wall clock of each range, with the capacity', () => {
    const slots = slotsOfDay(settings, '2026-01-12');
    expect(slots.map((s) => s.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '14:00', '14:30']);
    expect(slots[0]).toEqual({ start: '2026-01-12T08:00:00.000Z', end: '2026-01-12T08:30:00.000Z', time: '09:00', capacity: 2 });
  });

  it('keeps 09:00 at 09:00 Paris time on both sides of a DST change', () => {
    expect(slotsOfDay(settings, '2026-03-23')[0]?.start).toBe('2026-03-23T08:00:00.000Z');
    expect(slotsOfDay(settings, '2026-03-30')[0]?.start).toBe('2026-03-30T07:00:00.000Z');
    expect(slotsOfDay(settings, '2026-10-19')[0]?.start).toBe('2026-10-19T07:00:00.000Z');
    expect(slotsOfDay(settings, '2026-10-26')[0]?.start).toBe('2026-10-26T08:00:00.000Z');
  });

  it('skips the wall times that do not exist on the spring DST day', () => {
    const slots = slotsOfDay(settings, '2026-03-29');
    expect(slots.map((s) => s.time)).toEqual(['01:00', '01:30', '03:00', '03:30']);
    // 01:30 + 30 min of real time is 03:00 Paris (01:00Z): no gap, no overlap.
    expect(slots[1]?.end).toBe(slots[2]?.start);
  });

  it('gives the repeated hour of the autumn DST day one slot per wall time, all distinct', () => {
    const slots = slotsOfDay(settings, '2026-10-25');
    expect(slots.map((s) => s.time)).toEqual(['01:00', '01:30', '02:00', '02:30', '03:00', '03:30']);
    expect(new Set(slots.map((s) => s.start)).size).toBe(6);
    expect(slots[2]?.start).toBe('2026-10-25T00:00:00.000Z');
  });

  it('has no slot on public holidays, closed days and days without hours', () => {
    expect(slotsOfDay(settings, '2026-04-06')).toEqual([]); // Lundi de Pâques
    expect(closedReason(settings, '2026-04-06')).toBe('Jour férié (Lundi de Pâques)');
    expect(slotsOfDay(settings, '2026-05-25')).toEqual([]); // Lundi de Pentecôte
    expect(slotsOfDay(settings, '2026-02-02')).toEqual([]);
    expect(closedReason(settings, '2026-02-02')).toBe('Fermeture du service');
    expect(slotsOfDay(settings, '2026-01-13')).toEqual([]);
    expect(closedReason(settings, '2026-01-12')).toBeNull();
  });

  it('drops a last slot that would overrun its range', () => {
    const s = { ...settings, slotMinutes: 45 };
    expect(slotsOfDay(s, '2026-01-12').map((x) => x.time)).toEqual(['09:00', '09:45', '14:00']);
  });
});

describe('booking horizon and weeks', () => {
  it('allows today up to the horizon, not the past', () => {
    expect(withinHorizon(settings, '2026-01-12', '2026-01-12')).toBe(true);
    expect(withinHorizon(settings, '2026-02-11', '2026-01-12')).toBe(true);
    expect(withinHorizon(settings, '2026-02-12', '2026-01-12')).toBe(false);
    expect(withinHorizon(settings, '2026-01-11', '2026-01-12')).toBe(false);
  });

  it('finds the Monday of a week', () => {
    expect(weekStart('2026-01-18')).toBe('2026-01-12');
    expect(weekStart('2026-01-12')).toBe('2026-01-12');
  });
});
