import { describe, expect, it } from 'vitest';
import { frenchHolidays } from '$lib/domain/holidays';
import type { OpeningRange } from '$lib/domain/reference';
import { parisInstant } from '$lib/domain/zoned';
import { openingAnswer, type OpeningQuestion } from './answer';
import { dayHours } from './day-hours';
import type { ExceptionalHours } from './schema';

/** Monday to Friday with the same hours (ARCHITECTURE.md). */
const weekdays = (open: string, close: string, breakStart: string, breakEnd: string): OpeningRange[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open, close, breakStart, breakEnd }));
const CURIAL = weekdays('08:00', '17:30', '12:30', '13:30');
const HDV = weekdays('08:30', '17:30', '12:00', '13:30');

/** A Paris wall-clock time as an instant (seconds optional: "11:59:59"). */
function at(day: string, time: string): Date {
  const [hhmm, seconds = '0'] = [time.slice(0, 5), time.slice(6)];
  return new Date(parisInstant(day, hhmm)!.getTime() + Number(seconds) * 1000);
}

const hdv = (now: Date, more: Partial<OpeningQuestion> = {}) => openingAnswer({ weekly: HDV, now, name: "L'Hôtel de Ville", ...more });
const curial = (now: Date, more: Partial<OpeningQuestion> = {}) => openingAnswer({ weekly: CURIAL, now, name: 'Curial', ...more });

describe('openingAnswer around the lunch break (Hôtel de Ville, Monday 7 December 2026)', () => {
  it('is open just before the break, and says the afternoon hours', () => {
    const a = hdv(at('2026-12-07', '11:59:59'));
    expect(a).toMatchObject({ open: true, until: at('2026-12-07', '12:00'), reopensAt: at('2026-12-07', '13:30') });
    expect(a.sentence).toBe("L'Hôtel de Ville est ouvert jusqu'à 12 h, puis de 13 h 30 à 17 h 30.");
  });

  it('is closed for lunch from the first minute of the break to its last', () => {
    for (const time of ['12:00', '12:45', '13:29:59']) {
      const a = hdv(at('2026-12-07', time));
      expect(a, time).toMatchObject({ open: false, closedKind: 'break', closedReason: 'pause de midi', next: at('2026-12-07', '13:30') });
      expect(a.sentence, time).toBe("L'Hôtel de Ville est fermé pour la pause de midi ; il rouvre à 13 h 30.");
    }
  });

  it('is open again at the end of the break, until the evening, with no break ahead', () => {
    const a = hdv(at('2026-12-07', '13:30'));
    expect(a).toEqual({ open: true, until: at('2026-12-07', '17:30'), sentence: "L'Hôtel de Ville est ouvert jusqu'à 17 h 30." });
  });

  it('uses each building’s own break (Curial closes at 12 h 30)', () => {
    expect(curial(at('2026-12-07', '12:15')).sentence).toBe("Curial est ouvert jusqu'à 12 h 30, puis de 13 h 30 à 17 h 30.");
    expect(curial(at('2026-12-07', '12:30')).next).toEqual(at('2026-12-07', '13:30'));
  });
});

describe('openingAnswer in the morning, the evening and at weekends', () => {
  it('opens later today before the opening, and is open at the opening minute', () => {
    const a = hdv(at('2026-12-07', '08:29'));
    expect(a).toMatchObject({ open: false, closedKind: 'outside-hours', next: at('2026-12-07', '08:30') });
    expect(a.closedReason).toBeUndefined();
    expect(a.sentence).toBe("L'Hôtel de Ville est fermé ; il ouvre aujourd'hui à 8 h 30.");
    expect(hdv(at('2026-12-07', '08:30')).open).toBe(true);
  });

  it('opens tomorrow from the closing minute on', () => {
    for (const time of ['17:30', '23:59']) {
      const a = hdv(at('2026-12-07', time));
      expect(a.next, time).toEqual(at('2026-12-08', '08:30'));
      expect(a.sentence, time).toBe("L'Hôtel de Ville est fermé ; il ouvre demain à 8 h 30.");
    }
  });

  it('opens on Monday after a Friday evening, and says « week-end » on Saturday and Sunday', () => {
    expect(hdv(at('2026-12-11', '18:00')).sentence).toBe("L'Hôtel de Ville est fermé ; il ouvre lundi 14 décembre à 8 h 30.");
    const saturday = hdv(at('2026-12-12', '10:00'));
    expect(saturday).toMatchObject({ closedKind: 'weekend', closedReason: 'week-end', next: at('2026-12-14', '08:30') });
    expect(saturday.sentence).toBe("L'Hôtel de Ville est fermé (week-end) ; il rouvre lundi 14 décembre à 8 h 30.");
    expect(hdv(at('2026-12-13', '20:00')).sentence).toBe("L'Hôtel de Ville est fermé (week-end) ; il rouvre demain à 8 h 30.");
  });

  it('starts with « Ouvert » / « Fermé » without a name, and agrees with a feminine name', () => {
    expect(openingAnswer({ weekly: CURIAL, now: at('2026-12-07', '10:00') }).sentence).toBe("Ouvert jusqu'à 12 h 30, puis de 13 h 30 à 17 h 30.");
    expect(openingAnswer({ weekly: CURIAL, now: at('2026-12-07', '13:00') }).sentence).toBe('Fermé pour la pause de midi ; réouverture à 13 h 30.');
    expect(openingAnswer({ weekly: CURIAL, now: at('2026-12-07', '18:00') }).sentence).toBe('Fermé ; ouverture demain à 8 h.');
    const biollay = { weekly: HDV, name: 'La mairie de quartier du Biollay', feminine: true };
    expect(openingAnswer({ ...biollay, now: at('2026-12-07', '18:00') }).sentence).toBe(
      'La mairie de quartier du Biollay est fermée ; elle ouvre demain à 8 h 30.'
    );
    expect(openingAnswer({ ...biollay, now: at('2026-12-07', '09:00') }).sentence).toMatch(/^La mairie de quartier du Biollay est ouverte jusqu'à 12 h/);
  });

  it('merges touching ranges so « until » is the real closing, and names a non-lunch gap a pause', () => {
    const weekly: OpeningRange[] = [
      { weekday: 1, open: '08:00', close: '10:00' },
      { weekday: 1, open: '10:00', close: '10:30' },
      { weekday: 1, open: '16:00', close: '18:00' }
    ];
    expect(openingAnswer({ weekly, now: at('2026-12-07', '09:00') }).sentence).toBe("Ouvert jusqu'à 10 h 30, puis de 16 h à 18 h.");
    const gap = openingAnswer({ weekly, now: at('2026-12-07', '15:00') });
    expect(gap).toMatchObject({ closedKind: 'break', closedReason: 'pause' });
    expect(gap.sentence).toBe('Fermé pour une pause ; réouverture à 16 h.');
  });
});

describe('openingAnswer on public holidays', () => {
  /** The next opening of Curial after each 2026 holiday (10:00 that day), in UTC: +1 h in winter, +2 h in summer. */
  const NEXT_2026: Record<string, [string, string]> = {
    '2026-01-01': ['2026-01-02T07:00:00.000Z', 'demain à 8 h'],
    '2026-04-06': ['2026-04-07T06:00:00.000Z', 'demain à 8 h'],
    '2026-05-01': ['2026-05-04T06:00:00.000Z', 'lundi 4 mai à 8 h'],
    '2026-05-08': ['2026-05-11T06:00:00.000Z', 'lundi 11 mai à 8 h'],
    '2026-05-14': ['2026-05-15T06:00:00.000Z', 'demain à 8 h'],
    '2026-05-25': ['2026-05-26T06:00:00.000Z', 'demain à 8 h'],
    '2026-07-14': ['2026-07-15T06:00:00.000Z', 'demain à 8 h'],
    '2026-08-15': ['2026-08-17T06:00:00.000Z', 'lundi 17 août à 8 h'],
    '2026-11-01': ['2026-11-02T07:00:00.000Z', 'demain à 8 h'],
    '2026-11-11': ['2026-11-12T07:00:00.000Z', 'demain à 8 h'],
    '2026-12-25': ['2026-12-28T07:00:00.000Z', 'lundi 28 décembre à 8 h']
  };

  it('covers every 2026 holiday in this table', () => {
    expect(Object.keys(NEXT_2026)).toEqual(frenchHolidays(2026).map(([day]) => day));
  });

  it.each(frenchHolidays(2026))('closes on %s (%s) and names it', (day, name) => {
    const a = curial(at(day, '10:00'));
    const [next, when] = NEXT_2026[day]!;
    expect(a).toMatchObject({ open: false, closedKind: 'holiday', closedReason: name });
    expect(a.next?.toISOString()).toBe(next);
    expect(a.sentence).toBe(`Curial est fermé (jour férié : ${name}) ; il rouvre ${when}.`);
  });

  it('says « jusqu’à lundi » after a holiday on a Friday (Christmas 2026)', () => {
    expect(curial(at('2026-12-25', '10:00')).sentence).toBe('Curial est fermé (jour férié : Jour de Noël) ; il rouvre lundi 28 décembre à 8 h.');
  });

  it('announces the holiday tomorrow only through the next opening (eve of Ascension, Wednesday 13 May)', () => {
    expect(curial(at('2026-05-13', '18:00')).sentence).toBe('Curial est fermé ; il ouvre vendredi 15 mai à 8 h.');
  });

  it('opens on holidays when told they do not close', () => {
    expect(curial(at('2026-07-14', '10:00'), { holidaysClosed: false })).toMatchObject({ open: true, until: at('2026-07-14', '12:30') });
    expect(curial(at('2026-08-15', '10:00'), { holidaysClosed: false })).toMatchObject({ closedKind: 'weekend' });
  });
});

describe('openingAnswer with exceptional hours', () => {
  const inventory: ExceptionalHours = { from: '2025-12-29', to: '2026-01-04', reason: 'Inventaire annuel', closed: true };
  const holidaysEve: ExceptionalHours = { from: '2026-12-24', to: '2026-12-24', reason: "Fêtes de fin d'année", ranges: [{ open: '08:30', close: '16:00' }] };

  it('is closed over a closure of several days, a holiday and a weekend included, and says until when', () => {
    for (const day of ['2025-12-29', '2026-01-01', '2026-01-03']) {
      const a = hdv(at(day, '10:00'), { exceptions: [inventory] });
      expect(a, day).toMatchObject({ open: false, closedKind: 'exception', closedReason: 'Inventaire annuel', next: at('2026-01-05', '08:30') });
      expect(a.sentence, day).toBe(
        "L'Hôtel de Ville est fermé exceptionnellement (Inventaire annuel) jusqu'au 4 janvier inclus ; réouverture lundi 5 janvier à 8 h 30."
      );
    }
    expect(hdv(at('2026-01-04', '10:00'), { exceptions: [inventory] }).sentence).toBe(
      "L'Hôtel de Ville est fermé exceptionnellement (Inventaire annuel) aujourd'hui ; réouverture demain à 8 h 30."
    );
    expect(hdv(at('2026-01-05', '10:00'), { exceptions: [inventory] }).open).toBe(true);
  });

  it('is open on changed hours, says so, and closes at their end', () => {
    const a = hdv(at('2026-12-24', '10:00'), { exceptions: [holidaysEve] });
    expect(a).toMatchObject({ open: true, until: at('2026-12-24', '16:00'), exceptionReason: "Fêtes de fin d'année" });
    expect(a.reopensAt).toBeUndefined();
    expect(a.sentence).toBe("L'Hôtel de Ville est ouvert aujourd'hui en horaires exceptionnels (Fêtes de fin d'année) jusqu'à 16 h.");
    expect(hdv(at('2026-12-24', '16:00'), { exceptions: [holidaysEve] }).sentence).toBe(
      "L'Hôtel de Ville est fermé ; il ouvre lundi 28 décembre à 8 h 30."
    );
  });

  it('announces changed hours on the day of the next opening', () => {
    expect(hdv(at('2026-12-23', '18:00'), { exceptions: [holidaysEve] }).sentence).toBe(
      "L'Hôtel de Ville est fermé ; il ouvre demain à 8 h 30 en horaires exceptionnels (Fêtes de fin d'année)."
    );
  });

  it('announces changed hours again on each evening of a changed period, but not after a break', () => {
    const summer: ExceptionalHours = {
      from: '2026-07-20',
      to: '2026-08-14',
      reason: 'Horaires d’été',
      ranges: [{ open: '09:00', close: '16:00', breakStart: '12:00', breakEnd: '13:00' }]
    };
    expect(hdv(at('2026-07-20', '17:00'), { exceptions: [summer] }).sentence).toBe(
      "L'Hôtel de Ville est fermé ; il ouvre demain à 9 h en horaires exceptionnels (Horaires d’été)."
    );
    expect(hdv(at('2026-07-20', '12:30'), { exceptions: [summer] }).sentence).toBe(
      "L'Hôtel de Ville est fermé pour la pause de midi ; il rouvre à 13 h."
    );
  });

  it('opens on a holiday when an exception gives hours (the coordinator decided so)', () => {
    const mayDay: ExceptionalHours = { from: '2026-05-01', to: '2026-05-01', reason: 'Élections', ranges: [{ open: '08:00', close: '18:00' }] };
    expect(curial(at('2026-05-01', '10:00'), { exceptions: [mayDay] })).toMatchObject({ open: true, until: at('2026-05-01', '18:00') });
  });
});

describe('openingAnswer across the DST changes', () => {
  it('gives Monday 30 March 2026 at 8 h in summer time (06:00 UTC) from Saturday 28 March', () => {
    const a = curial(at('2026-03-28', '10:00'));
    expect(a.next?.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(a.sentence).toBe('Curial est fermé (week-end) ; il rouvre lundi 30 mars à 8 h.');
    expect(curial(new Date('2026-03-30T10:29:59Z')).until?.toISOString()).toBe('2026-03-30T10:30:00.000Z');
  });

  it('gives Monday 26 October 2026 at 8 h in winter time (07:00 UTC) from Saturday 24 October', () => {
    const a = curial(at('2026-10-24', '10:00'));
    expect(a.next?.toISOString()).toBe('2026-10-26T07:00:00.000Z');
    expect(a.sentence).toBe('Curial est fermé (week-end) ; il rouvre lundi 26 octobre à 8 h.');
  });

  it('opens on the Sundays of the change at the right instant', () => {
    const sundays: OpeningRange[] = [{ weekday: 7, open: '09:00', close: '12:00' }];
    expect(openingAnswer({ weekly: sundays, now: at('2026-03-28', '20:00') }).next?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(openingAnswer({ weekly: sundays, now: at('2026-10-24', '20:00') }).next?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('opens at 3 h when asked for the skipped 2 h 30 of 29 March', () => {
    const night: OpeningRange[] = [{ weekday: 7, open: '02:30', close: '05:00' }];
    expect(openingAnswer({ weekly: night, now: at('2026-03-28', '20:00') }).next?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('openingAnswer with nothing ahead', () => {
  it('says so for a schedule with no opening at all', () => {
    const a = openingAnswer({ weekly: [], now: at('2026-12-07', '10:00'), name: 'Le service Archives' });
    expect(a).toMatchObject({ open: false });
    expect(a.next).toBeUndefined();
    expect(a.sentence).toBe('Le service Archives est fermé ; aucune ouverture prévue dans les 60 prochains jours.');
  });

  it('says so for a closure longer than the look-ahead', () => {
    const works: ExceptionalHours = { from: '2026-12-01', to: '2027-03-31', reason: 'Travaux', closed: true };
    expect(hdv(at('2026-12-07', '10:00'), { exceptions: [works] }).sentence).toBe(
      "L'Hôtel de Ville est fermé exceptionnellement (Travaux) jusqu'au 31 mars inclus ; aucune ouverture prévue dans les 60 prochains jours."
    );
  });
});

describe('dayHours', () => {
  it('gives the weekly ranges of the weekday, without the weekday', () => {
    expect(dayHours(HDV, [], '2026-12-07')).toEqual({ ranges: [{ open: '08:30', close: '17:30', breakStart: '12:00', breakEnd: '13:30' }] });
    expect(dayHours(HDV, [], '2026-12-12')).toEqual({ ranges: [] });
  });

  it('closes on holidays unless told not to, and names them', () => {
    expect(dayHours(HDV, [], '2026-05-25')).toEqual({ ranges: [], holiday: 'Lundi de Pentecôte' });
    expect(dayHours(HDV, [], '2026-05-25', false).ranges).toHaveLength(1);
  });

  it('lets an exception win, the last one listed when they overlap', () => {
    const closed: ExceptionalHours = { from: '2026-12-01', to: '2026-12-31', reason: 'Travaux', closed: true };
    const open: ExceptionalHours = { from: '2026-12-07', to: '2026-12-07', reason: 'Permanence', ranges: [{ open: '09:00', close: '11:00' }] };
    expect(dayHours(HDV, [closed], '2026-12-07')).toEqual({ ranges: [], exception: closed });
    expect(dayHours(HDV, [closed, open], '2026-12-07')).toEqual({ ranges: open.ranges, exception: open });
    expect(dayHours(HDV, [open, closed], '2026-12-07').ranges).toEqual([]);
    expect(dayHours(HDV, [closed], '2026-12-25')).toEqual({ ranges: [], exception: closed, holiday: 'Jour de Noël' });
  });
});
