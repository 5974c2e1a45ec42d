/** The city's time zone: days, opening hours and boards are all in Paris time. */
export const TIME_ZONE = 'Europe/Paris';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit'
});

/** The calendar day "YYYY-MM-DD" in Paris of an instant. */
export function parisDay(instant: string | number | Date): string {
  return dayFormat.format(new Date(instant));
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit'
});

/** "HH:MM" in Paris of an instant, as advisers read it. */
export function parisTime(instant: string | number | Date): string {
  return timeFormat.format(new Date(instant));
}
