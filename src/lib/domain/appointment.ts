import { z } from 'zod';
import { baseDoc, hhmm, isoDay, isoInstant, siteCode, text } from './common';

/** One weekday range in which a service receives by appointment (1 = Monday … 7 = Sunday). */
export const appointmentHours = z
  .object({ weekday: z.number().int().min(1).max(7), start: hhmm, end: hhmm })
  .refine((r) => r.start < r.end, { message: 'le début doit précéder la fin', path: ['end'] });

/**
 * How a service takes appointments: the optional `appointments` field of a `service`.
 * French public holidays are always closed; `closedDays` adds the service's own closures.
 */
export const appointmentSettings = z.object({
  slotMinutes: z.number().int().min(5).max(240),
  capacity: z.number().int().min(1).max(20),
  hours: z.array(appointmentHours).min(1).max(28),
  closedDays: z.array(isoDay).max(400).default([]),
  horizonDays: z.number().int().min(1).max(365),
  /** What to bring, printed on the confirmation (until the knowledge base exists). */
  bring: z.array(text(200)).max(20).default([])
});
export type AppointmentSettings = z.infer<typeof appointmentSettings>;

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'arrived', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Fields of an appointment that change after booking. */
export const APPOINTMENT_MUTABLE_FIELDS = ['person', 'reason', 'notes', 'status', 'visitId', 'history'] as const;

/** Same pattern in the structure ddoc: simple on purpose, a typo check rather than RFC 5322. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Seven characters for dated codes (see appointment-code.ts), six for those issued before. */
export const CODE_PATTERN = /^[A-HJ-NP-Z2-9]{6,7}$/;

/** The person expected: the least personal data that lets the desk greet and warn them. */
export const appointmentPerson = z.object({
  name: text(120),
  phone: z.string().trim().max(30).optional(),
  email: z.string().trim().max(254).regex(EMAIL_PATTERN).optional()
});

/** A previous booking of the same seat, cancelled: kept without personal data. */
export const seatHistoryEntry = z.object({
  code: z.string().regex(CODE_PATTERN),
  status: z.enum(APPOINTMENT_STATUSES),
  at: isoInstant,
  by: text(80)
});

/**
 * The seat id: the same service, slot start and seat always give the same document, so two
 * tablets booking one seat offline write one document and replication makes it a conflict.
 */
export function appointmentId(serviceId: string, start: string, seat: number): string {
  return `appointment:${serviceId.slice('service:'.length)}:${start}:${seat}`;
}

/**
 * The visit of an appointment's arrival, `visit:<site>:<start>:rdv:<seat id>` (as the kiosk
 * intake writes it): arrival at the desk and at a kiosk make one visit, not two.
 */
export function appointmentVisitId(a: { _id: string; site: string; start: string }): string {
  return `visit:${a.site}:${a.start}:rdv:${a._id.slice('appointment:'.length)}`;
}

/**
 * A booked seat of a service's slot. `_id` is `appointment:<service slug>:<slot start ISO>:<seat>`.
 * Lives in `accueil`. A cancelled seat is free: booking it again rewrites the same document.
 */
export const appointmentDoc = z
  .object({
    ...baseDoc,
    type: z.literal('appointment'),
    serviceId: z.string().startsWith('service:'),
    site: siteCode,
    start: isoInstant,
    end: isoInstant,
    seat: z.number().int().min(1).max(20),
    person: appointmentPerson,
    reason: text(200),
    notes: z.string().trim().max(500).optional(),
    status: z.enum(APPOINTMENT_STATUSES),
    code: z.string().regex(CODE_PATTERN),
    visitId: z.string().startsWith('visit:').optional(),
    history: z.array(seatHistoryEntry).max(50).optional(),
    createdBy: text(80),
    updatedAt: isoInstant,
    updatedBy: text(80),
    fieldGen: z.partialRecord(z.enum(APPOINTMENT_MUTABLE_FIELDS), z.number().int().min(1))
  })
  .refine((a) => a._id === appointmentId(a.serviceId, a.start, a.seat), {
    message: "l'identifiant doit être appointment:<service>:<début>:<place>",
    path: ['_id']
  })
  .refine((a) => Date.parse(a.end) > Date.parse(a.start), { message: 'la fin doit suivre le début', path: ['end'] });
export type AppointmentDoc = z.infer<typeof appointmentDoc>;
