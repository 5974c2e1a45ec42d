/**
 * French public holidays (jours fériés) of Métropole, which includes Chambéry (Savoie), from the
 * rules coded by etalab/jours-feries-france. Holidays on a weekend are not moved in France.
 * Pure and dependency-free: shared by the app and the server.
 */

/** Easter Sunday of a Gregorian year (Meeus/Jones/Butcher computus), as "YYYY-MM-DD". */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** "YYYY-MM-DD" of a year, month (1–12) and day, normalising overflow (31 April → 1 May). */
export function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** The day `n` days after a "YYYY-MM-DD" day (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return isoDate(y, m, d + n);
}

/**
 * The holidays of one year in Métropole as [day, official name], in date order. Two may share
 * a day (Ascension fell on 1 May in 2008), hence a list rather than a map.
 */
export function frenchHolidays(year: number): [string, string][] {
  const easter = easterSunday(year);
  const list: [string, string, boolean][] = [
    [isoDate(year, 1, 1), '1er janvier', year > 1810],
    [addDays(easter, 1), 'Lundi de Pâques', year >= 1886],
    [isoDate(year, 5, 1), '1er mai', year > 1919],
    [isoDate(year, 5, 8), '8 mai', (year >= 1953 && year <= 1959) || year > 1981],
    [addDays(easter, 39), 'Ascension', year >= 1802],
    [addDays(easter, 50), 'Lundi de Pentecôte', year >= 1886],
    [isoDate(year, 7, 14), '14 juillet', year >= 1880],
    [isoDate(year, 8, 15), 'Assomption', year >= 1802],
    [isoDate(year, 11, 1), 'Toussaint', year >= 1802],
    [isoDate(year, 11, 11), '11 novembre', year >= 1918],
    [isoDate(year, 12, 25), 'Jour de Noël', year >= 1802]
  ];
  const holidays = list.filter(([, , applies]) => applies).map(([day, name]) => [day, name] as [string, string]);
  return holidays.sort(([a], [b]) => a.localeCompare(b));
}

/** The holiday name(s) of a "YYYY-MM-DD" day, or undefined on a working day. */
export function holidayName(day: string): string | undefined {
  const names = frenchHolidays(Number(day.slice(0, 4))).filter(([d]) => d === day).map(([, name]) => name);
  return names.length ? names.join(' et ') : undefined;
}
