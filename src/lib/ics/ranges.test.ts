import { describe, expect, it } from 'vitest';
import { parseIcs } from './parse';

// RECURRENCE-ID;RANGE=THISANDFUTURE (RFC 5545 §3.8.4.4) changes an instance and every later
// one. The override is a whole component: later instances show its properties, as it does
// itself (a property it leaves out is absent, not inherited). Paris is UTC+1 until 29 March
// 2026 at 01:00 UTC, then UTC+2.

const calendar = (...body: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...body, 'END:VCALENDAR'].join('\r\n') + '\r\n';
const event = (...props: string[]) => ['BEGIN:VEVENT', 'UID:permanence', ...props, 'END:VEVENT'].join('\r\n');
const weekly = (...more: string[]) =>
  event('DTSTART;TZID=Europe/Paris:20260105T100000', 'DTEND;TZID=Europe/Paris:20260105T110000', 'SUMMARY:Permanence', 'LOCATION:Salle A', ...more);
const fromHere = (rid: string, ...props: string[]) => event(`RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Paris:${rid}`, ...props);

function read(text: string, from = '2026-01-01T00:00:00Z', to = '2026-12-31T00:00:00Z') {
  const r = parseIcs(text, { from: new Date(from), to: new Date(to) });
  if (!r.ok) throw new Error(r.error);
  return r.occurrences;
}
const shown = (text: string, from?: string, to?: string) =>
  read(text, from, to).map((o) => `${o.start.slice(0, 16)}–${o.end.slice(11, 16)} ${o.title} @${o.location}`);

describe('RECURRENCE-ID;RANGE=THISANDFUTURE', () => {
  it('is no longer ignored: the instance and all later ones move by the same shift and take the new SUMMARY and LOCATION', () => {
    const text = calendar(
      weekly('RRULE:FREQ=WEEKLY;COUNT=4'),
      fromHere('20260112T100000', 'DTSTART;TZID=Europe/Paris:20260112T140000', 'DTEND;TZID=Europe/Paris:20260112T150000', 'SUMMARY:Permanence (après-midi)', 'LOCATION:Salle B')
    );
    expect(shown(text)).toEqual([
      '2026-01-05T09:00–10:00 Permanence @Salle A',
      '2026-01-12T13:00–14:00 Permanence (après-midi) @Salle B',
      '2026-01-19T13:00–14:00 Permanence (après-midi) @Salle B',
      '2026-01-26T13:00–14:00 Permanence (après-midi) @Salle B'
    ]);
    // Each instance keeps its original RECURRENCE-ID, so meeting ids stay stable.
    expect(read(text).map((o) => o.recurrenceId)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-12T09:00:00.000Z', '2026-01-19T09:00:00.000Z', '2026-01-26T09:00:00.000Z']);
  });

  it('keeps the new wall-clock time across the March DST change, and the new length', () => {
    const text = calendar(
      weekly('RRULE:FREQ=WEEKLY;UNTIL=20260407T000000Z'),
      fromHere('20260323T100000', 'DTSTART;TZID=Europe/Paris:20260323T140000', 'DURATION:PT2H', 'SUMMARY:Permanence', 'LOCATION:Salle A')
    );
    expect(shown(text).slice(-3)).toEqual(['2026-03-23T13:00–15:00 Permanence @Salle A', '2026-03-30T12:00–14:00 Permanence @Salle A', '2026-04-06T12:00–14:00 Permanence @Salle A']);
  });

  it('keeps the series length when the override gives none, and EXDATE and later single overrides still win', () => {
    const text = calendar(
      weekly('RRULE:FREQ=WEEKLY;COUNT=5', 'EXDATE;TZID=Europe/Paris:20260119T100000'),
      fromHere('20260112T100000', 'DTSTART;TZID=Europe/Paris:20260112T160000', 'SUMMARY:Tard'),
      event('RECURRENCE-ID;TZID=Europe/Paris:20260126T100000', 'DTSTART;TZID=Europe/Paris:20260127T080000', 'DURATION:PT30M', 'SUMMARY:Mardi')
    );
    expect(shown(text)).toEqual([
      '2026-01-05T09:00–10:00 Permanence @Salle A',
      '2026-01-12T15:00–16:00 Tard @',
      '2026-01-27T07:00–07:30 Mardi @',
      '2026-02-02T15:00–16:00 Tard @'
    ]);
  });

  it('a later THISANDFUTURE change takes over from an earlier one', () => {
    const text = calendar(
      weekly('RRULE:FREQ=WEEKLY;COUNT=4'),
      fromHere('20260112T100000', 'DTSTART;TZID=Europe/Paris:20260112T140000', 'SUMMARY:Deux'),
      fromHere('20260119T100000', 'DTSTART;TZID=Europe/Paris:20260119T080000', 'SUMMARY:Trois')
    );
    expect(read(text).map((o) => `${o.start.slice(0, 16)} ${o.title}`)).toEqual(['2026-01-05T09:00 Permanence', '2026-01-12T13:00 Deux', '2026-01-19T07:00 Trois', '2026-01-26T07:00 Trois']);
  });

  it('an instance moved two days earlier into the window from beyond its end is shown', () => {
    const text = calendar(weekly('RRULE:FREQ=WEEKLY'), fromHere('20260112T100000', 'DTSTART;TZID=Europe/Paris:20260110T100000', 'SUMMARY:Samedi', 'LOCATION:Salle A'));
    expect(shown(text, '2026-01-20T00:00:00Z', '2026-01-25T00:00:00Z')).toEqual(['2026-01-24T09:00–10:00 Samedi @Salle A']);
  });

  it('moves an all-day series by whole days', () => {
    const text = calendar(
      event('DTSTART;VALUE=DATE:20260105', 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Journée'),
      event('RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20260112', 'DTSTART;VALUE=DATE:20260113', 'SUMMARY:Journée (mardi)')
    );
    expect(read(text).map((o) => `${o.start} ${o.allDay} ${o.title}`)).toEqual([
      '2026-01-04T23:00:00.000Z true Journée',
      '2026-01-12T23:00:00.000Z true Journée (mardi)',
      '2026-01-19T23:00:00.000Z true Journée (mardi)'
    ]);
  });
});
