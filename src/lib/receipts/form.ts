import { z } from 'zod';
import { SITE_CODES } from '$lib/domain/common';
import { RECEIPT_KINDS } from '$lib/domain/receipt';

/** Identity documents an adviser may have seen. */
export const ID_DOCUMENTS = ["Carte nationale d'identité", 'Passeport', 'Titre de séjour', 'Permis de conduire', 'Autre pièce'] as const;

export const KIND_NAMES = { remise: 'Remise de document', depot: 'Dépôt de dossier' } as const;

const PNG_DATA_URL = 'data:image/png;base64,';

/**
 * What the adviser enters for a receipt. French messages: shown as is beside the fields.
 * For a dossier the documents received are the checklist items ticked present, plus any
 * other document typed in.
 */
export const receiptForm = z
  .object({
    site: z.enum(SITE_CODES, 'Choisissez le bâtiment.'),
    kind: z.enum(RECEIPT_KINDS, 'Choisissez le type de récépissé.'),
    personName: z.string().trim().min(1, 'Indiquez le nom de la personne.').max(120, 'Nom trop long (120 caractères au plus).'),
    idChecked: z.boolean(),
    idDocument: z.string().trim().max(80).optional(),
    documents: z.array(z.string().trim().min(1).max(200, 'Intitulé trop long (200 caractères au plus).')).max(30, 'Trente documents au plus.'),
    dossier: z
      .object({
        checklistId: z.string().startsWith('checklist:'),
        procedure: z.string().trim().min(1).max(120),
        items: z.array(z.object({ label: z.string().trim().min(1).max(200), required: z.boolean(), present: z.boolean() })).max(60)
      })
      .optional(),
    signaturePng: z.string().startsWith(PNG_DATA_URL, 'Faites signer la personne sur la tablette.')
  })
  .refine((f) => f.kind !== 'depot' || f.dossier !== undefined, { message: 'Choisissez la démarche du dossier.', path: ['dossier'] })
  .refine((f) => f.kind === 'depot' || f.documents.length > 0, { message: 'Indiquez au moins un document remis.', path: ['documents'] })
  .refine((f) => !f.idChecked || (f.idDocument?.length ?? 0) > 0, { message: "Indiquez la pièce d'identité vue.", path: ['idDocument'] });
export type ReceiptFormInput = z.input<typeof receiptForm>;
export type ReceiptForm = z.output<typeof receiptForm>;

/** The documents a receipt lists: for a dossier, the items handed in and any other document. */
export function receiptDocuments(f: Pick<ReceiptForm, 'kind' | 'documents' | 'dossier'>): string[] {
  const present = f.kind === 'depot' ? (f.dossier?.items ?? []).filter((i) => i.present).map((i) => i.label) : [];
  const all = [...present, ...f.documents];
  if (all.length === 0 && f.dossier) return [`Dossier « ${f.dossier.procedure} »`];
  return all.slice(0, 30);
}

/** The PNG bytes of a `data:image/png;base64,` URL. */
export function pngBytes(dataUrl: string): Uint8Array {
  return base64ToBytes(dataUrl.slice(PNG_DATA_URL.length));
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  // Chunks keep String.fromCharCode's argument list short on large PDFs.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
