import { z } from 'zod';
import { SITE_CODES, siteCode } from '$lib/domain/common';

/**
 * What the adviser enters to register a visitor. French messages: they are shown as is
 * next to the fields.
 */
export const visitForm = z
  .object({
    site: z.enum(SITE_CODES, 'Choisissez le bâtiment.'),
    visitorName: z.string().trim().min(1, 'Indiquez le nom du visiteur.').max(120, 'Nom trop long (120 caractères au plus).'),
    organisation: z.string().trim().max(120, 'Organisme trop long (120 caractères au plus).').optional(),
    reason: z.string().trim().min(1, 'Choisissez ou saisissez le motif de la visite.').max(200, 'Motif trop long.'),
    serviceId: z.string().startsWith('service:', 'Choisissez le service vers lequel orienter le visiteur.'),
    idChecked: z.boolean(),
    doorOpenedBy: z.string().trim().min(1, "Indiquez qui a ouvert la porte.").max(80, 'Nom trop long (80 caractères au plus).'),
    /** Set when the service is in the other building: the visitor is expected there. */
    sentTo: siteCode.optional(),
    refused: z.boolean().default(false),
    refusedReason: z.string().trim().max(300, 'Motif du refus trop long (300 caractères au plus).').optional()
  })
  .refine((f) => !f.refused || (f.refusedReason?.length ?? 0) > 0, {
    message: "Indiquez le motif du refus d'accès.",
    path: ['refusedReason']
  })
  .refine((f) => f.refused || f.idChecked, {
    message: "Le contrôle d'identité Vigipirate doit être fait avant l'entrée.",
    path: ['idChecked']
  });
export type VisitFormInput = z.input<typeof visitForm>;
export type VisitForm = z.output<typeof visitForm>;
