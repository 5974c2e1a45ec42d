import { beforeEach, describe, expect, it } from 'vitest';
import { DirectoryIndex, type DirectoryEntry } from './engine';

const DIRECTORY: DirectoryEntry[] = [
  { id: 'service:etat-civil', kind: 'service', title: 'État civil', subtitle: 'Hôtel de Ville', keywords: ['naissance', 'mariage', 'décès', 'acte'], body: "Actes d'état civil, livret de famille, reconnaissance." },
  { id: 'service:urbanisme', kind: 'service', title: 'Urbanisme', subtitle: 'Curial', keywords: ['permis de construire', 'déclaration préalable', 'PLU'] },
  { id: 'service:scolaire', kind: 'service', title: 'Scolaire', subtitle: 'Curial', keywords: ['école', 'inscription', 'périscolaire'], body: 'Inscriptions scolaires, Cantine scolaire et accueil périscolaire.' },
  { id: 'service:cantine', kind: 'service', title: 'Cantine scolaire', subtitle: 'Restauration, Curial', keywords: ['repas', 'menus'] },
  { id: 'service:police', kind: 'service', title: 'Police municipale', subtitle: 'Stationnement, fourrière', keywords: ['fourrière', 'objets trouvés'] },
  { id: 'service:ccas', kind: 'service', title: 'CCAS', subtitle: "Centre communal d'action sociale", keywords: ['aide sociale', 'logement', 'seniors'] },
  { id: 'person:marie-dupont', kind: 'person', title: 'Marie Dupont', subtitle: 'Officier d’état civil — État civil' },
  { id: 'person:anne-le-gall', kind: 'person', title: 'Anne Le Gall', subtitle: 'Instructrice — Urbanisme' },
  { id: 'person:jerome-favre', kind: 'person', title: 'Jérôme Favre', subtitle: 'Chef de poste — Police municipale' },
  { id: 'body:prefecture', kind: 'body', title: 'Préfecture de la Savoie', keywords: ['titre de séjour', 'permis de conduire', 'carte grise'] },
  { id: 'body:caf', kind: 'body', title: 'CAF de la Savoie', subtitle: "Caisse d'allocations familiales", keywords: ['allocations', 'APL'] },
  { id: 'body:cpam', kind: 'body', title: 'CPAM de la Savoie', subtitle: "Caisse primaire d'assurance maladie", keywords: ['carte vitale', 'remboursement'] },
  { id: 'townhall:hotel-de-ville', kind: 'townhall', title: 'Mairie de Chambéry — Hôtel de Ville', subtitle: 'Place de l’Hôtel de Ville' },
  { id: 'townhall:curial', kind: 'townhall', title: 'Mairie de Chambéry — Curial', subtitle: 'Espace Curial' },
  { id: 'sheet:cni-passeport', kind: 'sheet', title: "Carte nationale d'identité et passeport", keywords: ['CNI', 'titre d’identité'], body: 'Sur rendez-vous, à l’état civil. Pré-demande en ligne.' },
  { id: 'sheet:listes-electorales', kind: 'sheet', title: 'Inscription sur les listes électorales', keywords: ['élections', 'vote'], body: "Jusqu'au sixième vendredi avant le scrutin." }
];

function ids(index: DirectoryIndex, query: string, opts?: Parameters<DirectoryIndex['search']>[1]): string[] {
  return index.search(query, opts).map((hit) => hit.id);
}

let index: DirectoryIndex;
beforeEach(() => {
  index = new DirectoryIndex();
  index.build(DIRECTORY);
});

describe('accents and case', () => {
  it('« etat civil » finds « État civil » first', () => {
    expect(ids(index, 'etat civil')[0]).toBe('service:etat-civil');
  });

  it('« ETAT CIVIL » and « état civil » give the same results', () => {
    expect(ids(index, 'ETAT CIVIL')).toEqual(ids(index, 'état civil'));
  });

  it('« cantine » finds « Cantine scolaire » first', () => {
    expect(ids(index, 'cantine')[0]).toBe('service:cantine');
  });

  it('« prefecture » finds the Préfecture', () => {
    expect(ids(index, 'prefecture')).toContain('body:prefecture');
  });
});

describe('French term processing', () => {
  it('drops elisions: « identite » finds « d’identité », and « l’état civil » works', () => {
    expect(ids(index, 'identite')[0]).toBe('sheet:cni-passeport');
    expect(ids(index, "l'état civil")[0]).toBe('service:etat-civil');
    expect(ids(index, 'l’état civil')[0]).toBe('service:etat-civil');
  });

  it('ignores stop words inside a query', () => {
    expect(ids(index, 'inscription sur les listes')[0]).toBe('sheet:listes-electorales');
    expect(ids(index, 'préfecture de la savoie')[0]).toBe('body:prefecture');
  });

  it('keeps a stop word when it is the whole query', () => {
    expect(ids(index, 'le')).toContain('person:anne-le-gall');
  });
});

describe('as you type', () => {
  it('matches the last term as a prefix', () => {
    expect(ids(index, 'urba')[0]).toBe('service:urbanisme');
    expect(ids(index, 'police muni')[0]).toBe('service:police');
  });

  it('does not treat earlier terms as prefixes', () => {
    expect(ids(index, 'cart vitale')).not.toContain('sheet:cni-passeport');
  });
});

describe('typos', () => {
  it('« pasport » finds « passeport »', () => {
    expect(ids(index, 'pasport')[0]).toBe('sheet:cni-passeport');
  });

  it('« urbanisne » finds « Urbanisme »', () => {
    expect(ids(index, 'urbanisne')[0]).toBe('service:urbanisme');
  });

  it('tolerates no typo under 4 letters', () => {
    expect(ids(index, 'caz')).not.toContain('body:caf');
  });
});

describe('ranking', () => {
  it('puts a title match above a keyword or body match', () => {
    const found = ids(index, 'passeport');
    expect(found[0]).toBe('sheet:cni-passeport');
    const hits = ids(index, 'etat civil');
    expect(hits.indexOf('service:etat-civil')).toBeLessThan(hits.indexOf('person:marie-dupont'));
    expect(hits.indexOf('service:etat-civil')).toBeLessThan(hits.indexOf('sheet:cni-passeport'));
  });

  it('puts an exact match above a fuzzy one', () => {
    const found = ids(index, 'marie');
    expect(found[0]).toBe('person:marie-dupont');
    expect(found).toContain('townhall:hotel-de-ville');
  });

  it('returns positive scores, best first', () => {
    const scores = index.search('savoie').map((hit) => hit.score);
    expect(scores.length).toBe(3);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('returns the stored display fields', () => {
    expect(index.search('ccas')[0]).toEqual({
      id: 'service:ccas',
      kind: 'service',
      title: 'CCAS',
      subtitle: "Centre communal d'action sociale",
      score: expect.any(Number)
    });
  });

  it('falls back to any term when no entry has them all', () => {
    expect(ids(index, 'passeport fourrière')).toEqual(expect.arrayContaining(['sheet:cni-passeport', 'service:police']));
  });
});

describe('options', () => {
  it('filters by kinds', () => {
    expect(ids(index, 'savoie', { kinds: ['body'] }).length).toBe(3);
    expect(ids(index, 'etat civil', { kinds: ['person'] })).toEqual(['person:marie-dupont']);
    expect(ids(index, 'mairie', { kinds: ['townhall', 'sheet'] }).every((id) => /^(townhall|sheet):/.test(id))).toBe(true);
  });

  it('limits the number of results', () => {
    expect(ids(index, 'savoie', { limit: 2 })).toHaveLength(2);
  });
});

describe('incremental updates', () => {
  it('adds an entry', () => {
    index.add({ id: 'service:sports', kind: 'service', title: 'Sports', keywords: ['piscine', 'gymnase'] });
    expect(ids(index, 'piscine')).toEqual(['service:sports']);
  });

  it('adding an id twice replaces it instead of throwing', () => {
    index.add({ id: 'service:ccas', kind: 'service', title: 'CCAS', keywords: ['épicerie solidaire'] });
    expect(ids(index, 'epicerie')).toEqual(['service:ccas']);
    expect(ids(index, 'seniors')).toEqual([]);
    expect(index.size).toBe(DIRECTORY.length);
  });

  it('replaces an entry: the old terms no longer match', () => {
    index.replace({ id: 'person:jerome-favre', kind: 'person', title: 'Jérôme Favre', subtitle: 'Chef de service — Sports' });
    expect(ids(index, 'favre')).toEqual(['person:jerome-favre']);
    expect(ids(index, 'poste')).not.toContain('person:jerome-favre');
    expect(index.search('favre')[0]?.subtitle).toBe('Chef de service — Sports');
  });

  it('removes an entry by id, and ignores an unknown id', () => {
    expect(index.remove('body:caf')).toBe(true);
    expect(ids(index, 'allocations')).toEqual([]);
    expect(index.remove('body:caf')).toBe(false);
    expect(index.size).toBe(DIRECTORY.length - 1);
  });

  it('build replaces the whole content', () => {
    index.build([{ id: 'body:pole-emploi', kind: 'body', title: 'France Travail' }]);
    expect(ids(index, 'passeport')).toEqual([]);
    expect(ids(index, 'travail')).toEqual(['body:pole-emploi']);
  });
});

describe('degenerate queries', () => {
  it.each(['', '   ', '\n\t', '?!…', "' ’ -", '—'])('« %s » returns nothing without throwing', (query) => {
    expect(index.search(query)).toEqual([]);
  });

  it('a 10,000-character query does not throw', () => {
    expect(() => index.search('passeport '.repeat(1000))).not.toThrow();
    expect(() => index.search('x'.repeat(10_000))).not.toThrow();
  });

  it('an empty index returns nothing', () => {
    expect(new DirectoryIndex().search('passeport')).toEqual([]);
  });
});
