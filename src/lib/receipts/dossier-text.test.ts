import { describe, expect, it } from 'vitest';
import { dossierGaps } from '$lib/domain/receipt';
import { dossierStatement } from './dossier-text';

const items = [
  { label: 'Formulaire CERFA', required: true, present: true },
  { label: 'Plan de masse', required: true, present: true },
  { label: 'Photographies', required: false, present: false }
];
const text = (lines: { text: string }[]) => lines.map((l) => l.text).join('\n');

describe('a dossier missing only an optional piece was told it « ne pourra être instruit »', () => {
  it('is complete, and lists the optional piece as « facultatif, non fourni »', () => {
    const statement = text(dossierStatement(items));
    expect(statement).toContain('Dossier complet');
    expect(statement).toContain('Photographies (facultatif, non fourni)');
    expect(statement).not.toContain('ne pourra être instruit');
    expect(statement).not.toMatch(/manquante/);
  });

  it('optional pieces are not counted as missing; a missing required piece still blocks instruction', () => {
    const withGap = items.map((i) => (i.label === 'Plan de masse' ? { ...i, present: false } : i));
    expect(dossierGaps(withGap)).toEqual({ required: ['Plan de masse'], optional: ['Photographies'] });
    const statement = text(dossierStatement(withGap));
    expect(statement).toContain('Pièce(s) obligatoire(s) manquante(s) (1) :');
    expect(statement).toContain('ne pourra être instruit');
    expect(statement).not.toContain('Dossier complet');
  });
});
