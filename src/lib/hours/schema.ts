import { z } from 'zod';
import { hhmm, isoDay } from '$lib/domain/common';

/**
 * One range of a day's hours: the shape of `openingRange` without the weekday. Stricter than
 * `openingRange` on the break, which must sit inside the range: a coordinator types these by
 * hand for one-off days, and a break outside the range would silently do nothing.
 */
export const dayRange = z
  .object({
    open: hhmm,
    close: hhmm,
    breakStart: hhmm.optional(),
    breakEnd: hhmm.optional()
  })
  .refine((r) => r.open < r.close, { message: "l'ouverture doit précéder la fermeture" })
  .refine((r) => (r.breakStart === undefined) === (r.breakEnd === undefined), {
    message: 'la pause doit avoir un début et une fin'
  })
  .refine(
    (r) => r.breakStart === undefined || r.breakEnd === undefined || (r.open < r.breakStart && r.breakStart < r.breakEnd && r.breakEnd < r.close),
    { message: 'la pause doit commencer après l’ouverture et finir avant la fermeture', path: ['breakStart'] }
  );
export type DayRange = z.infer<typeof dayRange>;

/**
 * An exceptional closure or changed hours over Paris days `from`–`to` (both included), entered by
 * a coordinator. Either `closed: true`, or `ranges` that replace the weekly hours of those days
 * (public holidays included: a coordinator who opens on a holiday means it).
 */
export const exceptionalHours = z
  .object({
    from: isoDay,
    to: isoDay,
    reason: z
      .string({ error: 'le motif est obligatoire' })
      .trim()
      .min(1, 'le motif est obligatoire')
      .max(200, 'le motif fait au plus 200 caractères'),
    closed: z.literal(true, { error: 'closed vaut true ou est absent' }).optional(),
    ranges: z.array(dayRange).min(1, 'au moins une plage horaire').max(4, 'au plus 4 plages horaires').optional()
  })
  .refine((e) => e.from <= e.to, { message: 'la fin doit être le même jour que le début ou après', path: ['to'] })
  .refine((e) => (e.closed === true) !== (e.ranges !== undefined), {
    message: 'indiquer soit une fermeture, soit des horaires, pas les deux',
    path: ['ranges']
  });
export type ExceptionalHours = z.infer<typeof exceptionalHours>;
