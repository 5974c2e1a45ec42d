import { z } from 'zod';
import { isoDay } from '$lib/domain/common';
import { parisInstant } from '$lib/domain/zoned';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure au format HH:MM.');

/** What the adviser types to add or correct a meeting. French messages, shown as they are. */
export const meetingForm = z
  .object({
    roomId: z.string().startsWith('room:', 'Choisissez la salle.'),
    title: z.string().trim().min(1, 'Indiquez l’intitulé de la réunion.').max(200, 'Intitulé trop long (200 caractères au plus).'),
    organiser: z.string().trim().max(120, 'Nom du service trop long (120 caractères au plus).'),
    day: isoDay.or(z.literal('')).refine((d) => d !== '', 'Choisissez le jour.'),
    startTime: time,
    endTime: time,
    expectedAttendees: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d{1,4}$/.test(v) && Number(v) <= 5000), 'Nombre de participants entre 0 et 5000.')
      .transform((v) => (v === '' ? undefined : Number(v)))
  })
  .transform((f, ctx) => {
    const start = parisInstant(f.day, f.startTime);
    const end = parisInstant(f.day, f.endTime);
    // The hour skipped when clocks go forward in March does not exist in Paris.
    if (!start) ctx.addIssue({ code: 'custom', path: ['startTime'], message: 'Cette heure n’existe pas ce jour-là (changement d’heure).' });
    if (!end) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Cette heure n’existe pas ce jour-là (changement d’heure).' });
    if (start && end && end <= start) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'La fin doit suivre le début.' });
    if (!start || !end || end <= start) return z.NEVER;
    return { roomId: f.roomId, title: f.title, organiser: f.organiser, start: start.toISOString(), end: end.toISOString(), expectedAttendees: f.expectedAttendees };
  });
export type MeetingFormInput = z.input<typeof meetingForm>;
export type MeetingFormValue = z.output<typeof meetingForm>;
