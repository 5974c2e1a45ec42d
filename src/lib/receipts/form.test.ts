import { describe, expect, it } from 'vitest';
import { isComplete, missingItems } from '$lib/domain/receipt';
import { base64ToBytes, bytesToBase64, receiptDocuments, receiptForm, type ReceiptFormInput } from './form';

import { PNG_1PX } from './test-data';

const dossier = {
  checklistId: 'checklist:carte-identite',
  procedure: "Carte nationale d'identité",
  items: [
    { label: 'Pré-demande', required: true, present: true },
    { label: 'Photo', required: true, present: false },
    { label: 'Ancienne carte', required: false, present: false }
  ]
};
const input = (o: Partial<ReceiptFormInput> = {}): ReceiptFormInput => ({
  site: 'curial', kind: 'depot', personName: 'Élodie Martin', idChecked: true, idDocument: 'Passeport', documents: [], dossier, signaturePng: PNG_1PX, ...o
});
const messages = (o: Partial<ReceiptFormInput>) => receiptForm.safeParse(input(o)).error?.issues.map((i) => i.message) ?? [];

describe('checklist completeness', () => {
  it('lists what is missing, required items first, and is complete only with every required item', () => {
    expect(missingItems([...dossier.items].reverse())).toEqual([{ label: 'Photo', required: true }, { label: 'Ancienne carte', required: false }]);
    expect(isComplete(dossier.items)).toBe(false);
    expect(isComplete(dossier.items.map((i) => (i.required ? { ...i, present: true } : i)))).toBe(true);
    expect(missingItems(dossier.items.map((i) => ({ ...i, present: true })))).toEqual([]);
  });
});

describe('receiptForm', () => {
  it('accepts a dossier deposit with its checklist and signature', () => {
    expect(receiptForm.safeParse(input()).success).toBe(true);
  });

  it.each([
    ['no name', { personName: ' ' }, 'Indiquez le nom de la personne.'],
    ['no signature', { signaturePng: '' }, 'Faites signer la personne sur la tablette.'],
    ['a deposit without procedure', { dossier: undefined }, 'Choisissez la démarche du dossier.'],
    ['a handover without document', { kind: 'remise', dossier: undefined }, 'Indiquez au moins un document remis.'],
    ['an identity check without the document seen', { idDocument: '' }, "Indiquez la pièce d'identité vue."]
  ] as const)('refuses %s in French', (_what, o, message) => {
    expect(messages(o as Partial<ReceiptFormInput>)).toContain(message);
  });

  it('lists for a dossier the items handed in and other documents, for a handover what was typed', () => {
    const f = receiptForm.parse(input({ documents: ['Courrier'] }));
    expect(receiptDocuments(f)).toEqual(['Pré-demande', 'Courrier']);
    expect(receiptDocuments({ ...f, dossier: { ...dossier, items: [] }, documents: [] })).toEqual(["Dossier « Carte nationale d'identité »"]);
    expect(receiptDocuments({ kind: 'remise', documents: ['Livret de famille'], dossier })).toEqual(['Livret de famille']);
  });

  it('round-trips bytes through base64', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });
});
