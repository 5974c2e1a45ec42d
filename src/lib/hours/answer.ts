import { addDays } from '$lib/domain/holidays';
import type { OpeningRange } from '$lib/domain/reference';
import { isoWeekday, parisWallClock } from '$lib/domain/zoned';
import { dayHours, dayIntervals, type DayHours, type Interval } from './day-hours';
import type { ExceptionalHours } from './schema';
import { spokenClock, spokenDayMonth, spokenWhen } from './spoken';

/** How far ahead we look for the next opening: beyond that, the answer is « aucune ouverture ». */
export const LOOKAHEAD_DAYS = 60;

/** Why a place is closed now, for code; `closedReason` carries the French words. */
export type ClosedKind = 'exception' | 'holiday' | 'break' | 'weekend' | 'outside-hours';

export type OpeningAnswer = {
  open: boolean;
  /** When open: the next closing (a break or the end of the day). */
  until?: Date;
  /** When open and a break lies ahead today: when it opens again after `until`. */
  reopensAt?: Date;
  /** When closed: the next opening within {@link LOOKAHEAD_DAYS} days, absent if none. */
  next?: Date;
  closedKind?: ClosedKind;
  /** When closed: the holiday name, the exception reason, « pause de midi » or « week-end ». */
  closedReason?: string;
  /** When open on changed hours: the exception's reason. */
  exceptionReason?: string;
  /** One French sentence to read out. */
  sentence: string;
};

export type OpeningQuestion = {
  weekly: readonly OpeningRange[];
  exceptions?: readonly ExceptionalHours[];
  /** Public holidays close the place unless an exception says otherwise. Default true. */
  holidaysClosed?: boolean;
  now: Date;
  /** As it starts a sentence: « L'Hôtel de Ville », « Le service État civil ». */
  name?: string;
  /** For « fermée » / « elle » with names such as « La mairie de quartier du Biollay ». */
  feminine?: boolean;
};

/**
 * Is it open now, until when, and when does it open next: the answer to a caller, with one
 * sentence the adviser can read out. Everything is Paris wall-clock, turned into instants day by
 * day, so a night when clocks change moves nothing but the UTC offset.
 */
export function openingAnswer(q: OpeningQuestion): OpeningAnswer {
  const now = q.now.getTime();
  const today = parisWallClock(now).day;
  const hoursOf = (day: string) => dayHours(q.weekly, q.exceptions, day, q.holidaysClosed ?? true);
  const todayHours = hoursOf(today);
  const intervals = dayIntervals(todayHours.ranges, today);
  const words = grammar(q);

  const current = intervals.findIndex((i) => i.start.getTime() <= now && now < i.end.getTime());
  if (current >= 0) {
    const rest = intervals.slice(current + 1);
    const exceptionReason = todayHours.exception?.reason;
    const changed = exceptionReason ? ` aujourd'hui en horaires exceptionnels (${exceptionReason})` : '';
    const later = rest.map((i) => `, puis de ${spokenClock(i.start)} à ${spokenClock(i.end)}`).join('');
    return {
      open: true,
      until: intervals[current]!.end,
      ...(rest[0] && { reopensAt: rest[0].start }),
      ...(exceptionReason && { exceptionReason }),
      sentence: `${words.subject('ouvert')}${changed} jusqu'à ${spokenClock(intervals[current]!.end)}${later}.`
    };
  }

  const next = nextOpening(now, today, intervals, hoursOf);
  const why = closedWhy(now, today, todayHours, intervals, q.holidaysClosed ?? true);
  const nextException = next?.hours.exception;
  // After a break the changed hours were already in force this morning: no need to repeat them.
  const changedNext = nextException && why.kind !== 'break' ? ` en horaires exceptionnels (${nextException.reason})` : '';
  const when = next ? (why.kind === 'break' ? `à ${spokenClock(next.start)}` : spokenWhen(next.start, today)) + changedNext : '';

  let sentence: string;
  if (!next) {
    sentence = `${words.subject('fermé')}${why.phrase} ; aucune ouverture prévue dans les ${LOOKAHEAD_DAYS} prochains jours.`;
  } else if (why.kind === 'exception') {
    sentence = `${words.subject('fermé')}${why.phrase} ; réouverture ${when}.`;
  } else {
    const verb = why.kind === 'outside-hours' ? 'ouvre' : 'rouvre';
    sentence = `${words.subject('fermé')}${why.phrase} ; ${words.then(verb)} ${when}.`;
  }
  return {
    open: false,
    ...(next && { next: next.start }),
    closedKind: why.kind,
    ...(why.reason && { closedReason: why.reason }),
    sentence
  };
}

/** The first opening after `now`: later today, or on one of the next {@link LOOKAHEAD_DAYS} days. */
function nextOpening(
  now: number,
  today: string,
  todayIntervals: Interval[],
  hoursOf: (day: string) => DayHours
): { start: Date; hours: DayHours } | undefined {
  const later = todayIntervals.find((i) => i.start.getTime() > now);
  if (later) return { start: later.start, hours: hoursOf(today) };
  for (let n = 1; n <= LOOKAHEAD_DAYS; n++) {
    const day = addDays(today, n);
    const hours = hoursOf(day);
    const first = dayIntervals(hours.ranges, day)[0];
    if (first) return { start: first.start, hours };
  }
  return undefined;
}

/** Why it is closed now, most telling reason first, with the words that follow « fermé ». */
function closedWhy(
  now: number,
  today: string,
  hours: DayHours,
  intervals: Interval[],
  holidaysClosed: boolean
): { kind: ClosedKind; reason?: string; phrase: string } {
  const { exception, holiday } = hours;
  if (exception?.closed) {
    const span = exception.to === today ? "aujourd'hui" : `jusqu'au ${spokenDayMonth(exception.to)} inclus`;
    return { kind: 'exception', reason: exception.reason, phrase: ` exceptionnellement (${exception.reason}) ${span}` };
  }
  if (holiday && holidaysClosed && !intervals.length) return { kind: 'holiday', reason: holiday, phrase: ` (jour férié : ${holiday})` };
  const before = intervals.filter((i) => i.end.getTime() <= now);
  const after = intervals.filter((i) => i.start.getTime() > now);
  if (before.length && after.length) {
    // A gap that starts around noon is the lunch break callers know; any other gap is a pause.
    const start = parisWallClock(before.at(-1)!.end.getTime()).time;
    const lunch = start >= '11:00' && start <= '14:00';
    return lunch
      ? { kind: 'break', reason: 'pause de midi', phrase: ' pour la pause de midi' }
      : { kind: 'break', reason: 'pause', phrase: ' pour une pause' };
  }
  if (!intervals.length && isoWeekday(today) >= 6) return { kind: 'weekend', reason: 'week-end', phrase: ' (week-end)' };
  return { kind: 'outside-hours', phrase: '' };
}

/** Subject, agreement and pronoun: with a name « Curial est fermé ; il… », without « Fermé ; … ». */
function grammar(q: OpeningQuestion) {
  const e = q.name && q.feminine ? 'e' : '';
  return {
    subject: (adjective: 'ouvert' | 'fermé') =>
      q.name ? `${q.name} est ${adjective}${e}` : `${adjective[0]!.toUpperCase()}${adjective.slice(1)}${e}`,
    then: (verb: 'ouvre' | 'rouvre') =>
      q.name ? `${q.feminine ? 'elle' : 'il'} ${verb}` : verb === 'ouvre' ? 'ouverture' : 'réouverture'
  };
}
