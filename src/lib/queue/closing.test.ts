import { describe, expect, it } from 'vitest';
import { closingTime, parisClock } from './closing';

describe('closing time', () => {
  const site = { openingHours: [{ weekday: 1, open: '08:00', close: '12:30' }, { weekday: 1, open: '13:30', close: '17:30' }] };
  it('is the last close of the day, or null when closed', () => {
    expect(closingTime(site, 1)).toBe('17:30');
    expect(closingTime(site, 6)).toBeNull();
    expect(closingTime(undefined, 1)).toBeNull();
  });
  it('reads the Paris clock', () => {
    expect(parisClock(new Date('2025-03-10T16:45:00.000Z'))).toEqual({ weekday: 1, time: '17:45' });
    expect(parisClock(new Date('2025-03-09T23:30:00.000Z'))).toEqual({ weekday: 1, time: '00:30' });
  });
});
