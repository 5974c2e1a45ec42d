import { z } from 'zod';
import { attachmentsOf } from './attachments';
import { CODE_PATTERN } from './appointment';
import { baseDoc, ID_MISMATCH, isoInstant, siteCode, text } from './common';

/**
 * A kiosk self check-in, pushed to the `borne` inbox and moved into `accueil` by the server's
 * intake worker. `_id` is `checkin:<site>:<createdAt>:<random>`. The kiosk may only create these.
 */
export const checkinDoc = z.object({
  ...baseDoc,
  _attachments: attachmentsOf('checkin'),
  type: z.literal('checkin'),
  site: siteCode,
  visitorName: text(120),
  reason: text(200),
  createdAt: isoInstant,
  kiosk: text(80),
  /** The service behind the reason the visitor chose, when they chose one of the big buttons. */
  serviceId: z.string().startsWith('service:').optional(),
  /** The language the visitor used on the kiosk, so the desk can greet them in it. */
  language: z.enum(['fr', 'en']).optional(),
  /** When the visitor read the privacy notice and signed (the signature is the attachment `signature.png`). */
  consentAt: isoInstant.optional(),
  /**
   * How consent is given: signed on the screen (the default), or `at-desk` for a visitor who
   * cannot sign: no signature, the adviser records their consent on admission.
   */
  consent: z.enum(['signed', 'at-desk']).optional(),
  /** The confirmation code of the visitor's appointment: the intake worker marks it arrived. */
  appointmentCode: z.string().regex(CODE_PATTERN).optional(),
  /** The visitor said they have an appointment: without a code, the intake looks it up by name and time. */
  withAppointment: z.boolean().optional(),
  /** The queue number the kiosk showed the visitor (series K, its own daily count). */
  ticketNumber: z.string().regex(/^K[1-9]\d{0,2}$/).optional()
})
  .refine((c) => c._id.startsWith(`checkin:${c.site}:`), ID_MISMATCH)
  .refine((c) => c.consent !== 'at-desk' || (c.consentAt === undefined && !c._attachments?.['signature.png']), {
    message: "sans signature, l'accord est recueilli à l'accueil",
    path: ['consent']
  });
export type CheckinDoc = z.infer<typeof checkinDoc>;
