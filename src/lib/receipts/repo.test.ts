import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { extractText, getDocumentProxy } from 'unpdf';
import type { ChecklistDoc, ReceiptDoc } from '$lib/domain/receipt';
import { receipt } from '$lib/testing/fixtures';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import type { ReceiptFormInput } from './form';
import { renderReceiptPdf } from './pdf';
import { createReceipt, PDF_ATTACHMENT, receiptPdf, saveChecklist, SIGNATURE_ATTACHMENT, type Actor } from './repo';
import { PNG_1PX } from './test-data';

const DESK: Actor = { device: 'desk-curial-1', adviser: 'Anne Roux' };
const SITE = { name: 'Curial', address: 'Centre administratif Curial, Place du Forum, 73000 Chambéry' };
// 09:05 UTC is 10:05 in Paris in March.
const NOW = new Date('2026-03-10T09:05:00.000Z');

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

const dossierInput = (o: Partial<ReceiptFormInput> = {}): ReceiptFormInput => ({
  site: 'curial',
  kind: 'depot',
  personName: 'Élodie Martin',
  idChecked: true,
  idDocument: "Carte nationale d'identité",
  documents: ['Copie du livret de famille'],
  dossier: {
    checklistId: 'checklist:permis-construire',
    procedure: 'Permis de construire',
    items: [
      { label: 'Formulaire Cerfa n° 13406', required: true, present: true },
      { label: 'Plan de masse (PCMI 2)', required: true, present: false },
      { label: 'Photographies (PCMI 7)', required: false, present: false }
    ]
  },
  signaturePng: PNG_1PX,
  ...o
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('createReceipt', () => {
  it('writes a numbered receipt with its signature and PDF attached, and records it as pending', async () => {
    const { doc, pdf } = await createReceipt(device.store, dossierInput(), SITE, DESK, NOW);
    expect(doc.number).toMatch(/^C-2026-[A-Z2-9]{4}-0001$/);
    expect(doc._id).toBe(`receipt:curial:${doc.number}`);
    const stored = await device.store.get<ReceiptDoc>('accueil', doc._id);
    expect(stored).toMatchObject({
      kind: 'depot',
      site: 'curial',
      person: { name: 'Élodie Martin', idChecked: true, idDocument: "Carte nationale d'identité" },
      documents: ['Formulaire Cerfa n° 13406', 'Copie du livret de famille'],
      dossier: { checklistId: 'checklist:permis-construire', procedure: 'Permis de construire' },
      createdAt: NOW.toISOString(),
      adviser: 'Anne Roux',
      createdBy: 'desk-curial-1'
    });
    expect(Object.keys(stored?._attachments ?? {}).sort()).toEqual([PDF_ATTACHMENT, SIGNATURE_ATTACHMENT]);
    expect(await device.store.attachment('accueil', doc._id, PDF_ATTACHMENT)).toEqual(pdf);
    expect(await device.rm.pending.get(`accueil/${doc._id}`)).toMatchObject({ rev: doc._rev });
  });

  it('numbers successive receipts of the device in sequence', async () => {
    const a = await createReceipt(device.store, dossierInput(), SITE, DESK, NOW);
    const b = await createReceipt(device.store, dossierInput({ kind: 'remise', dossier: undefined }), SITE, DESK, NOW);
    expect(b.doc.number.slice(-4)).toBe('0002');
    expect(b.doc.number.slice(0, -4)).toBe(a.doc.number.slice(0, -4));
    expect(b.doc.dossier).toBeUndefined();
    expect(await device.store.get('accueil', b.doc._id)).not.toHaveProperty('dossier');
  });

  it('takes the next number when one is already used', async () => {
    const a = await createReceipt(device.store, dossierInput(), SITE, DESK, NOW);
    await device.rm.syncState.put({ key: 'receipts.seq.2026', value: '0' });
    const b = await createReceipt(device.store, dossierInput(), SITE, DESK, NOW);
    expect(b.doc.number).not.toBe(a.doc.number);
  });

  it('throws on bad input and writes nothing', async () => {
    await expect(createReceipt(device.store, dossierInput({ signaturePng: '' }), SITE, DESK, NOW)).rejects.toBeInstanceOf(ZodError);
    expect((await device.dbs.accueil.info()).doc_count).toBe(0);
  });

  it('gives back the attached PDF for a reprint', async () => {
    const { doc, pdf } = await createReceipt(device.store, dossierInput(), SITE, DESK, NOW);
    expect(await receiptPdf(device.store, doc._id, SITE)).toEqual(pdf);
  });
});

describe('the receipt PDF, parsed back', () => {
  it('holds the header, number, date, person, documents and each missing item', async () => {
    const { doc, pdf } = await createReceipt(device.store, dossierInput(), SITE, DESK, NOW);
    const text = await pdfText(pdf);
    expect(text).toContain('Ville de Chambéry');
    expect(text).toContain('Accueil – Curial');
    expect(text).toContain('Place du Forum');
    expect(text).toContain('Récépissé de dépôt de dossier');
    expect(text).toContain(`N° ${doc.number}`);
    expect(text).toContain('Date : 10/03/2026 à 10:05');
    expect(text).toContain('Élodie Martin');
    expect(text).toContain("Identité vérifiée : oui (Carte nationale d'identité)");
    expect(text).toContain('Démarche : Permis de construire');
    expect(text).toContain('Formulaire Cerfa n° 13406');
    expect(text).toContain('Copie du livret de famille');
    expect(text).toContain('Pièce(s) obligatoire(s) manquante(s) (1)');
    expect(text).toContain('• Plan de masse (PCMI 2)');
    expect(text).toContain('Photographies (PCMI 7) (facultatif, non fourni)');
    expect(text).toContain('Anne Roux');
  });

  it('a dossier missing only an optional piece: the PDF says complete, never « ne pourra être instruit »', async () => {
    const items = [{ label: 'Pièce', required: true, present: true }, { label: 'Photos', required: false, present: false }];
    const text = await pdfText(await renderReceiptPdf(receipt({ dossier: { ...receipt().dossier!, items } }) as ReceiptDoc, SITE));
    expect(text).toContain('Dossier complet');
    expect(text).toContain('Photos (facultatif, non fourni)');
    expect(text).not.toContain('instruit');
    expect(text).not.toContain('manquante');
  });

  it('states a complete dossier, and a handover without a dossier section', async () => {
    const complete = receipt({ dossier: { ...receipt().dossier!, items: [{ label: 'Pièce', required: true, present: true }] } }) as ReceiptDoc;
    expect(await pdfText(await renderReceiptPdf(complete, SITE))).toContain('Dossier complet : toutes les pièces obligatoires sont fournies.');
    const handover = receipt({ kind: 'remise', dossier: undefined, person: { name: 'Paul 😀 Girard', idChecked: false }, documents: ['Carte électorale'] }) as ReceiptDoc;
    const text = await pdfText(await renderReceiptPdf(handover, SITE));
    expect(text).toContain('Récépissé de remise de document');
    expect(text).toContain('Identité vérifiée : non');
    expect(text).toContain('Paul ? Girard');
    expect(text).toContain('Carte électorale');
    expect(text).not.toContain('manquante');
  });
});

describe('saveChecklist', () => {
  it('creates a checklist with an id from its name, then updates it in place', async () => {
    const created = await saveChecklist(device.store, { name: 'Carte grise (démarche)', items: [{ label: 'Formulaire', required: true }, { label: '  ', required: false }] }, DESK, undefined, NOW);
    expect(created._id).toBe('checklist:carte-grise-demarche');
    expect(created.items).toEqual([{ label: 'Formulaire', required: true }]);
    const again = await saveChecklist(device.store, { name: 'Carte grise (démarche)', items: [{ label: 'X', required: false }] }, DESK, undefined, NOW);
    expect(again._id).toBe('checklist:carte-grise-demarche-2');
    const updated = await saveChecklist(device.store, { name: 'Carte grise', items: [{ label: 'Formulaire', required: false }], notes: 'Sur rendez-vous' }, DESK, created._id, NOW);
    expect(updated._rev).toMatch(/^2-/);
    expect(await device.store.get<ChecklistDoc>('referentiel', created._id)).toMatchObject({ name: 'Carte grise', notes: 'Sur rendez-vous', updatedBy: DESK.device });
  });

  it('refuses a checklist without items', async () => {
    await expect(saveChecklist(device.store, { name: 'Vide', items: [] }, DESK)).rejects.toBeInstanceOf(ZodError);
  });
});
