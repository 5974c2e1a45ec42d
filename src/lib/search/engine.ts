/**
 * Directory search for the switchboard: one field typed into while on the phone, over
 * services, people, outside bodies, buildings and information sheets.
 *
 * MiniSearch: small (~7 KB gzipped), no dependency, in memory so it works offline, with
 * prefix and fuzzy search, field boosts and custom term processing, and incremental
 * updates (discard/replace) for documents arriving by replication.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { processTerm, queryTerms, tokenize } from './french-terms';

export type Kind = 'service' | 'person' | 'body' | 'townhall' | 'sheet';

export interface DirectoryEntry {
  id: string;
  kind: Kind;
  title: string;
  subtitle?: string;
  keywords?: string[];
  body?: string;
}

export interface DirectoryHit {
  id: string;
  kind: Kind;
  title: string;
  subtitle?: string;
  score: number;
}

export interface SearchOpts {
  kinds?: Kind[];
  limit?: number;
}

const DEFAULT_LIMIT = 20;
// Nobody types more on a call; bounding the query bounds the fuzzy search's cost.
const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 8;

// Title above keywords (curated synonyms) above subtitle and body text.
const BOOST = { title: 4, keywords: 2, subtitle: 1.5, body: 1 };

/**
 * One typo from 4 letters; two from 7, because the brief's « pasport » → « passeport »
 * is two edits (a missing « s » and « e ») and long words carry more letters to miss.
 */
function fuzziness(term: string): number | false {
  if (term.length >= 7) return 2;
  if (term.length >= 4) return 1;
  return false;
}

type Stored = Pick<DirectoryEntry, 'kind' | 'title' | 'subtitle'>;

/** In-memory search index over directory entries; pure, one instance per directory. */
export class DirectoryIndex {
  #index = new MiniSearch<DirectoryEntry>({
    fields: ['title', 'subtitle', 'keywords', 'body'],
    storeFields: ['kind', 'title', 'subtitle'],
    extractField: (entry, field) => {
      const value = (entry as unknown as Record<string, unknown>)[field];
      return Array.isArray(value) ? value.join(' ') : (value as string | undefined) ?? '';
    },
    tokenize: (text) => tokenize(text),
    processTerm: (term) => processTerm(term)
  });

  /** Replaces the whole content (first load, resync); a repeated id keeps the last entry. */
  build(entries: Iterable<DirectoryEntry>): void {
    const byId = new Map<string, DirectoryEntry>();
    for (const entry of entries) byId.set(entry.id, entry);
    this.#index.removeAll();
    this.#index.addAll([...byId.values()]);
  }

  /** Adds an entry; an id already indexed is replaced, as replication may deliver twice. */
  add(entry: DirectoryEntry): void {
    this.replace(entry);
  }

  /** Indexes the new version of an entry, whether or not an older one was indexed. */
  replace(entry: DirectoryEntry): void {
    if (this.#index.has(entry.id)) this.#index.replace(entry);
    else this.#index.add(entry);
  }

  /** Removes an entry by id (a deleted document has no content left); unknown ids are ignored. */
  remove(id: string): boolean {
    if (!this.#index.has(id)) return false;
    this.#index.discard(id);
    return true;
  }

  get size(): number {
    return this.#index.documentCount;
  }

  /**
   * Best matches first. All terms must match (narrowing as one types); when that finds
   * nothing, any term may, so one wrong word does not empty the list.
   */
  search(query: string, opts: SearchOpts = {}): DirectoryHit[] {
    const terms = queryTerms(query.slice(0, MAX_QUERY_LENGTH)).slice(0, MAX_TERMS);
    if (terms.length === 0) return [];
    const kinds = opts.kinds;
    const options: SearchOptions = {
      boost: BOOST,
      // Terms are already processed: MiniSearch must not split or fold them again.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      prefix: (_term, index, all) => index === all.length - 1,
      fuzzy: (term) => fuzziness(term),
      weights: { prefix: 0.5, fuzzy: 0.3 },
      filter: kinds === undefined ? undefined : (result) => kinds.includes(result['kind'] as Kind)
    };
    const text = terms.join(' ');
    let results = this.#index.search(text, { ...options, combineWith: 'AND' });
    if (results.length === 0 && terms.length > 1) results = this.#index.search(text, { ...options, combineWith: 'OR' });
    return results.slice(0, opts.limit ?? DEFAULT_LIMIT).map((result) => {
      const stored = result as unknown as Stored;
      const hit: DirectoryHit = { id: String(result.id), kind: stored.kind, title: stored.title, score: result.score };
      if (stored.subtitle !== undefined) hit.subtitle = stored.subtitle;
      return hit;
    });
  }
}
