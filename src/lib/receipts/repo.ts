import { RevisionConflictError } from '$lib/db/errors';
import type { LocalStore } from '$lib/db/store';
import { checklistDoc, receiptDoc, type ChecklistDoc, type ReceiptDoc } from '$lib/domain/receipt';
import { bytesToBase64, pngBytes, receiptDocuments, receiptForm, type ReceiptFormInput } from './form';
import { nextReceiptNumber } from './numbering';
import { renderReceiptPdf, type SiteHeader } from './pdf';

export const SIGNATURE_ATTACHMENT = 'signature.png';
export const PDF_ATTACHMENT = 'recepisse.pdf';

/** Who is writing: the device and the adviser at it. */
export interface Actor {
  device: string;
  adviser: string;
}

/**
 * Makes a receipt: takes the device's next number, generates the PDF, and writes the receipt
 * with the signature and the PDF as attachments in one `put` (all of it durable on this
 * device when this resolves; it syncs later). Throws the zod error on bad input.
 */
export async function createReceipt(
  store: LocalStore,
  input: ReceiptFormInput,
  site: SiteHeader,
  actor: Actor,
  now = new Date()
): Promise<{ doc: ReceiptDoc; pdf: Uint8Array }> {
  const f = receiptForm.parse(input);
  const signature = pngBytes(f.signaturePng);
  // A number already used (a counter restored from an old backup…) makes `put` fail with a
  // conflict on the id: take the next one rather than give up.
  for (let attempt = 0; ; attempt++) {
    const number = await nextReceiptNumber(store.rm, f.site, now);
    const doc = receiptDoc.parse({
      _id: `receipt:${f.site}:${number}`,
      type: 'receipt',
      v: 1,
      kind: f.kind,
      site: f.site,
      number,
      person: { name: f.personName, idChecked: f.idChecked, idDocument: f.idChecked ? f.idDocument : undefined },
      documents: receiptDocuments(f),
      dossier: f.kind === 'depot' ? f.dossier : undefined,
      createdAt: now.toISOString(),
      adviser: actor.adviser || actor.device,
      createdBy: actor.device
    });
    const pdf = await renderReceiptPdf(doc, site, signature);
    try {
      const rev = await store.put('accueil', {
        ...doc,
        _attachments: {
          [SIGNATURE_ATTACHMENT]: { content_type: 'image/png', data: bytesToBase64(signature) },
          [PDF_ATTACHMENT]: { content_type: 'application/pdf', data: bytesToBase64(pdf) }
        }
      });
      return { doc: { ...doc, _rev: rev }, pdf };
    } catch (err) {
      if (attempt < 3 && err instanceof RevisionConflictError) continue;
      throw err;
    }
  }
}

/** The PDF of a receipt: the attached one, or made again from the document if it is missing. */
export async function receiptPdf(store: LocalStore, id: string, site: SiteHeader): Promise<Uint8Array> {
  const attached = await store.attachment('accueil', id, PDF_ATTACHMENT);
  if (attached) return attached;
  const doc = await store.get<ReceiptDoc>('accueil', id);
  if (!doc) throw new Error(`receipt ${id} not found`);
  const signature = await store.attachment('accueil', id, SIGNATURE_ATTACHMENT);
  return renderReceiptPdf(doc, site, signature ?? undefined);
}

/** A checklist as a coordinator edits it. */
export interface ChecklistInput {
  name: string;
  items: { label: string; required: boolean }[];
  notes?: string;
}

const slug = (name: string) =>
  name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'demarche';

/**
 * Creates a checklist (id from its name) or updates one (`id` given). Coordinators only: the
 * server refuses referentiel writes from desks. Empty item lines are dropped.
 */
export async function saveChecklist(store: LocalStore, input: ChecklistInput, actor: Actor, id?: string, now = new Date()): Promise<ChecklistDoc> {
  const current = id ? await store.get<ChecklistDoc>('referentiel', id) : null;
  let newId = id ?? `checklist:${slug(input.name)}`;
  if (!id) {
    for (let n = 2; await store.get('referentiel', newId); n++) newId = `checklist:${slug(input.name)}-${n}`;
  }
  const doc = checklistDoc.parse({
    ...(current ?? {}),
    _id: newId,
    type: 'checklist',
    v: 1,
    name: input.name,
    items: input.items.filter((i) => i.label.trim()).map((i) => ({ label: i.label.trim(), required: i.required })),
    notes: input.notes?.trim() || undefined,
    updatedAt: now.toISOString(),
    updatedBy: actor.device
  });
  const rev = await store.put('referentiel', doc);
  return { ...doc, _rev: rev };
}
