import { z } from 'zod';
import { appointmentSettings } from './appointment';
import { baseDoc, hhmm, ID_MISMATCH, siteCode, text } from './common';

/** One opening range of a weekday (1 = Monday … 7 = Sunday), with an optional lunch break. */
export const openingRange = z
  .object({
    weekday: z.number().int().min(1).max(7),
    open: hhmm,
    close: hhmm,
    breakStart: hhmm.optional(),
    breakEnd: hhmm.optional()
  })
  .refine((r) => r.open < r.close, { message: "l'ouverture doit précéder la fermeture" })
  .refine((r) => (r.breakStart === undefined) === (r.breakEnd === undefined), {
    message: 'la pause doit avoir un début et une fin'
  });
export type OpeningRange = z.infer<typeof openingRange>;

/** A building. `_id` is `site:<code>`. Lives in `referentiel`. */
export const siteDoc = z.object({
  ...baseDoc,
  type: z.literal('site'),
  code: siteCode,
  name: text(80),
  address: text(200),
  timeZone: z.literal('Europe/Paris'),
  openingHours: z.array(openingRange).max(14),
  vigipirateLevel: z.enum(['vigilance', 'risque-attentat', 'urgence-attentat'])
}).refine((s) => s._id === `site:${s.code}`, { message: "l'identifiant doit être site:<code>", path: ['_id'] });
export type SiteDoc = z.infer<typeof siteDoc>;

/** A municipal service of the directory. `_id` is `service:<slug>`. Lives in `referentiel`. */
export const serviceDoc = z.object({
  ...baseDoc,
  type: z.literal('service'),
  name: text(120),
  site: siteCode,
  location: text(200),
  phone: z.string().trim().max(30).optional(),
  reasons: z.array(text(120)).max(50),
  /**
   * The reasons in English for the kiosk, in the order of `reasons`. Optional, and may be
   * shorter: a reason without its English label is shown in French (marked `lang="fr"`).
   */
  reasonsEn: z.array(text(120)).max(50).optional(),
  keywords: z.array(text(60)).max(50).default([]),
  /** Present when the service takes appointments at the desks. */
  appointments: appointmentSettings.optional()
})
  .refine((d) => d._id.startsWith('service:'), ID_MISMATCH)
  .refine((d) => (d.reasonsEn?.length ?? 0) <= d.reasons.length, { message: 'plus de motifs anglais que de motifs', path: ['reasonsEn'] });
export type ServiceDoc = z.infer<typeof serviceDoc>;
