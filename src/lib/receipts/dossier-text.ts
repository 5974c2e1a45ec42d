import { dossierGaps } from '$lib/domain/receipt';

type Items = readonly { label: string; required: boolean; present: boolean }[];

/** One line of the dossier's statement; `warning` lines are the ones that block instruction. */
export interface DossierLine {
  text: string;
  kind: 'title' | 'item' | 'note';
  warning?: boolean;
}

/**
 * The dossier's completeness as the receipt states it (PDF and screen share it). Only a
 * missing required piece stops the dossier from being instructed; an optional piece not
 * handed in is « facultatif, non fourni » and the dossier stays complete.
 */
export function dossierStatement(items: Items): DossierLine[] {
  const gaps = dossierGaps(items);
  const lines: DossierLine[] = [];
  if (gaps.required.length === 0) lines.push({ text: 'Dossier complet : toutes les pièces obligatoires sont fournies.', kind: 'title' });
  else {
    lines.push({ text: `Pièce(s) obligatoire(s) manquante(s) (${gaps.required.length}) :`, kind: 'title', warning: true });
    for (const label of gaps.required) lines.push({ text: `• ${label}`, kind: 'item', warning: true });
    lines.push({ text: 'Le dossier ne pourra être instruit qu’une fois les pièces obligatoires fournies.', kind: 'note', warning: true });
  }
  if (gaps.optional.length > 0) {
    lines.push({ text: `Pièce(s) facultative(s) non fournie(s) (${gaps.optional.length}) :`, kind: 'title' });
    for (const label of gaps.optional) lines.push({ text: `• ${label} (facultatif, non fourni)`, kind: 'item' });
  }
  return lines;
}
