import { z } from 'zod';
import { baseDoc, ID_MISMATCH, isoDay, isoInstant, siteCode, text } from './common';
import { parisDay } from './dates';

/** A meeting room. `_id` is `room:<site>:<slug>`. Lives in `planning` (displays read it). */
export const roomDoc = z.object({
  ...baseDoc,
  type: z.literal('room'),
  site: siteCode,
  name: text(80),
  floor: z.string().trim().max(40),
  capacity: z.number().int().min(1).max(2000),
  equipment: z.array(text(60)).max(30),
  directions: z.string().trim().max(300),
  /**
   * The room's Zimbra calendar as iCalendar (`https://<server>/home/<account>/<calendar>?fmt=ics`).
   * Never carries credentials: displays read this document; the server holds the password.
   */
  calendarUrl: z.url().optional()
}).refine((r) => r._id.startsWith(`room:${r.site}:`), ID_MISMATCH);
export type RoomDoc = z.infer<typeof roomDoc>;

/**
 * Where a meeting comes from: typed at the desk, imported from an `.ics` file at the desk (both
 * editable there), or polled from the room's Zimbra feed by the server (only the server writes
 * those: the next poll would undo a desk edit).
 */
export const MEETING_SOURCES = ['manual', 'ics', 'zimbra'] as const;
export type MeetingSource = (typeof MEETING_SOURCES)[number];

/**
 * A meeting on the day's board. `_id` is `meeting:<site>:<start>:<slug>` for meetings typed at
 * the desk and `meeting:<site>:ics:<hash of uid and occurrence>` for imported ones, so that a
 * moved occurrence keeps its id (and the board can say it moved). Lives in `planning`.
 */
export const meetingDoc = z
  .object({
    ...baseDoc,
    type: z.literal('meeting'),
    site: siteCode,
    roomId: z.string().startsWith('room:'),
    title: text(200),
    organiser: z.string().trim().max(120),
    start: isoInstant,
    end: isoInstant,
    expectedAttendees: z.number().int().min(0).max(5000).optional(),
    source: z.enum(MEETING_SOURCES),
    /** iCalendar UID, and the original start of a recurring occurrence. */
    icsUid: z.string().trim().min(1).max(500).optional(),
    recurrenceId: isoInstant.optional(),
    /** All-day (and multi-day) events: start and end are Paris midnights. */
    allDay: z.boolean().optional(),
    /** Cancelled in the organiser's calendar: the board still shows it, struck through. */
    cancelled: z.boolean().optional(),
    updatedAt: isoInstant.optional(),
    updatedBy: z.string().trim().max(80).optional()
  })
  .refine((m) => m._id.startsWith(`meeting:${m.site}:`), ID_MISMATCH)
  .refine((m) => Date.parse(m.start) < Date.parse(m.end), {
    message: 'la fin doit suivre le début',
    path: ['end']
  });
export type MeetingDoc = z.infer<typeof meetingDoc>;

/** The longest meeting the board spreads over days (a school-holiday block is 40 days). */
export const MAX_MEETING_DAYS = 400;

/** The Paris days a meeting covers: it is on the board of each of them. */
export function meetingDays(start: string, end: string): string[] {
  const days: string[] = [];
  const last = parisDay(Date.parse(end) - 1);
  let day = parisDay(start);
  while (days.length < MAX_MEETING_DAYS) {
    days.push(day);
    if (day >= last) break;
    const next = new Date(`${day}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    day = next.toISOString().slice(0, 10);
  }
  return days;
}

/**
 * The state of a room's Zimbra feed, written by the server's calendar worker only. `_id` is
 * `feed:<roomId>`. A failing feed keeps its last good meetings; advisers see the failure here.
 */
export const feedDoc = z
  .object({
    ...baseDoc,
    type: z.literal('feed'),
    site: siteCode,
    roomId: z.string().startsWith('room:'),
    checkedAt: isoInstant,
    okAt: isoInstant.optional(),
    error: z.string().trim().max(300).optional(),
    failures: z.number().int().min(0),
    meetings: z.number().int().min(0)
  })
  .refine((f) => f._id === `feed:${f.roomId}`, ID_MISMATCH);
export type FeedDoc = z.infer<typeof feedDoc>;

/** One line of a printed board, as it was posted. */
export const boardEntry = z.object({
  id: z.string().startsWith('meeting:').max(200),
  start: isoInstant,
  end: isoInstant,
  title: text(200),
  roomId: z.string().startsWith('room:'),
  cancelled: z.boolean()
});
export type BoardEntry = z.infer<typeof boardEntry>;

/**
 * What the board of a building showed when it was last printed, so the desk can highlight
 * what changed since the paper was posted. `_id` is `boardprint:<site>:<day>`; both desks of
 * a building share it.
 */
export const boardPrintDoc = z
  .object({
    ...baseDoc,
    type: z.literal('boardprint'),
    site: siteCode,
    day: isoDay,
    printedAt: isoInstant,
    printedBy: text(80),
    entries: z.array(boardEntry).max(500)
  })
  .refine((b) => b._id === `boardprint:${b.site}:${b.day}`, ID_MISMATCH);
export type BoardPrintDoc = z.infer<typeof boardPrintDoc>;
