import { describe, expect, it } from 'vitest';
import type { IcsOccurrence } from '../ics/parse';
import { fnv1a64, icsMeetingId, icsMeetingPrefix, occurrenceToMeeting, PRIVATE_MEETING, SERVER_ACTOR, UNTITLED_MEETING } from './meeting-ids';
import { meetingDoc } from './planning';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const ROOM = { _id: 'room:curial:salle-des-bauges', site: 'curial' as const };

const occurrence = (over: Partial<IcsOccurrence> = {}): IcsOccurrence => ({
  uid: 'a1b2c3@zimbra.chambery.fr',
  title: 'Commission urbanisme',
  location: 'Salle des Bauges',
  description: '',
  organiser: 'Urbanisme',
  start: '2026-03-02T13:00:00.000Z',
  end: '2026-03-02T15:00:00.000Z',
  allDay: false,
  cancelled: false,
  attendees: 0,
  ...over
});

describe('fnv1a64', () => {
  it('matches the reference FNV-1a 64-bit values', () => {
    // Published test vectors of the algorithm (Fowler, Noll, Vo).
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
  it('hashes the UTF-8 bytes, so accents give the same id everywhere', () => {
    expect(fnv1a64('réunion')).toBe(fnv1a64('r\u00e9union'));
    expect(fnv1a64('réunion')).not.toBe(fnv1a64('re\u0301union'));
    expect(fnv1a64('😀')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('icsMeetingId', () => {
  it('is meeting:<site>:ics:<room slug>:<16 hex>, stable across calls', () => {
    const id = icsMeetingId('curial', ROOM._id, 'zimbra', 'uid-1');
    expect(id).toMatch(/^meeting:curial:ics:salle-des-bauges:[0-9a-f]{16}$/);
    expect(icsMeetingId('curial', ROOM._id, 'zimbra', 'uid-1')).toBe(id);
    expect(id.startsWith(icsMeetingPrefix('curial', ROOM._id))).toBe(true);
  });
  it('tells apart source, room, uid and occurrence', () => {
    const ids = new Set([
      icsMeetingId('curial', ROOM._id, 'zimbra', 'uid-1'),
      icsMeetingId('curial', ROOM._id, 'ics', 'uid-1'),
      icsMeetingId('curial', 'room:curial:salle-du-forum', 'zimbra', 'uid-1'),
      icsMeetingId('curial', ROOM._id, 'zimbra', 'uid-2'),
      icsMeetingId('curial', ROOM._id, 'zimbra', 'uid-1', '2026-03-02T13:00:00.000Z'),
      icsMeetingId('curial', ROOM._id, 'zimbra', 'uid-1', '2026-03-09T13:00:00.000Z')
    ]);
    expect(ids.size).toBe(6);
  });
  it('reads the same recurrence instant however it is written', () => {
    expect(icsMeetingId('hdv', 'room:hdv:x', 'zimbra', 'u', '2026-03-02T14:00:00+01:00')).toBe(
      icsMeetingId('hdv', 'room:hdv:x', 'zimbra', 'u', '2026-03-02T13:00:00.000Z')
    );
  });
  it('stays within 200 characters with a very long room slug', () => {
    const roomId = `room:hdv:${'salle-'.repeat(60)}`;
    const id = icsMeetingId('hdv', roomId, 'zimbra', 'u');
    expect(id.length).toBeLessThanOrEqual(200);
    expect(id).toMatch(/:[0-9a-f]{16}$/);
  });
});

describe('occurrenceToMeeting', () => {
  it('maps an occurrence onto a valid zimbra meeting written by the server', () => {
    const m = occurrenceToMeeting(occurrence({ attendees: 12, recurrenceId: '2026-03-02T14:00:00+01:00' }), ROOM, 'zimbra', NOW);
    expect(meetingDoc.safeParse(m).success).toBe(true);
    expect(m).toEqual({
      _id: icsMeetingId('curial', ROOM._id, 'zimbra', 'a1b2c3@zimbra.chambery.fr', '2026-03-02T13:00:00.000Z'),
      type: 'meeting',
      v: 1,
      site: 'curial',
      roomId: ROOM._id,
      title: 'Commission urbanisme',
      organiser: 'Urbanisme',
      start: '2026-03-02T13:00:00.000Z',
      end: '2026-03-02T15:00:00.000Z',
      expectedAttendees: 12,
      source: 'zimbra',
      icsUid: 'a1b2c3@zimbra.chambery.fr',
      recurrenceId: '2026-03-02T13:00:00.000Z',
      updatedAt: NOW.toISOString(),
      updatedBy: SERVER_ACTOR
    });
  });
  it('keeps all-day and cancelled flags, and leaves updatedBy to the desk for a file import', () => {
    const m = occurrenceToMeeting(occurrence({ allDay: true, cancelled: true }), ROOM, 'ics', NOW);
    expect(m.allDay).toBe(true);
    expect(m.cancelled).toBe(true);
    expect(m.updatedBy).toBeUndefined();
    expect(m.expectedAttendees).toBeUndefined();
    expect(occurrenceToMeeting(occurrence(), ROOM, 'ics', NOW, 'Camille').updatedBy).toBe('Camille');
  });
  it('cuts long texts to what the schema allows instead of refusing the meeting', () => {
    const m = occurrenceToMeeting(
      occurrence({ title: `${'é'.repeat(199)}😀 et la suite`, organiser: 'o'.repeat(300), uid: 'u'.repeat(900), attendees: 9000 }),
      ROOM,
      'zimbra',
      NOW
    );
    // The emoji would straddle the limit: it goes whole rather than leave half a surrogate pair.
    expect(m.title).toBe('é'.repeat(199));
    expect(m.organiser).toHaveLength(120);
    expect(m.icsUid).toHaveLength(500);
    expect(m.expectedAttendees).toBe(5000);
    // The id still hashes the whole UID: two UIDs sharing 500 characters stay two meetings.
    expect(m._id).not.toBe(occurrenceToMeeting(occurrence({ uid: `${'u'.repeat(900)}x` }), ROOM, 'zimbra', NOW)._id);
  });
  it('gives a title to an untitled busy block and folds white space', () => {
    expect(occurrenceToMeeting(occurrence({ title: '  ' }), ROOM, 'zimbra', NOW).title).toBe(UNTITLED_MEETING);
    expect(occurrenceToMeeting(occurrence({ title: 'Point\n  budget ' }), ROOM, 'zimbra', NOW).title).toBe('Point budget');
  });
  it('derives an identity for an event without UID', () => {
    const a = occurrenceToMeeting(occurrence({ uid: '' }), ROOM, 'zimbra', NOW);
    expect(a.icsUid).toMatch(/^sans-uid:/);
    expect(occurrenceToMeeting(occurrence({ uid: '' }), ROOM, 'zimbra', NOW)._id).toBe(a._id);
  });
  it('throws on an occurrence that ends before it starts', () => {
    expect(() => occurrenceToMeeting(occurrence({ end: '2026-03-02T12:00:00.000Z' }), ROOM, 'zimbra', NOW)).toThrow();
  });
  it('keeps the title, organiser and attendees of a private event out of the data', () => {
    const m = occurrenceToMeeting(occurrence({ confidential: true, title: 'Entretien M. Dupont', organiser: 'Jean Dupont', attendees: 3 }), ROOM, 'zimbra', NOW);
    expect(m).toMatchObject({ title: PRIVATE_MEETING, organiser: '' });
    expect(m.expectedAttendees).toBeUndefined();
    expect(JSON.stringify(m)).not.toMatch(/Dupont/);
  });
});
