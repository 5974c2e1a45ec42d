import type { AppointmentSettings } from './appointment';
import { addDays, holidayName } from './holidays';
import { isoWeekday, parisInstant } from './zoned';

/** One bookable slot: its start and end instants (ISO, UTC) and how many seats it has. */
export interface Slot {
  start: string;
  end: string;
  /** Paris wall-clock start, "HH:MM", as the agenda shows it. */
  time: string;
  capacity: number;
}

const toMinutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
const toHhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Why a day has no slot, or null if it is open. */
export function closedReason(settings: AppointmentSettings, day: string): string | null {
  const holiday = holidayName(day);
  if (holiday) return `Jour férié (${holiday})`;
  if (settings.closedDays.includes(day)) return 'Fermeture du service';
  if (!settings.hours.some((h) => h.weekday === isoWeekday(day))) return 'Pas de rendez-vous ce jour';
  return null;
}

/**
 * The slots of a Paris calendar day. Slots are laid on the wall clock (09:00, 09:30…) and each
 * lasts `slotMinutes` of real time; a wall time that does not exist (the skipped hour of the
 * spring DST change) has no slot, a repeated one (autumn) has one slot at its first occurrence.
 */
export function slotsOfDay(settings: AppointmentSettings, day: string): Slot[] {
  if (closedReason(settings, day)) return [];
  const weekday = isoWeekday(day);
  const slots: Slot[] = [];
  for (const range of settings.hours.filter((h) => h.weekday === weekday)) {
    const end = toMinutes(range.end);
    for (let m = toMinutes(range.start); m + settings.slotMinutes <= end; m += settings.slotMinutes) {
      const time = toHhmm(m);
      const start = parisInstant(day, time);
      if (!start) continue;
      slots.push({
        start: start.toISOString(),
        end: new Date(start.getTime() + settings.slotMinutes * 60_000).toISOString(),
        time,
        capacity: settings.capacity
      });
    }
  }
  return slots.sort((a, b) => a.start.localeCompare(b.start));
}

/** Whether a day may be booked on `today`: from today to the booking horizon. */
export function withinHorizon(settings: AppointmentSettings, day: string, today: string): boolean {
  return day >= today && day <= addDays(today, settings.horizonDays);
}

/** Monday of the week of a day. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}
