import { z } from 'zod';
import { PIN_PATTERN } from '$lib/domain/pin';

/** What a coordinator types to add an adviser or give one a new PIN. French messages, shown as is. */
const pin = z.string().regex(PIN_PATTERN, 'Le code personnel compte 4 à 8 chiffres.');

export const adviserForm = z
  .object({
    name: z.string().trim().min(2, 'Indiquez le prénom et le nom du conseiller.').max(80, 'Nom trop long (80 caractères au plus).'),
    pin,
    confirm: z.string()
  })
  .refine((f) => f.pin === f.confirm, { message: 'Les deux codes ne sont pas identiques.', path: ['confirm'] });
export type AdviserFormInput = z.input<typeof adviserForm>;

export const pinForm = z
  .object({ pin, confirm: z.string() })
  .refine((f) => f.pin === f.confirm, { message: 'Les deux codes ne sont pas identiques.', path: ['confirm'] });
