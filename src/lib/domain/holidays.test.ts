import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDays, easterSunday, frenchHolidays, holidayName } from './holidays';
import { sharedFixture } from '$lib/testing/shared-fixtures';

/** Etalab's official dataset (2006–2031): date,annee,zone,nom_jour_ferie. */
const CSV = readFileSync(sharedFixture('holidays/jours_feries_metropole.csv'), 'utf8');
const OFFICIAL = CSV.trim().split('\n').slice(1).map((line) => {
  const [date, year, zone, name] = line.split(',') as [string, string, string, string];
  return { date, year: Number(year), zone, name };
});

describe('French public holidays (Métropole)', () => {
  it('reads the official dataset', () => {
    expect(OFFICIAL.length).toBe(26 * 11);
    expect(new Set(OFFICIAL.map((h) => h.zone))).toEqual(new Set(['Métropole']));
  });

  it('matches every date and name of the official dataset, 2006–2031, and nothing more', () => {
    for (let year = 2006; year <= 2031; year++) {
      const expected = OFFICIAL.filter((h) => h.year === year).map((h) => `${h.date} ${h.name}`).sort();
      expect(frenchHolidays(year).map(([d, n]) => `${d} ${n}`).sort(), String(year)).toEqual(expected);
    }
  });

  it('computes Easter Sunday with the Gregorian computus', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible
  });

  it('follows the history of 8 May (not a holiday 1960–1981)', () => {
    const has = (day: string) => frenchHolidays(Number(day.slice(0, 4))).some(([d]) => d === day);
    expect(has('1955-05-08')).toBe(true);
    expect(has('1970-05-08')).toBe(false);
    expect(has('1982-05-08')).toBe(true);
  });

  it('does not move a holiday falling on a weekend, and names a day', () => {
    expect(holidayName('2027-05-08')).toBe('8 mai'); // a Saturday
    expect(holidayName('2026-05-25')).toBe('Lundi de Pentecôte');
    expect(holidayName('2026-05-26')).toBeUndefined();
    expect(holidayName('2008-05-01')).toBe('1er mai et Ascension');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});
