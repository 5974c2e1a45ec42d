import { z } from 'zod';
import { baseDoc, isoDay, isoInstant, siteCode, text } from './common';

/**
 * Queue ticket numbers: a series letter and a daily sequence, e.g. `A12`.
 *
 * Every issuer owns one letter and is the only writer of its series, so it can count on its
 * own without a server: a desk tablet picks a free letter once and keeps it (see
 * queue/numbering.ts); the server's intake worker issues the kiosk's tickets in series `K`.
 * Sequences restart every day, so numbers stay short enough to read on the hallway display.
 * `I` and `O` are left out: they read as 1 and 0.
 */
export const KIOSK_SERIES = 'K';
export const DESK_SERIES = 'ABCDEFGHJLMNPQRSTUVWXYZ'.split('');
export const TICKET_NUMBER = /^[A-HJ-NP-Z][1-9]\d{0,2}$/;

export const TICKET_STATUSES = ['waiting', 'called', 'served', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Fields changed after issue; merged one by one like a visit's (see sync/conflicts.ts). */
export const TICKET_MUTABLE_FIELDS = ['status', 'calledAt', 'calledBy', 'guichet', 'servedAt', 'closedAt', 'closedReason'] as const;

/** A service id, or the general queue of the desk. */
export const ticketCategory = z.union([z.literal('general'), z.string().startsWith('service:')]);

/** The id of a numbered ticket; an appointment's ticket uses `appointmentTicketId` instead. */
export const ticketId = (site: string, day: string, number: string): string => `ticket:${site}:${day}:${number}`;

/**
 * A place in the queue of a building. `_id` is `ticket:<site>:<day>:<number>`, or
 * `ticket:<site>:<day>:rdv:<appointment>` for an appointment's arrival, so two check-ins for one
 * appointment write one ticket. Lives in `accueil`; carries no name (the visit does).
 */
export const ticketDoc = z
  .object({
    ...baseDoc,
    type: z.literal('ticket'),
    site: siteCode,
    day: isoDay,
    number: z.string().regex(TICKET_NUMBER),
    category: ticketCategory,
    source: z.enum(['desk', 'kiosk']),
    issuedAt: isoInstant,
    visitId: z.string().startsWith('visit:').optional(),
    appointmentId: z.string().startsWith('appointment:').optional(),
    status: z.enum(TICKET_STATUSES),
    calledAt: isoInstant.optional(),
    calledBy: z.string().trim().max(80).optional(),
    guichet: z.number().int().min(1).max(20).optional(),
    servedAt: isoInstant.optional(),
    closedAt: isoInstant.optional(),
    closedReason: z.string().trim().max(200).optional(),
    createdBy: text(80),
    updatedAt: isoInstant,
    updatedBy: text(80),
    fieldGen: z.partialRecord(z.enum(TICKET_MUTABLE_FIELDS), z.number().int().min(1))
  })
  .refine((t) => t._id.startsWith(`ticket:${t.site}:${t.day}:`), { message: "l'identifiant doit être ticket:<site>:<jour>:…", path: ['_id'] })
  .refine((t) => t.status === 'waiting' || t.status === 'closed' || (t.calledAt !== undefined && t.guichet !== undefined), {
    message: 'un ticket appelé indique quand et à quel guichet',
    path: ['guichet']
  });
export type TicketDoc = z.infer<typeof ticketDoc>;

/**
 * A call shown on the hallway display: number and guichet only. Lives in `planning`, which the
 * displays read (they never read `accueil`). `_id` is `call:<site>:<day>:<number>:<device>`: one
 * document per calling device, so two desks calling one ticket offline never conflict; the
 * display keeps the earliest call, as the ticket's merge does.
 */
export const callDoc = z
  .object({
    ...baseDoc,
    type: z.literal('call'),
    site: siteCode,
    day: isoDay,
    number: z.string().regex(TICKET_NUMBER),
    guichet: z.number().int().min(1).max(20),
    calledAt: isoInstant,
    /** When the ticket was issued: lets the kiosk estimate the wait without reading `accueil`. */
    issuedAt: isoInstant,
    device: text(80)
  })
  .refine((c) => c._id === `call:${c.site}:${c.day}:${c.number}:${c.device}`, {
    message: "l'identifiant doit être call:<site>:<jour>:<numéro>:<appareil>",
    path: ['_id']
  });
export type CallDoc = z.infer<typeof callDoc>;
