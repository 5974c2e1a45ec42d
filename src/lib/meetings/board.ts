import type { MeetingRow, RoomRow } from '$lib/db/read-model';
import { parisDay, parisTime } from '$lib/domain/dates';
import type { BoardEntry } from '$lib/domain/planning';

/** One line of the day's board: a meeting with its room. */
export interface BoardLine {
  meeting: MeetingRow;
  room: RoomRow | undefined;
  /** Since the board was last printed; absent when it was never printed. */
  change?: BoardChange;
}

export type BoardChange = { kind: 'new' } | { kind: 'changed'; fields: ChangedField[] } | { kind: 'same' };
export type ChangedField = 'horaire' | 'salle' | 'titre' | 'annulation';

/** The day's board of a building: by start time, then room name, then title. */
export function boardLines(meetings: MeetingRow[], rooms: Record<string, RoomRow>, printed: BoardEntry[] | null): BoardLine[] {
  const before = new Map((printed ?? []).map((e) => [e.id, e]));
  return meetings
    .map((meeting) => {
      const room = rooms[meeting.roomId];
      const line: BoardLine = { meeting, room };
      if (printed) line.change = changeSince(before.get(meeting.id), meeting);
      return line;
    })
    .sort(
      (a, b) =>
        a.meeting.start.localeCompare(b.meeting.start) ||
        (a.room?.name ?? '').localeCompare(b.room?.name ?? '', 'fr') ||
        a.meeting.title.localeCompare(b.meeting.title, 'fr')
    );
}

function changeSince(entry: BoardEntry | undefined, m: MeetingRow): BoardChange {
  if (!entry) return { kind: 'new' };
  const fields: ChangedField[] = [];
  // Compared as instants: the same time may be written with another offset.
  if (Date.parse(entry.start) !== Date.parse(m.start) || Date.parse(entry.end) !== Date.parse(m.end)) fields.push('horaire');
  if (entry.roomId !== m.roomId) fields.push('salle');
  if (entry.title !== m.title) fields.push('titre');
  if (entry.cancelled !== (m.cancelled === true)) fields.push('annulation');
  return fields.length ? { kind: 'changed', fields } : { kind: 'same' };
}

/** Printed lines that are no longer on the board (deleted, or moved to another day). */
export function removedSincePrint(meetings: MeetingRow[], printed: BoardEntry[] | null): BoardEntry[] {
  if (!printed) return [];
  const ids = new Set(meetings.map((m) => m.id));
  return printed.filter((e) => !ids.has(e.id));
}

/** What a print records: enough to tell later what changed on the posted paper. */
export function boardEntries(meetings: MeetingRow[]): BoardEntry[] {
  return meetings.map((m) => ({ id: m.id, start: m.start, end: m.end, title: m.title, roomId: m.roomId, cancelled: m.cancelled === true }));
}

/** Whether a meeting is under way, to come or over at `now`. */
export function meetingPhase(m: Pick<MeetingRow, 'start' | 'end'>, now: Date): 'en-cours' | 'a-venir' | 'terminee' {
  const t = now.getTime();
  if (Date.parse(m.end) <= t) return 'terminee';
  return Date.parse(m.start) <= t ? 'en-cours' : 'a-venir';
}

/** The time of a meeting as the board of `day` shows it (a multi-day event is all day long). */
export function timeRange(m: Pick<MeetingRow, 'start' | 'end' | 'allDay'>, day: string): string {
  const startsBefore = parisDay(m.start) < day;
  const endsAfter = parisDay(Date.parse(m.end) - 1) > day;
  if (m.allDay || (startsBefore && endsAfter)) return 'Toute la journée';
  if (startsBefore) return `Jusqu’à ${parisTime(m.end)}`;
  if (endsAfter) return `À partir de ${parisTime(m.start)}`;
  return `${parisTime(m.start)} – ${parisTime(m.end)}`;
}
