/**
 * French-aware term processing shared by indexing and querying, so both sides agree on
 * what a "term" is: lower case, no diacritics, no elision (« l' », « d' », « qu' »).
 */

// Apostrophes stay inside a token so that the elision can be recognised and dropped.
const NON_WORD = /[^\p{L}\p{N}'’ʼ]+/u;
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’ʼ]/;
const APOSTROPHES = /['’ʼ]/g;

/** Common French function words: ignored in a query unless they are all it has. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'au', 'aux', 'de', 'des', 'du', 'en', 'et', 'la', 'le', 'les', 'l', 'd',
  'ou', 'par', 'pour', 'sur', 'un', 'une', 'dans', 'avec'
]);

/** Folds case, diacritics and ligatures: « État » → « etat », « Œuvre » → « oeuvre ». */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

export function tokenize(text: string): string[] {
  return text.split(NON_WORD).filter((token) => token !== '');
}

/** One token to its indexed form, or null when nothing searchable is left. */
export function processTerm(token: string): string | null {
  const term = fold(token).replace(ELISION, '').replace(APOSTROPHES, '');
  return term === '' ? null : term;
}

/** Query terms, stop words dropped unless the query is made only of them (« la », « de »). */
export function queryTerms(query: string): string[] {
  const terms = tokenize(query)
    .map(processTerm)
    .filter((term): term is string => term !== null);
  const meaningful = terms.filter((term) => !STOP_WORDS.has(term));
  return meaningful.length > 0 ? meaningful : terms;
}
