import { describe, expect, it } from 'vitest';
import { isoWeekday, parisInstant, parisWallClock } from './zoned';

describe('Paris wall clock', () => {
  it('converts winter and summer times with their offsets', () => {
    expect(parisInstant('2026-01-15', '09:00')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(parisInstant('2026-07-15', '09:00')?.toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });

  it('knows the hour skipped on the spring DST day, and the hours around it', () => {
    expect(parisInstant('2026-03-29', '01:30')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(parisInstant('2026-03-29', '02:30')).toBeNull();
    expect(parisInstant('2026-03-29', '03:00')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('takes the first of the hour repeated on the autumn DST day', () => {
    expect(parisInstant('2026-10-25', '02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parisInstant('2026-10-25', '03:00')?.toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('reads instants back as wall clock, across midnight UTC', () => {
    expect(parisWallClock(Date.parse('2025-03-10T23:30:00Z'))).toEqual({ day: '2025-03-11', time: '00:30' });
  });

  it('gives ISO weekdays', () => {
    expect(isoWeekday('2026-03-30')).toBe(1);
    expect(isoWeekday('2026-03-29')).toBe(7);
  });
});
