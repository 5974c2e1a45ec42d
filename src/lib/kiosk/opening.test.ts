import { describe, expect, it } from 'vitest';
import { openingState } from './opening';
import { reopeningText } from './format';

// Curial: Mon–Fri 08:00–17:30, closed 12:30–13:30.
const curial = {
  openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '17:30', breakStart: '12:30', breakEnd: '13:30' }))
};

describe('openingState (check-ins after closing were taken without a word)', () => {
  it('is open during opening hours, Paris time', () => {
    // Tuesday 9 December 2025, 10:00 in Paris (UTC+1).
    expect(openingState(curial, new Date('2025-12-09T09:00:00Z'))).toEqual({ open: true });
  });

  it('is closed at lunch, reopening the same day after the break', () => {
    expect(openingState(curial, new Date('2025-12-09T11:45:00Z'))).toEqual({ open: false, next: { day: '2025-12-09', time: '13:30' } });
  });

  it('is closed on Friday evening, reopening on Monday at 08:00', () => {
    const state = openingState(curial, new Date('2025-12-12T17:00:00Z'));
    expect(state).toEqual({ open: false, next: { day: '2025-12-15', time: '08:00' } });
    if (!state.open && state.next) {
      expect(reopeningText('fr', state.next, '2025-12-12')).toBe('Réouverture lundi à 8 h 00.');
      expect(reopeningText('en', state.next, '2025-12-12')).toBe('Reopens Monday at 08:00.');
    }
  });

  it('is closed before opening, reopening today', () => {
    const state = openingState(curial, new Date('2025-12-09T06:00:00Z'));
    expect(state).toEqual({ open: false, next: { day: '2025-12-09', time: '08:00' } });
    if (!state.open && state.next) expect(reopeningText('fr', state.next, '2025-12-09')).toBe("Réouverture aujourd'hui à 8 h 00.");
  });

  it('skips public holidays: Christmas Eve evening reopens on the 26th', () => {
    const state = openingState(curial, new Date('2025-12-24T18:00:00Z'));
    expect(state).toEqual({ open: false, next: { day: '2025-12-26', time: '08:00' } });
  });

  it('works on the Paris wall clock across the summer time change', () => {
    // Monday 30 March 2026, 07:30 in Paris is 05:30 UTC (UTC+2): not open yet.
    expect(openingState(curial, new Date('2026-03-30T05:30:00Z'))).toEqual({ open: false, next: { day: '2026-03-30', time: '08:00' } });
    expect(openingState(curial, new Date('2026-03-30T06:05:00Z'))).toEqual({ open: true });
  });

  it('counts as open without opening hours known (rather silent than wrong)', () => {
    expect(openingState(undefined, new Date())).toEqual({ open: true });
    expect(openingState({ openingHours: [] }, new Date())).toEqual({ open: true });
  });
});
