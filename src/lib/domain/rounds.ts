import { z } from 'zod';
import { attachmentsOf } from './attachments';
import { baseDoc, ID_MISMATCH, isoDay, isoInstant, siteCode, text } from './common';

/** What an adviser checks in every room on the opening and closing rounds. */
export const ROUND_ITEMS = ['lights', 'windows', 'doors', 'equipment', 'tidiness'] as const;
export type RoundItem = (typeof ROUND_ITEMS)[number];
export const ROUNDS = ['opening', 'closing'] as const;
export type Round = (typeof ROUNDS)[number];

const itemState = z.enum(['ok', 'issue', 'na']);

/**
 * One room checked on one round. `_id` is `roomcheck:<site>:<day>:<round>:<roomId>`: one
 * document per room, so two advisers sharing a round never edit the same document. Lives in
 * `accueil` (desks only).
 */
export const roomCheckDoc = z
  .object({
    ...baseDoc,
    type: z.literal('roomcheck'),
    site: siteCode,
    day: isoDay,
    round: z.enum(ROUNDS),
    roomId: z.string().startsWith('room:'),
    items: z.object({
      lights: itemState,
      windows: itemState,
      doors: itemState,
      equipment: itemState,
      tidiness: itemState
    }).strict(),
    note: z.string().trim().max(300).optional(),
    checkedAt: isoInstant,
    checkedBy: text(80)
  })
  .refine((c) => c._id === `roomcheck:${c.site}:${c.day}:${c.round}:${c.roomId}`, ID_MISMATCH);
export type RoomCheckDoc = z.infer<typeof roomCheckDoc>;

/**
 * A problem found in a room, followed until fixed. `_id` is `roomissue:<site>:<uuid>`. The
 * photo taken with the tablet is the attachment `photo.jpg`. Lives in `accueil`.
 */
export const roomIssueDoc = z
  .object({
    ...baseDoc,
    _attachments: attachmentsOf('roomissue'),
    type: z.literal('roomissue'),
    site: siteCode,
    roomId: z.string().startsWith('room:'),
    item: z.enum([...ROUND_ITEMS, 'other']),
    description: text(500),
    reportedAt: isoInstant,
    reportedBy: text(80),
    status: z.enum(['open', 'fixed']),
    fixedAt: isoInstant.optional(),
    fixedBy: z.string().trim().max(80).optional(),
    fixNote: z.string().trim().max(300).optional()
  })
  .refine((i) => i._id.startsWith(`roomissue:${i.site}:`), ID_MISMATCH)
  .refine((i) => i.status === 'open' || i.fixedAt !== undefined, {
    message: 'un problème réglé indique quand',
    path: ['fixedAt']
  });
export type RoomIssueDoc = z.infer<typeof roomIssueDoc>;
