import { z } from 'zod';
import { EMAIL_PATTERN } from '$lib/domain/appointment';

const optionalText = (max: number, message: string) =>
  z.string().trim().max(max, message).optional().transform((v) => (v ? v : undefined));

/** What the adviser enters to book, at the desk or on the phone. French messages, shown as is. */
export const bookingForm = z.object({
  serviceId: z.string().startsWith('service:', 'Choisissez le service.'),
  start: z.iso.datetime({ offset: true, message: 'Choisissez un créneau.' }),
  name: z.string().trim().min(1, 'Indiquez le nom de la personne.').max(120, 'Nom trop long (120 caractères au plus).'),
  phone: z
    .string()
    .trim()
    .max(30, 'Numéro trop long.')
    .refine((v) => v === '' || /^[+\d][\d .-]{5,}$/.test(v), 'Numéro de téléphone invalide.')
    .optional()
    .transform((v) => (v ? v : undefined)),
  email: z
    .string()
    .trim()
    .max(254, 'Adresse trop longue.')
    .refine((v) => v === '' || EMAIL_PATTERN.test(v), 'Adresse e-mail invalide.')
    .optional()
    .transform((v) => (v ? v : undefined)),
  reason: z.string().trim().min(1, 'Indiquez le motif du rendez-vous.').max(200, 'Motif trop long (200 caractères au plus).'),
  notes: optionalText(500, 'Notes trop longues (500 caractères au plus).')
});
export type BookingFormInput = z.input<typeof bookingForm>;
export type BookingForm = z.output<typeof bookingForm>;
