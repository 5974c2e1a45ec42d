import { describe, expect, it } from 'vitest';
import { parisInstant } from '$lib/domain/zoned';
import { spokenDay, spokenDayMonth, spokenTime, spokenWhen } from './spoken';

describe('spoken French times and days', () => {
  it('reads times as « 8 h 30 », « 17 h », « 8 h 05 », « 0 h »', () => {
    expect(['08:30', '17:00', '08:05', '00:00', '12:00'].map(spokenTime)).toEqual(['8 h 30', '17 h', '8 h 05', '0 h', '12 h']);
  });

  it('reads the first of the month as « 1er »', () => {
    expect(spokenDayMonth('2026-05-01')).toBe('1er mai');
    expect(spokenDayMonth('2026-08-15')).toBe('15 août');
  });

  it('says « aujourd’hui », « demain », then the weekday and date, across months and years', () => {
    expect(spokenDay('2026-12-31', '2026-12-31')).toBe("aujourd'hui");
    expect(spokenDay('2027-01-01', '2026-12-31')).toBe('demain');
    expect(spokenDay('2027-01-04', '2026-12-31')).toBe('lundi 4 janvier');
    expect(spokenDay('2026-12-13', '2026-12-07')).toBe('dimanche 13 décembre');
  });

  it('reads an instant in Paris time, not UTC', () => {
    expect(spokenWhen(parisInstant('2026-12-08', '08:30')!, '2026-12-07')).toBe('demain à 8 h 30');
    expect(spokenWhen(new Date('2026-07-15T06:00:00Z'), '2026-07-14')).toBe('demain à 8 h');
  });
});
