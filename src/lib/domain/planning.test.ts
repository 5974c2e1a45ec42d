import { describe, expect, it } from 'vitest';
import { meeting, room } from '$lib/testing/fixtures';
import { meetingDoc, roomDoc } from './planning';

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
