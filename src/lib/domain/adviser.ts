import { z } from 'zod';
import { baseDoc, ID_MISMATCH, isoInstant, siteCode, text } from './common';

/**
 * How a PIN is kept: PBKDF2-HMAC-SHA256 over the PIN with a random 16-byte salt, as the
 * browser's WebCrypto and Node both compute it. Never the PIN itself.
 */
export const pinHash = z.strictObject({
  algo: z.literal('PBKDF2-SHA256'),
  /** OWASP's floor for PBKDF2-SHA256 is 600,000; older hashes below 100,000 are refused. */
  iterations: z.number().int().min(100_000).max(5_000_000),
  salt: z.string().regex(/^[A-Za-z0-9+/]{22}==$/, 'sel de 16 octets en base64'),
  hash: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'empreinte de 32 octets en base64')
});
export type PinHash = z.infer<typeof pinHash>;

/**
 * An adviser of the unit (the eight people who rotate between the two buildings), kept by
 * coordinators. `_id` is `adviser:<slug>`. Lives in `accueil`, which kiosks and displays cannot
 * read: the PIN hash stays on the desks. `active: false` keeps the name for the records that
 * cite it while taking it out of the sign-in list.
 */
export const adviserDoc = z
  .object({
    ...baseDoc,
    type: z.literal('adviser'),
    name: text(80),
    active: z.boolean(),
    pin: pinHash,
    updatedAt: isoInstant,
    updatedBy: text(80)
  })
  .refine((a) => /^adviser:[a-z0-9-]{1,60}$/.test(a._id), ID_MISMATCH);
export type AdviserDoc = z.infer<typeof adviserDoc>;

export const SHIFT_END_REASONS = ['sign-out', 'idle', 'takeover'] as const;
export type ShiftEndReason = (typeof SHIFT_END_REASONS)[number];

/**
 * One adviser's time on one tablet: from the sign-in to the sign-out (or the idle time-out,
 * or a colleague taking over). `_id` is `shift:<site>:<device>:<startedAt in ms>`. Only the
 * device that opened it writes it, so it never conflicts. Lives in `accueil`.
 */
export const shiftDoc = z
  .object({
    ...baseDoc,
    type: z.literal('shift'),
    site: siteCode,
    device: text(80),
    adviserId: z.string().regex(/^adviser:[a-z0-9-]{1,60}$/),
    adviserName: text(80),
    startedAt: isoInstant,
    endedAt: isoInstant.optional(),
    endReason: z.enum(SHIFT_END_REASONS).optional()
  })
  .refine((s) => s._id === shiftId(s.site, s.device, s.startedAt), ID_MISMATCH)
  .refine((s) => s.endedAt === undefined || Date.parse(s.endedAt) >= Date.parse(s.startedAt), {
    message: 'la fin ne peut précéder le début',
    path: ['endedAt']
  })
  .refine((s) => (s.endedAt === undefined) === (s.endReason === undefined), {
    message: 'une fin de poste a une raison, et seulement elle',
    path: ['endReason']
  });
export type ShiftDoc = z.infer<typeof shiftDoc>;

export const shiftId = (site: string, device: string, startedAt: string): string => `shift:${site}:${device}:${Date.parse(startedAt)}`;
