import { z } from 'zod';
import { baseDoc, ID_MISMATCH, isoInstant, siteCode, text } from './common';

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
  calendarUrl: z.url().optional()
}).refine((r) => r._id.startsWith(`room:${r.site}:`), ID_MISMATCH);
export type RoomDoc = z.infer<typeof roomDoc>;

/** A meeting on the day's board. `_id` is `meeting:<site>:<start>:<slug|uid>`. Lives in `planning`. */
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
    source: z.enum(['manual', 'ics'])
  })
  .refine((m) => m._id.startsWith(`meeting:${m.site}:`), ID_MISMATCH)
  .refine((m) => Date.parse(m.start) < Date.parse(m.end), {
    message: 'la fin doit suivre le début',
    path: ['end']
  });
export type MeetingDoc = z.infer<typeof meetingDoc>;
