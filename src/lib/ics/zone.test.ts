import { describe, expect, it } from 'vitest';
import { wallTimeToInstant } from './zone';

const iso = (ms: number) => new Date(ms).toISOString();

describe('wallTimeToInstant', () => {
  it('follows Paris DST: a skipped time moves forward, a repeated one gives the first instant', () => {
    expect(iso(wallTimeToInstant(2026, 1, 15, 10, 0, 0, 'Europe/Paris'))).toBe('2026-01-15T09:00:00.000Z');
    expect(iso(wallTimeToInstant(2026, 3, 29, 1, 59, 59, 'Europe/Paris'))).toBe('2026-03-29T00:59:59.000Z');
    expect(iso(wallTimeToInstant(2026, 3, 29, 2, 30, 0, 'Europe/Paris'))).toBe('2026-03-29T01:30:00.000Z'); // as 03:30 CEST
    expect(iso(wallTimeToInstant(2026, 3, 29, 3, 0, 0, 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(wallTimeToInstant(2026, 10, 25, 2, 30, 0, 'Europe/Paris'))).toBe('2026-10-25T00:30:00.000Z'); // CEST, the first
    expect(iso(wallTimeToInstant(2026, 10, 25, 3, 0, 0, 'Europe/Paris'))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('works for any IANA zone Intl knows, legacy aliases and half-hour offsets included', () => {
    expect(iso(wallTimeToInstant(2026, 7, 1, 9, 0, 0, 'US/Pacific'))).toBe('2026-07-01T16:00:00.000Z');
    expect(iso(wallTimeToInstant(2026, 3, 8, 2, 30, 0, 'America/Los_Angeles'))).toBe('2026-03-08T10:30:00.000Z');
    expect(iso(wallTimeToInstant(2026, 11, 1, 1, 30, 0, 'America/Los_Angeles'))).toBe('2026-11-01T08:30:00.000Z');
    expect(iso(wallTimeToInstant(2026, 1, 1, 10, 0, 0, 'Asia/Kolkata'))).toBe('2026-01-01T04:30:00.000Z');
    expect(iso(wallTimeToInstant(2026, 1, 1, 10, 0, 0, 'UTC'))).toBe('2026-01-01T10:00:00.000Z');
  });

  it('keeps the seconds of historical offsets (Paris Mean Time, +00:09:21)', () => {
    expect(iso(wallTimeToInstant(1900, 1, 1, 0, 0, 0, 'Europe/Paris'))).toBe('1899-12-31T23:50:39.000Z');
  });

  it('throws RangeError for a zone Intl does not know', () => {
    expect(() => wallTimeToInstant(2026, 1, 1, 0, 0, 0, 'GMT-08.00/-07.00')).toThrow(RangeError);
    expect(() => wallTimeToInstant(2026, 1, 1, 0, 0, 0, '+01:00')).toThrow(RangeError);
  });
});
