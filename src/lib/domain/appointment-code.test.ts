import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_PATTERN } from './appointment';
import { codeMoment, datedCode } from './appointment-code';
import { appointmentDayText } from '$lib/kiosk/format';

describe('dated confirmation codes (a code for another day was accepted silently)', () => {
  it('reads back the Paris day and time of the appointment, from either side of the day', () => {
    const code = datedCode('2026-12-08T09:30:00.000Z');
    expect(code).toMatch(CODE_PATTERN);
    expect(code).toHaveLength(7);
    expect(codeMoment(code, '2026-12-01')).toEqual({ day: '2026-12-08', time: '10:30' });
    expect(codeMoment(code, '2026-12-20')).toEqual({ day: '2026-12-08', time: '10:30' });
    expect(appointmentDayText('fr', { day: '2026-12-08', time: '10:30' }, '2026-12-01')).toBe('Votre rendez-vous est le mardi 8 décembre à 10 h 30.');
    expect(appointmentDayText('en', { day: '2026-12-08', time: '10:30' }, '2026-12-01')).toBe('Your appointment is on Tuesday 8 December at 10:30.');
  });

  it('round-trips any start within the booking horizon, whatever the random part', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * 12 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (fiveMinutes, r) => {
        const start = new Date(base + fiveMinutes * 300_000).toISOString();
        const moment = codeMoment(datedCode(start, () => r), '2026-01-01');
        const paris = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(start));
        expect(moment).toEqual({ day: paris.slice(0, 10), time: paris.slice(11, 16) });
      })
    );
  });

  it('leaves six-character codes (issued before) undated, and rejects a seven-character code no booking makes', () => {
    expect(codeMoment('ABC234', '2026-12-01')).toBe('undated');
    expect(codeMoment('9999999', '2026-12-01')).toBe('invalid');
  });
});
