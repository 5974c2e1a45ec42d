import { z } from 'zod';
import { siteCode } from '$lib/domain/common';
import { ROUND_ITEMS, ROUNDS, type Round, type RoundItem } from '$lib/domain/rounds';
import { formErrors } from '$lib/ui/form-errors';

// What the adviser enters on the rounds page. French messages: shown as is beside the fields.

export const ITEM_NAMES: Record<RoundItem | 'other', string> = {
  lights: 'Lumières',
  windows: 'Fenêtres',
  doors: 'Portes',
  equipment: 'Équipements',
  tidiness: 'Propreté et rangement',
  other: 'Autre'
};

export const ITEM_STATES = ['ok', 'issue', 'na'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const STATE_NAMES: Record<ItemState, string> = { ok: 'OK', issue: 'Problème', na: 'Sans objet' };

export const ROUND_NAMES: Record<Round, string> = { opening: "Tournée d'ouverture", closing: 'Tournée de fermeture' };

const itemChoice = (item: RoundItem) => z.enum(ITEM_STATES, `Choisissez OK, Problème ou Sans objet pour « ${ITEM_NAMES[item]} ».`);

/** One room checked on a round. Every item must be answered: the round is a proof of checking. */
export const roomCheckForm = z.object({
  site: siteCode,
  round: z.enum(ROUNDS),
  roomId: z.string().startsWith('room:'),
  items: z.object(Object.fromEntries(ROUND_ITEMS.map((i) => [i, itemChoice(i)])) as Record<RoundItem, ReturnType<typeof itemChoice>>),
  note: z.string().trim().max(300, 'Note trop longue (300 caractères au plus).').optional()
});
export type RoomCheckInput = Omit<z.input<typeof roomCheckForm>, 'items'> & { items: Partial<Record<RoundItem, ItemState | null>> };

export const ISSUE_ITEMS = [...ROUND_ITEMS, 'other'] as const;

/** A problem reported in a room (the photo is handled apart: it is bytes, not a field). */
export const issueForm = z.object({
  site: siteCode,
  roomId: z.string('Choisissez la salle.').startsWith('room:', 'Choisissez la salle.'),
  item: z.enum(ISSUE_ITEMS, 'Choisissez ce qui pose problème.'),
  description: z.string().trim().min(1, 'Décrivez le problème.').max(500, 'Description trop longue (500 caractères au plus).')
});
export type IssueInput = z.input<typeof issueForm>;

/** A request to report a problem found on the round: room and item filled in. */
export interface IssuePrefill {
  roomId: string;
  item: (typeof ISSUE_ITEMS)[number];
}

/** What the adviser may add when a problem is fixed. */
export const fixForm = z.object({
  note: z.string().trim().max(300, 'Note trop longue (300 caractères au plus).')
});

/** Zod issues keyed by their full path ("items.doors", "description"), first message each. */
export const fieldErrors = (error: z.ZodError): Record<string, string> => formErrors(error, (path) => path.join('.') || 'form');

/** The round a desk is most likely doing: opening in the morning, closing from noon (Paris). */
export function defaultRound(parisTime: string): Round {
  return parisTime < '12:00' ? 'opening' : 'closing';
}
