import { z } from 'zod';
import { attachmentsOf } from './attachments';
import { baseDoc, ID_MISMATCH, isoInstant, siteCode, text } from './common';

/**
 * A procedure's completeness checklist (carte d'identité, permis de construire…). `_id` is
 * `checklist:<slug>`. Lives in `referentiel`: coordinators maintain it, desks only read it.
 */
export const checklistItem = z.object({ label: text(200), required: z.boolean() }).strict();
export const checklistDoc = z
  .object({
    ...baseDoc,
    type: z.literal('checklist'),
    name: text(120),
    items: z.array(checklistItem).min(1).max(60),
    notes: z.string().trim().max(1000).optional(),
    updatedAt: isoInstant,
    updatedBy: text(80)
  })
  .refine((d) => d._id.startsWith('checklist:'), ID_MISMATCH);
export type ChecklistDoc = z.infer<typeof checklistDoc>;
export type ChecklistItem = z.infer<typeof checklistItem>;

/** Handing a document over to someone, or taking in someone's dossier. */
export const RECEIPT_KINDS = ['remise', 'depot'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

/** A receipt number: site letter, year, device code, sequence (see `receipts/numbering.ts`). */
export const RECEIPT_NUMBER = /^[CH]-\d{4}-[A-Z2-9]{4}-\d{4,6}$/;

/** One checklist item as it was ticked when the dossier was taken in (a snapshot: checklists change). */
export const dossierItem = z.object({ label: text(200), required: z.boolean(), present: z.boolean() }).strict();

/**
 * A numbered receipt (récépissé). `_id` is `receipt:<site>:<number>`: the number is unique
 * without a server, so the id is too, and a clash could only surface as a visible replication
 * conflict. The recipient's signature (`signature.png`) and the generated PDF (`recepisse.pdf`)
 * are attachments of this document. Lives in `accueil`; written once, never edited.
 */
export const receiptDoc = z
  .object({
    ...baseDoc,
    _attachments: attachmentsOf('receipt'),
    type: z.literal('receipt'),
    kind: z.enum(RECEIPT_KINDS),
    site: siteCode,
    number: z.string().regex(RECEIPT_NUMBER),
    person: z
      .object({ name: text(120), idChecked: z.boolean(), idDocument: z.string().trim().max(80).optional() })
      .strict(),
    documents: z.array(text(200)).min(1).max(30),
    dossier: z
      .object({ checklistId: z.string().startsWith('checklist:'), procedure: text(120), items: z.array(dossierItem).max(60) })
      .strict()
      .optional(),
    createdAt: isoInstant,
    adviser: text(80),
    createdBy: text(80)
  })
  .refine((r) => r._id === `receipt:${r.site}:${r.number}`, ID_MISMATCH)
  .refine((r) => (r.kind === 'depot') === (r.dossier !== undefined), {
    message: 'un dépôt de dossier, et lui seul, porte sa liste de pièces',
    path: ['dossier']
  });
export type ReceiptDoc = z.infer<typeof receiptDoc>;

/** The items of a dossier that were not handed in, required ones first. */
export function missingItems(items: readonly { label: string; required: boolean; present: boolean }[]): { label: string; required: boolean }[] {
  return items.filter((i) => !i.present).sort((a, b) => Number(b.required) - Number(a.required)).map(({ label, required }) => ({ label, required }));
}

/** A dossier is complete when every required item is present. */
export function isComplete(items: readonly { required: boolean; present: boolean }[]): boolean {
  return items.every((i) => !i.required || i.present);
}

/**
 * What a dossier lacks, split by weight: only required pieces make it incomplete; an optional
 * piece not handed in is listed as such, never as missing.
 */
export function dossierGaps(items: readonly { label: string; required: boolean; present: boolean }[]): { required: string[]; optional: string[] } {
  const absent = items.filter((i) => !i.present);
  return { required: absent.filter((i) => i.required).map((i) => i.label), optional: absent.filter((i) => !i.required).map((i) => i.label) };
}
