import { describe, expect, it } from 'vitest';
import { meeting, room } from '$lib/testing/fixtures';
import { meetingDays, meetingDoc, roomDoc } from './planning';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

describe('roomDoc', () => {
  it('accepts a room, with or without a calendar URL', () => {
    expect(ok(roomDoc, room())).toBe(true);
    expect(ok(roomDoc, room({ calendarUrl: 'https://agenda.chambery.fr/salle.ics', floor: '' }))).toBe(true);
  });
  it.each([
    ['capacity', 0],
    ['capacity', 2001],
    ['capacity', 12.5],
    ['capacity', '20'],
    ['site', 'annecy'],
    ['name', ''],
    ['name', 'x'.repeat(81)],
    ['floor', 'x'.repeat(41)],
    ['directions', 'x'.repeat(301)],
    ['equipment', Array.from({ length: 31 }, (_, i) => `item ${i}`)],
    ['equipment', ['']],
    ['calendarUrl', 'pas une url']
  ] as const)('rejects %s = %j', (field, value) => {
    expect(ok(roomDoc, { ...room(), [field]: value })).toBe(false);
  });
});

describe('meetingDoc', () => {
  it('accepts a meeting, with or without expected attendees', () => {
    expect(ok(meetingDoc, meeting())).toBe(true);
    expect(ok(meetingDoc, meeting({ expectedAttendees: 0, source: 'ics', organiser: '' }))).toBe(true);
  });
  it('rejects a meeting that ends when or before it starts', () => {
    expect(ok(meetingDoc, meeting({ end: meeting().start }))).toBe(false);
    expect(ok(meetingDoc, meeting({ end: '2025-06-01T22:00:00.000Z' }))).toBe(false);
    // Same instant written with an offset: still not after the start.
    expect(ok(meetingDoc, meeting({ end: '2025-06-02T00:30:00+02:00' }))).toBe(false);
  });
  it.each([
    ['source', 'outlook'],
    ['roomId', 'salle-du-conseil'],
    ['start', '2025-06-01'],
    ['end', '02/06/2025 01:00'],
    ['title', ' '],
    ['title', 'x'.repeat(201)],
    ['expectedAttendees', -1],
    ['expectedAttendees', 5001]
  ] as const)('rejects %s = %j', (field, value) => {
    expect(ok(meetingDoc, { ...meeting(), [field]: value })).toBe(false);
  });
});

describe('meetingDays', () => {
  it('puts a meeting on each Paris day it covers, end exclusive', () => {
    // 00:30 → 03:00 Paris on 2 June (UTC+2): one day, though it starts on 1 June in UTC.
    expect(meetingDays('2025-06-01T22:30:00.000Z', '2025-06-02T01:00:00.000Z')).toEqual(['2025-06-02']);
    // An all-day event of 27 → 29 October 2024 (Paris midnights, across the DST change).
    expect(meetingDays('2024-10-26T22:00:00.000Z', '2024-10-28T23:00:00.000Z')).toEqual(['2024-10-27', '2024-10-28']);
    // Forty days of school holidays.
    const days = meetingDays('2018-07-01T22:00:00.000Z', '2018-08-10T22:00:00.000Z');
    expect(days).toHaveLength(40);
    expect(days.at(-1)).toBe('2018-08-10');
  });
});
