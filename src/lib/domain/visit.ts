import { z } from 'zod';
import { attachmentsOf } from './attachments';
import { baseDoc, isoInstant, siteCode, text } from './common';

/**
 * The Vigipirate filtering facts recorded at the door. The identity check and who opened
 * the door are the facts the visitor log must keep; a refusal carries its reason.
 */
export const vigipirateCheck = z
  .object({
    idChecked: z.boolean(),
    doorOpenedBy: text(80),
    doorOpenedAt: isoInstant,
    refusedReason: z.string().trim().max(300).optional()
  })
  .strict();

/**
 * The desk's own reception service: where a kiosk arrival who chose no service, or a request no
 * directory entry matches, is oriented. Not a directory entry: the desk names it itself.
 */
export const RECEPTION_SERVICE = 'service:accueil';

/**
 * What happened to a visit after registration, appended, never rewritten: a checkout undone
 * (a mistaken tap on « Sortie ») stays in the record as the checkout and its undo.
 */
export const VISIT_EVENTS = ['checkout', 'checkout-undone'] as const;
export const visitHistoryEntry = z.object({ event: z.enum(VISIT_EVENTS), at: isoInstant, by: text(80) }).strict();
export type VisitHistoryEntry = z.infer<typeof visitHistoryEntry>;
export const VISIT_HISTORY_MAX = 50;

/** Fields of a visit that advisers may edit after registration (merge works per field). */
export const VISIT_MUTABLE_FIELDS = [
  'visitorName',
  'organisation',
  'reason',
  'serviceId',
  'vigipirate',
  'checkedOutAt',
  'checkedOutBy',
  'sentTo',
  'receivedAt',
  'receivedBy',
  'consentRecordedAt',
  'consentRecordedBy',
  'history'
] as const;
export type VisitMutableField = (typeof VISIT_MUTABLE_FIELDS)[number];

/**
 * A visitor at a desk. `_id` is `visit:<site>:<arrivedAt>:<random>` so ids sort by building
 * and time and two tablets never pick the same one. Lives in `accueil`.
 * Personal data is limited to what the visitor log needs (RGPD): name, organisation, whom
 * they came for and the filtering facts.
 */
export const visitDoc = z
  .object({
    ...baseDoc,
    _attachments: attachmentsOf('visit'),
    type: z.literal('visit'),
    site: siteCode,
    visitorName: text(120),
    organisation: z.string().trim().max(120).optional(),
    reason: text(200),
    serviceId: z.string().startsWith('service:'),
    /** Absent only while a kiosk arrival waits for an adviser to admit them at the door. */
    vigipirate: vigipirateCheck.optional(),
    /** Where the visit was recorded: a kiosk arrival (moved in by the intake worker) waits until admitted. */
    source: z.enum(['desk', 'kiosk']).optional(),
    arrivedAt: isoInstant,
    checkedOutAt: isoInstant.optional(),
    checkedOutBy: z.string().trim().max(80).optional(),
    /** Oriented to a service in the other building: expected there until received. */
    sentTo: siteCode.optional(),
    receivedAt: isoInstant.optional(),
    receivedBy: z.string().trim().max(80).optional(),
    /**
     * A kiosk visitor who could not sign gives their consent to the adviser instead: set by the
     * intake from the check-in, it stays to record the fact; the adviser records when and who.
     */
    consentAtDesk: z.literal(true).optional(),
    consentRecordedAt: isoInstant.optional(),
    consentRecordedBy: z.string().trim().max(80).optional(),
    history: z.array(visitHistoryEntry).max(VISIT_HISTORY_MAX).optional(),
    createdBy: text(80),
    updatedAt: isoInstant,
    updatedBy: text(80),
    /** Revision generation at which each mutable field was last set: lets the merge tell who changed what. */
    fieldGen: z.partialRecord(z.enum(VISIT_MUTABLE_FIELDS), z.number().int().min(1))
  })
  .refine((v) => v.vigipirate !== undefined || v.source === 'kiosk', {
    message: 'le contrôle Vigipirate est requis',
    path: ['vigipirate']
  })
  .refine((v) => v.sentTo === undefined || v.sentTo !== v.site, {
    message: "le visiteur ne peut être envoyé vers le bâtiment où il se trouve",
    path: ['sentTo']
  })
  .refine((v) => v.receivedAt === undefined || v.sentTo !== undefined, {
    message: "seul un visiteur envoyé vers l'autre bâtiment peut y être accueilli",
    path: ['receivedAt']
  })
  .refine((v) => v._id.startsWith(`visit:${v.site}:`), {
    message: "l'identifiant ne correspond pas au bâtiment",
    path: ['_id']
  })
  // Compared as instants: ISO strings only sort right when both use `Z` and milliseconds.
  .refine((v) => v.checkedOutAt === undefined || Date.parse(v.checkedOutAt) >= Date.parse(v.arrivedAt), {
    message: "la sortie ne peut précéder l'arrivée",
    path: ['checkedOutAt']
  });
export type VisitDoc = z.infer<typeof visitDoc>;

export type VisitStatus = 'waiting' | 'present' | 'expected' | 'left' | 'refused';

/**
 * A kiosk arrival is waiting until an adviser records the Vigipirate check. A visit is present until checked out; a refused visitor never entered; a visitor sent to
 * the other building is expected there until an adviser of that building receives them.
 */
export function visitStatus(v: Pick<VisitDoc, 'checkedOutAt' | 'vigipirate' | 'sentTo' | 'receivedAt'>): VisitStatus {
  if (v.vigipirate?.refusedReason) return 'refused';
  if (v.checkedOutAt) return 'left';
  // A kiosk arrival not yet admitted after the Vigipirate check is not in the building's list.
  if (!v.vigipirate) return 'waiting';
  return v.sentTo && !v.receivedAt ? 'expected' : 'present';
}

/** The building a visitor is in, or heading to. */
export function visitLocation(v: Pick<VisitDoc, 'site' | 'sentTo'>): VisitDoc['site'] {
  return v.sentTo ?? v.site;
}
