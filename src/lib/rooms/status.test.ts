import { describe, expect, it } from 'vitest';
import { roomStatus, statusText, type StatusMeeting } from './status';

const m = (title: string, start: string, end: string, extra: Partial<StatusMeeting> = {}): StatusMeeting => ({ title, start, end, ...extra });

// 2 June 2025: Paris is UTC+2.
const COMMISSION = m('Commission', '2025-06-02T08:00:00.000Z', '2025-06-02T10:00:00.000Z'); // 10:00–12:00
const CONSEIL = m('Conseil', '2025-06-02T12:30:00.000Z', '2025-06-02T14:00:00.000Z'); // 14:30–16:00
const at = (iso: string) => new Date(iso);

describe('roomStatus', () => {
  it('is free without meetings', () => {
    expect(roomStatus([], at('2025-06-02T08:00:00Z'))).toEqual({ state: 'free' });
    expect(statusText({ state: 'free' }, at('2025-06-02T08:00:00Z'))).toEqual({ label: 'Libre' });
  });

  it('is free before a meeting, with the next one, whatever the order given', () => {
    const now = at('2025-06-02T07:00:00Z');
    const s = roomStatus([CONSEIL, COMMISSION], now);
    expect(s).toEqual({ state: 'free', next: COMMISSION });
    expect(statusText(s, now)).toEqual({ label: 'Libre', detail: 'Prochaine réunion à 10:00 (Commission)' });
  });

  it('is in use during a meeting, until its end, with the next one after', () => {
    const now = at('2025-06-02T09:00:00Z');
    const s = roomStatus([COMMISSION, CONSEIL], now);
    expect(s).toEqual({ state: 'in-use', current: COMMISSION, until: COMMISSION.end, next: CONSEIL });
    expect(statusText(s, now)).toEqual({ label: "Occupée jusqu'à 12:00 (Commission)", detail: 'Prochaine réunion à 14:30 (Conseil)' });
  });

  it('is free at the very minute a meeting ends, and in use at the minute one starts', () => {
    expect(roomStatus([COMMISSION, CONSEIL], at(COMMISSION.end))).toEqual({ state: 'free', next: CONSEIL });
    expect(roomStatus([COMMISSION, CONSEIL], at(CONSEIL.start))).toMatchObject({ state: 'in-use', current: CONSEIL });
    expect(roomStatus([CONSEIL], at(CONSEIL.end))).toEqual({ state: 'free' });
  });

  it('ignores cancelled meetings, ongoing or next', () => {
    const cancelled = { ...COMMISSION, cancelled: true };
    expect(roomStatus([cancelled, CONSEIL], at('2025-06-02T09:00:00Z'))).toEqual({ state: 'free', next: CONSEIL });
    expect(roomStatus([cancelled], at('2025-06-02T07:00:00Z'))).toEqual({ state: 'free' });
  });

  it('keeps the room busy through back-to-back meetings, and names the one under way', () => {
    const a = m('A', '2025-06-02T07:00:00Z', '2025-06-02T08:00:00Z');
    const b = m('B', '2025-06-02T08:00:00Z', '2025-06-02T09:00:00Z');
    const c = m('C', '2025-06-02T09:30:00Z', '2025-06-02T10:00:00Z');
    const now = at('2025-06-02T07:30:00Z');
    const s = roomStatus([c, b, a], now);
    expect(s).toMatchObject({ state: 'in-use', current: a, until: '2025-06-02T09:00:00.000Z', next: c });
    expect(statusText(s, now).label).toBe("Occupée jusqu'à 11:00 (A)");
  });

  it('takes the overlapping meeting that ends last as the current one', () => {
    const long = m('Long', '2025-06-02T07:00:00Z', '2025-06-02T11:00:00Z');
    const short = m('Court', '2025-06-02T08:00:00Z', '2025-06-02T09:00:00Z');
    expect(roomStatus([short, long], at('2025-06-02T08:30:00Z'))).toMatchObject({ current: long, until: '2025-06-02T11:00:00.000Z' });
  });

  it('reads the hour skipped in March: 01:30 CET to 03:30 CEST is in use until 03:30', () => {
    const night = m('Maintenance', '2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z');
    const now = at('2026-03-29T01:00:00Z'); // 03:00 CEST, the minute after 01:59 CET
    const s = roomStatus([night], now);
    expect(s).toMatchObject({ state: 'in-use', until: night.end });
    expect(statusText(s, now).label).toBe("Occupée jusqu'à 03:30 (Maintenance)");
  });

  it('reads the hour repeated in October: in use until 02:15 CET though it began at 02:30 CEST', () => {
    const night = m('Sauvegarde', '2026-10-25T00:30:00.000Z', '2026-10-25T01:15:00.000Z');
    const now = at('2026-10-25T01:05:00Z'); // 02:05 CET, the second 02:05 of the night
    expect(statusText(roomStatus([night], now), now).label).toBe("Occupée jusqu'à 02:15 (Sauvegarde)");
    expect(roomStatus([night], at('2026-10-25T00:20:00Z'))).toEqual({ state: 'free', next: night });
  });

  it('shows an all-day event as the whole day, on a 23-hour DST day too', () => {
    // 29 March 2026: Paris midnight is 23:00Z the day before, the next one 22:00Z.
    const seminar = m('Séminaire', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', { allDay: true });
    expect(roomStatus([seminar], at('2026-03-28T22:59:00Z'))).toEqual({ state: 'free', next: seminar });
    for (const now of [at('2026-03-28T23:00:00Z'), at('2026-03-29T21:59:00Z')]) {
      const s = roomStatus([seminar], now);
      expect(s.state).toBe('in-use');
      expect(statusText(s, now).label).toBe('Occupée toute la journée (Séminaire)');
    }
    expect(roomStatus([seminar], at('2026-03-29T22:00:00Z'))).toEqual({ state: 'free' });
  });

  it('shows the last day of a multi-day event, and the end of a meeting past midnight', () => {
    const exhibition = m('Exposition', '2025-06-01T22:00:00.000Z', '2025-06-04T22:00:00.000Z', { allDay: true });
    const now = at('2025-06-02T09:00:00Z');
    expect(statusText(roomStatus([exhibition], now), now).label).toBe("Occupée jusqu'au 04/06 inclus (Exposition)");
    const late = m('Élections', '2025-06-02T16:00:00.000Z', '2025-06-02T23:00:00.000Z');
    const evening = at('2025-06-02T20:00:00Z');
    expect(statusText(roomStatus([late], evening), evening).label).toBe("Occupée jusqu'au 03/06 à 01:00 (Élections)");
    const toMidnight = m('Veillée', '2025-06-02T16:00:00.000Z', '2025-06-02T22:00:00.000Z');
    expect(statusText(roomStatus([toMidnight], evening), evening).label).toBe("Occupée jusqu'à minuit (Veillée)");
  });

  it('does not announce a next meeting of another day', () => {
    const tomorrow = m('Demain', '2025-06-03T08:00:00Z', '2025-06-03T09:00:00Z');
    const now = at('2025-06-02T09:00:00Z');
    expect(statusText(roomStatus([tomorrow], now), now)).toEqual({ label: 'Libre' });
  });
});
