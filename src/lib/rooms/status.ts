import { parisDay, parisTime } from '$lib/domain/dates';
import type { MeetingDoc } from '$lib/domain/planning';

/** What the room status needs of a meeting (rows of the read model fit). */
export type StatusMeeting = Pick<MeetingDoc, 'title' | 'start' | 'end' | 'cancelled' | 'allDay'>;

export interface RoomStatus<M extends StatusMeeting = StatusMeeting> {
  state: 'free' | 'in-use';
  /** The meeting under way (the one that ends last when several overlap). */
  current?: M;
  /**
   * When the room is free again: the end of the current meeting, pushed back by meetings that
   * start before it ends (back-to-back meetings keep the room busy).
   */
  until?: string;
  /** The first meeting starting once the room is free (now, or at `until`). */
  next?: M;
}

const ms = (iso: string) => Date.parse(iso);

/**
 * The state of one room at `now`, from its meetings. Cancelled meetings do not occupy the room.
 * Meetings are half-open intervals: one ending exactly now has left the room free, one starting
 * exactly now occupies it. All-day events are Paris midnight to midnight, so they need nothing
 * special here.
 */
export function roomStatus<M extends StatusMeeting>(meetings: readonly M[], now: Date): RoomStatus<M> {
  const t = now.getTime();
  const live = meetings.filter((m) => !m.cancelled).sort((a, b) => ms(a.start) - ms(b.start) || ms(a.end) - ms(b.end));
  const ongoing = live.filter((m) => ms(m.start) <= t && t < ms(m.end));
  if (ongoing.length === 0) {
    const next = live.find((m) => ms(m.start) > t);
    return next ? { state: 'free', next } : { state: 'free' };
  }
  const current = ongoing.reduce((a, b) => (ms(b.end) > ms(a.end) ? b : a));
  let until = ms(current.end);
  for (const m of live) {
    if (ms(m.start) <= until && ms(m.end) > until) until = ms(m.end);
  }
  const next = live.find((m) => ms(m.start) >= until);
  const status: RoomStatus<M> = { state: 'in-use', current, until: new Date(until).toISOString() };
  if (next) status.next = next;
  return status;
}

const dayMonth = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit' });

/**
 * The status as the desk reads it: « Libre », « Occupée jusqu'à 12:00 (Commission) »,
 * « Occupée toute la journée », « Occupée jusqu'au 14/06 inclus »…, and, on a second line, the
 * next meeting of the day.
 */
export function statusText(status: RoomStatus, now: Date): { label: string; detail?: string } {
  const today = parisDay(now);
  const nextText = (m: StatusMeeting | undefined) =>
    m && parisDay(m.start) === today ? `Prochaine réunion à ${parisTime(m.start)} (${m.title})` : undefined;
  if (status.state === 'free' || !status.current || !status.until) {
    const detail = nextText(status.next);
    return detail ? { label: 'Libre', detail } : { label: 'Libre' };
  }
  const { current, until } = status;
  // Until midnight: the last minute occupied is still today, though `until` reads 00:00.
  const lastDay = parisDay(ms(until) - 1);
  let label: string;
  if (parisDay(until) === today) label = `Occupée jusqu'à ${parisTime(until)}`;
  else if (lastDay === today) label = current.allDay ? 'Occupée toute la journée' : "Occupée jusqu'à minuit";
  else if (current.allDay && parisTime(until) === '00:00') label = `Occupée jusqu'au ${dayMonth.format(new Date(ms(until) - 1))} inclus`;
  else label = `Occupée jusqu'au ${dayMonth.format(new Date(until))} à ${parisTime(until)}`;
  const detail = nextText(status.next);
  return detail ? { label: `${label} (${current.title})`, detail } : { label: `${label} (${current.title})` };
}
