import { TIME_ZONE } from '$lib/domain/dates';

const longDay = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortDay = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const longInstant = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "lundi 10 mars 2025" of a "YYYY-MM-DD" day (a calendar day: no time zone shift). */
export const dayLong = (day: string): string => longDay.format(new Date(`${day}T12:00:00Z`));
/** "lun. 10 mars" of a "YYYY-MM-DD" day. */
export const dayShort = (day: string): string => shortDay.format(new Date(`${day}T12:00:00Z`));
/** "lundi 10 mars 2025 à 09:00", Paris time. */
export const instantLong = (iso: string): string => longInstant.format(new Date(iso));

export const STATUS_NAMES = { booked: 'Réservé', cancelled: 'Annulé', arrived: 'Arrivé', 'no-show': 'Absent' } as const;
