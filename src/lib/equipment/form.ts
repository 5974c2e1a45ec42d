import { z } from 'zod';
import { SITE_CODES, hhmm, isoDay } from '$lib/domain/common';
import { parisDay } from '$lib/domain/dates';
import { EQUIPMENT_KINDS, type EquipmentKind } from '$lib/domain/equipment';
import { parisInstant, parisWallClock } from '$lib/domain/zoned';

/** One item of a kind, as the add form's select says it. */
export const KIND_NAMES: Record<EquipmentKind, string> = {
  laptop: 'PC portable',
  projector: 'Vidéoprojecteur',
  badge: 'Badge',
  key: 'Clé',
  phone: 'Téléphone',
  other: 'Autre'
};

/** Headings of the inventory, one per kind. */
export const KIND_GROUPS: Record<EquipmentKind, string> = {
  laptop: 'PC portables',
  projector: 'Vidéoprojecteurs',
  badge: 'Badges',
  key: 'Clés',
  phone: 'Téléphones',
  other: 'Autre'
};

/**
 * What the adviser enters to add or edit an item. French messages: shown as is beside the
 * fields. The site is the tablet's building, not a choice.
 */
export const equipmentForm = z.object({
  site: z.enum(SITE_CODES, 'Choisissez le bâtiment.'),
  kind: z.enum(EQUIPMENT_KINDS, "Choisissez le type d'équipement."),
  label: z.string().trim().min(1, "Indiquez le nom de l'équipement.").max(120, 'Nom trop long (120 caractères au plus).'),
  reference: z.string().trim().max(80, 'Référence trop longue (80 caractères au plus).'),
  notes: z.string().trim().max(300, 'Remarques trop longues (300 caractères au plus).').optional()
});
export type EquipmentFormInput = z.input<typeof equipmentForm>;

const loanFields = z.object({
  equipmentId: z.string().startsWith('equipment:', "Choisissez l'équipement à prêter."),
  agent: z.string().trim().min(1, "Indiquez le nom de l'agent.").max(120, 'Nom trop long (120 caractères au plus).'),
  service: z.string().trim().min(1, "Indiquez le service de l'agent.").max(120, 'Service trop long (120 caractères au plus).'),
  dueDay: isoDay.or(z.literal('')).refine((d) => d !== '', 'Indiquez la date de retour prévue.'),
  dueTime: hhmm.or(z.literal('')).refine((t) => t !== '', "Indiquez l'heure de retour prévue."),
  note: z.string().trim().max(300, 'Remarque trop longue (300 caractères au plus).').optional()
});
export type LoanFormInput = z.input<typeof loanFields>;

/**
 * The lend form, checked against `now`: the due date and time are Paris wall-clock values
 * (whatever the tablet's own time zone) and must be later than now. Gives `dueAt` as an instant.
 */
export function loanForm(now: Date) {
  return loanFields.transform((f, ctx) => {
    const due = parisInstant(f.dueDay, f.dueTime);
    if (!due) {
      ctx.addIssue({ code: 'custom', message: "Cette heure n'existe pas ce jour-là (passage à l'heure d'été).", path: ['dueTime'] });
      return z.NEVER;
    }
    if (due.getTime() <= now.getTime()) {
      // Blame the field the adviser should change: the day when it is already gone.
      const path = f.dueDay < parisDay(now) ? 'dueDay' : 'dueTime';
      ctx.addIssue({ code: 'custom', message: 'Le retour prévu doit être après maintenant.', path: [path] });
      return z.NEVER;
    }
    return { ...f, dueAt: due.toISOString() };
  });
}
export type LoanForm = z.output<ReturnType<typeof loanForm>>;

/** Usual end of the working day: keys and badges are given back before the desk closes. */
export const END_OF_DAY = '17:00';

/**
 * The due date and time the lend form starts with: keys and badges come back today at 17:00
 * (tomorrow once 17:00 has passed); other kinds for as long as the adviser chooses, so the
 * date starts empty.
 */
export function defaultDue(kind: EquipmentKind, now: Date): { dueDay: string; dueTime: string } {
  if (kind !== 'key' && kind !== 'badge') return { dueDay: '', dueTime: END_OF_DAY };
  const { day, time } = parisWallClock(now.getTime());
  return { dueDay: time < END_OF_DAY ? day : parisDay(now.getTime() + 86_400_000), dueTime: END_OF_DAY };
}
