import { describe, expect, it } from 'vitest';
import { fold, processTerm, queryTerms, tokenize } from './french-terms';

describe('french terms', () => {
  it('folds case, diacritics and ligatures', () => {
    expect(fold('État Œuvre Cæcilia Noël')).toBe('etat oeuvre caecilia noel');
  });

  it('drops elisions with straight or curly apostrophes', () => {
    expect(tokenize("l'État d’identité qu'il aujourd'hui").map(processTerm)).toEqual(['etat', 'identite', 'il', 'aujourdhui']);
  });

  it('splits on punctuation and dashes but keeps digits', () => {
    expect(tokenize('Saint-Jean, 3939 — CCAS.')).toEqual(['Saint', 'Jean', '3939', 'CCAS']);
  });

  it('drops stop words unless they are the whole query', () => {
    expect(queryTerms('inscription sur les listes')).toEqual(['inscription', 'listes']);
    expect(queryTerms('de la')).toEqual(['de', 'la']);
    expect(queryTerms("' ?")).toEqual([]);
  });
});
