import { addDays } from '$lib/domain/holidays';
import { estimateFr } from '$lib/queue/estimate';
import type { WallClock } from './opening';
import type { KioskLanguage } from './texts';

// The day is formatted at noon UTC of that calendar day: every time zone agrees on its date.
const dayFormats = {
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' })
};
const weekdayFormats = {
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long' })
};
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

/** "10 h 30" in French (the city's house style), "10:30" in English. */
export function clockText(lang: KioskLanguage, time: string): string {
  if (lang === 'en') return time;
  const [h, m] = time.split(':');
  return `${Number(h)} h ${m}`;
}

/** "mardi 8 décembre" / "Tuesday 8 December". */
export function dayText(lang: KioskLanguage, day: string): string {
  return dayFormats[lang].format(noon(day));
}

/** When the building opens next, as a visitor reads it: today, tomorrow, a weekday this week, or the date. */
function whenText(lang: KioskLanguage, at: WallClock, today: string): string {
  const time = clockText(lang, at.time);
  if (at.day === today) return lang === 'fr' ? `aujourd'hui à ${time}` : `today at ${time}`;
  if (at.day === addDays(today, 1)) return lang === 'fr' ? `demain à ${time}` : `tomorrow at ${time}`;
  const within = [2, 3, 4, 5, 6].some((n) => addDays(today, n) === at.day);
  const day = within ? weekdayFormats[lang].format(noon(at.day)) : dayText(lang, at.day);
  return lang === 'fr' ? `${day} à ${time}` : `${day} at ${time}`;
}

/** « Réouverture lundi à 8 h 00. » / "Reopens Monday at 08:00." */
export function reopeningText(lang: KioskLanguage, next: WallClock, today: string): string {
  return lang === 'fr' ? `Réouverture ${whenText(lang, next, today)}.` : `Reopens ${whenText(lang, next, today)}.`;
}

/** « Votre rendez-vous est le mardi 8 décembre à 10 h 30. » or, for a past day, « était ». */
export function appointmentDayText(lang: KioskLanguage, at: WallClock, today: string): string {
  const past = at.day < today;
  const day = dayText(lang, at.day);
  const time = clockText(lang, at.time);
  if (lang === 'fr') return `Votre rendez-vous ${past ? 'était' : 'est'} le ${day} à ${time}.`;
  return `Your appointment ${past ? 'was' : 'is'} on ${day} at ${time}.`;
}

/** The estimated wait in the visitor's language (the desk keeps `estimateFr`). */
export function estimateText(lang: KioskLanguage, minutes: number | null): string {
  if (lang === 'fr') return estimateFr(minutes);
  if (minutes === null) return 'Estimated wait: short';
  if (minutes < 60) return `Estimated wait: about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `Estimated wait: about ${h} h${m ? ` ${String(m).padStart(2, '0')}` : ''}`;
}
