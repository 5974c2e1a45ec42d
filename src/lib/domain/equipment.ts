import { z } from 'zod';
import { baseDoc, ID_MISMATCH, isoInstant, siteCode, text } from './common';

export const EQUIPMENT_KINDS = ['laptop', 'projector', 'badge', 'key', 'phone', 'other'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

/** An item the desk lends to agents. `_id` is `equipment:<site>:<slug>`. Lives in `accueil`. */
export const equipmentDoc = z
  .object({
    ...baseDoc,
    type: z.literal('equipment'),
    site: siteCode,
    kind: z.enum(EQUIPMENT_KINDS),
    label: text(120),
    /** Inventory or serial number, as written on the item. */
    reference: z.string().trim().max(80),
    notes: z.string().trim().max(300).optional(),
    /** Out of the inventory (lost, broken, given back): kept for the loans that name it. */
    retired: z.boolean().optional()
  })
  .refine((e) => e._id.startsWith(`equipment:${e.site}:`), ID_MISMATCH);
export type EquipmentDoc = z.infer<typeof equipmentDoc>;

/**
 * Equipment lent to an agent of the city. `_id` is `loan:<site>:<uuid>`. Names a staff member,
 * never a visitor; returned loans are purged after the retention period. Lives in `accueil`.
 */
export const loanDoc = z
  .object({
    ...baseDoc,
    type: z.literal('loan'),
    site: siteCode,
    equipmentId: z.string().startsWith('equipment:'),
    agent: text(120),
    service: z.string().trim().max(120),
    lentAt: isoInstant,
    dueAt: isoInstant,
    lentBy: text(80),
    returnedAt: isoInstant.optional(),
    returnedTo: z.string().trim().max(80).optional(),
    note: z.string().trim().max(300).optional()
  })
  .refine((l) => l._id.startsWith(`loan:${l.site}:`), ID_MISMATCH)
  .refine((l) => Date.parse(l.dueAt) > Date.parse(l.lentAt), { message: 'le retour prévu doit suivre le prêt', path: ['dueAt'] })
  .refine((l) => l.returnedAt === undefined || Date.parse(l.returnedAt) >= Date.parse(l.lentAt), {
    message: 'le retour ne peut précéder le prêt',
    path: ['returnedAt']
  });
export type LoanDoc = z.infer<typeof loanDoc>;

/** Still out and past its due time. */
export function isOverdue(loan: Pick<LoanDoc, 'dueAt' | 'returnedAt'>, now: Date): boolean {
  return loan.returnedAt === undefined && Date.parse(loan.dueAt) < now.getTime();
}
