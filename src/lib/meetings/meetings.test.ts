import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeetingRow, RoomRow } from '$lib/db/read-model';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { meeting, room } from '$lib/testing/fixtures';
import { boardEntries, boardLines, meetingPhase, removedSincePrint, timeRange } from './board';
import { meetingForm } from './form';
import { deleteMeeting, recordPrint, saveMeeting, ZimbraMeetingError } from './repo';

const A = { device: 'desk-hdv-1', adviser: 'Anne Roux' };
const row = (over: Partial<MeetingRow> = {}) => ({ ...meeting(), id: meeting()._id, conflicted: 0, day: '2025-06-02', days: ['2025-06-02'], ...over }) as MeetingRow;
const conseil = { ...room(), id: room()._id, conflicted: 0 } as RoomRow;
const input = (over: Record<string, string> = {}) => ({
  roomId: 'room:hdv:salle-du-conseil',
  title: 'Commission urbanisme',
  organiser: 'Urbanisme',
  day: '2026-03-29',
  startTime: '09:00',
  endTime: '10:30',
  expectedAttendees: '12',
  ...over
});

describe('meeting form', () => {
  it('turns Paris wall-clock times into instants, on the day clocks go forward', () => {
    const f = meetingForm.parse(input());
    // 29 March 2026: Paris is UTC+2 from 03:00.
    expect(f).toMatchObject({ start: '2026-03-29T07:00:00.000Z', end: '2026-03-29T08:30:00.000Z', expectedAttendees: 12 });
  });

  it('says in French what is wrong, field by field', () => {
    const r = meetingForm.safeParse(input({ title: ' ', endTime: '08:00', expectedAttendees: 'douze', roomId: '' }));
    expect(r.success).toBe(false);
    const messages = Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(messages.title).toMatch(/intitulé/);
    expect(messages.roomId).toMatch(/salle/);
    expect(messages.expectedAttendees).toMatch(/participants/);
  });

  it('refuses an end before the start and a time that does not exist in Paris', () => {
    expect(meetingForm.safeParse(input({ endTime: '08:00' })).error?.issues[0]?.message).toBe('La fin doit suivre le début.');
    // 02:30 on 29 March 2026 is skipped when clocks go forward.
    expect(meetingForm.safeParse(input({ startTime: '02:30' })).error?.issues[0]?.message).toMatch(/changement d’heure/);
  });
});

describe('the day’s board', () => {
  const printed = boardEntries([row({ id: 'meeting:hdv:a', title: 'A' }), row({ id: 'meeting:hdv:b', title: 'B' }), row({ id: 'meeting:hdv:c', title: 'C' })]);

  it('highlights what changed since the board was printed: new, moved, renamed, cancelled, removed', () => {
    const now = [
      row({ id: 'meeting:hdv:a', title: 'A' }),
      row({ id: 'meeting:hdv:b', title: 'B', start: '2025-06-01T23:00:00.000Z', cancelled: true }),
      row({ id: 'meeting:hdv:d', title: 'D' })
    ];
    const lines = boardLines(now, { [conseil.id]: conseil }, printed);
    const byId = Object.fromEntries(lines.map((l) => [l.meeting.id, l.change]));
    expect(byId['meeting:hdv:a']).toEqual({ kind: 'same' });
    expect(byId['meeting:hdv:b']).toEqual({ kind: 'changed', fields: ['horaire', 'annulation'] });
    expect(byId['meeting:hdv:d']).toEqual({ kind: 'new' });
    expect(removedSincePrint(now, printed).map((e) => e.id)).toEqual(['meeting:hdv:c']);
  });

  it('marks nothing when the board was never printed, and sorts by time then room', () => {
    const lines = boardLines([row({ id: 'meeting:hdv:late', start: '2025-06-02T08:00:00.000Z', end: '2025-06-02T09:00:00.000Z' }), row({ id: 'meeting:hdv:early' })], {}, null);
    expect(lines.map((l) => l.meeting.id)).toEqual(['meeting:hdv:early', 'meeting:hdv:late']);
    expect(lines.every((l) => l.change === undefined)).toBe(true);
    expect(removedSincePrint([], null)).toEqual([]);
  });

  it('reads a meeting’s time as the day’s board shows it', () => {
    expect(timeRange(row(), '2025-06-02')).toBe('00:30 – 03:00');
    const multi = row({ start: '2025-06-01T08:00:00.000Z', end: '2025-06-03T16:00:00.000Z' });
    expect(timeRange(multi, '2025-06-01')).toBe('À partir de 10:00');
    expect(timeRange(multi, '2025-06-02')).toBe('Toute la journée');
    expect(timeRange(multi, '2025-06-03')).toBe('Jusqu’à 18:00');
    expect(timeRange(row({ allDay: true }), '2025-06-02')).toBe('Toute la journée');
  });

  it('tells meetings under way from those to come and those over', () => {
    const m = row();
    expect(meetingPhase(m, new Date('2025-06-01T22:00:00.000Z'))).toBe('a-venir');
    expect(meetingPhase(m, new Date('2025-06-01T22:30:00.000Z'))).toBe('en-cours');
    expect(meetingPhase(m, new Date('2025-06-02T01:00:00.000Z'))).toBe('terminee');
  });
});

describe('meetings at the desk', () => {
  let d: TestDevice;
  beforeEach(() => {
    d = memoryDevice('desk');
  });
  afterEach(async () => {
    await d.close();
  });

  it('adds a meeting, corrects it under the same id, removes it; each write is pending sync', async () => {
    const doc = await saveMeeting(d.store, 'hdv', input(), A, undefined, new Date('2026-03-01T10:00:00.000Z'));
    expect(doc).toMatchObject({ site: 'hdv', source: 'manual', title: 'Commission urbanisme', updatedBy: 'Anne Roux' });
    expect(doc._id).toMatch(/^meeting:hdv:2026-03-29T07:00:00.000Z:/);
    const fixed = await saveMeeting(d.store, 'hdv', input({ endTime: '11:00' }), A, doc._id);
    expect(fixed._id).toBe(doc._id);
    expect(fixed.end).toBe('2026-03-29T09:00:00.000Z');
    expect(await d.rm.pending.get(`planning/${doc._id}`)).toMatchObject({ rev: fixed._rev });
    await deleteMeeting(d.store, doc._id);
    expect(await d.store.get('planning', doc._id)).toBeNull();
  });

  it('refuses to edit or delete a meeting polled from Zimbra', async () => {
    const zimbra = { ...meeting(), _id: 'meeting:hdv:ics:conseil:0123456789abcdef', source: 'zimbra' };
    await d.dbs.planning.put(zimbra);
    await expect(saveMeeting(d.store, 'hdv', input(), A, zimbra._id)).rejects.toBeInstanceOf(ZimbraMeetingError);
    await expect(deleteMeeting(d.store, zimbra._id)).rejects.toBeInstanceOf(ZimbraMeetingError);
  });

  it('records each print of the board, replacing the previous one of the day', async () => {
    const entries = boardEntries([row()]);
    await recordPrint(d.store, 'hdv', '2025-06-02', entries, A, new Date('2025-06-02T06:00:00.000Z'));
    await recordPrint(d.store, 'hdv', '2025-06-02', [], A, new Date('2025-06-02T09:00:00.000Z'));
    expect(await d.store.get('planning', 'boardprint:hdv:2025-06-02')).toMatchObject({ printedAt: '2025-06-02T09:00:00.000Z', entries: [], printedBy: 'Anne Roux' });
  });
});
