import { addDays } from '$lib/domain/holidays';
import { isoWeekday, parisWallClock } from '$lib/domain/zoned';

// Times and days as an adviser reads them out on the phone: « 8 h 30 », « 17 h », « demain »,
// « vendredi 1er mai ». Built by hand rather than with Intl so that the words never depend on the
// browser's locale data (and « 1er » is not something Intl gives).

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "08:30" → « 8 h 30 », "17:00" → « 17 h ». */
export function spokenTime(hhmm: string): string {
  const [h, m] = hhmm.split(':') as [string, string];
  return m === '00' ? `${Number(h)} h` : `${Number(h)} h ${m}`;
}

/** "2026-05-01" → « 1er mai », "2026-01-04" → « 4 janvier ». */
export function spokenDayMonth(day: string): string {
  const [, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]}`;
}

/** « aujourd'hui », « demain », or « lundi 28 décembre », seen from the Paris day `today`. */
export function spokenDay(day: string, today: string): string {
  if (day === today) return "aujourd'hui";
  if (day === addDays(today, 1)) return 'demain';
  return `${WEEKDAYS[isoWeekday(day) - 1]} ${spokenDayMonth(day)}`;
}

/** An instant as « demain à 8 h 30 », « aujourd'hui à 8 h », « lundi 5 janvier à 8 h 30 ». */
export function spokenWhen(instant: Date, today: string): string {
  const { day, time } = parisWallClock(instant.getTime());
  return `${spokenDay(day, today)} à ${spokenTime(time)}`;
}

/** An instant's Paris time as « 12 h ». */
export function spokenClock(instant: Date): string {
  return spokenTime(parisWallClock(instant.getTime()).time);
}
