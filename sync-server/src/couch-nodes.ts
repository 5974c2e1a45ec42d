/**
 * The CouchDB nodes this process may talk to, in order of preference. A cluster answers the
 * same on every node, so when the node in use cannot be reached (refused, reset, unknown host)
 * the request goes to the next one, which becomes the one in use: the sync server outlives the
 * loss of its node. Only failures to reach a node move on; any HTTP answer, even a 500, is the
 * cluster's answer and is kept.
 */
export class CouchNodes {
  readonly urls: readonly string[];
  private index = 0;

  /** `urls`: base URLs without credentials (`http://host:5984`), at least one. */
  constructor(urls: readonly string[]) {
    if (!urls.length) throw new Error('CouchNodes: no node URL');
    this.urls = urls.map((u) => u.replace(/\/+$/, ''));
  }

  /** The node in use. */
  get current(): string {
    return this.urls[this.index] ?? this.urls[0]!;
  }

  /** Says `url` could not be reached: the next node becomes the one in use (unless another caller moved on already). */
  failed(url: string): void {
    if (this.current === url && this.urls.length > 1) this.index = (this.index + 1) % this.urls.length;
  }

  /** The nodes to try for one request: the one in use first, then the others in order. */
  order(): string[] {
    return [...this.urls.slice(this.index), ...this.urls.slice(0, this.index)];
  }

  /** `fetch(node + path)` on the node in use, then on the others while a node cannot be reached. Bodies must be replayable (strings). */
  async fetch(path: string, init?: RequestInit): Promise<Response> {
    let last: unknown;
    for (const url of this.order()) {
      try {
        return await fetch(url + path, init);
      } catch (err) {
        if (init?.signal?.aborted) throw err;
        last = err;
        this.failed(url);
      }
    }
    throw last;
  }
}

/** A single URL or the nodes themselves, as the door's parts take them. */
export const nodesOf = (target: string | CouchNodes): CouchNodes => (typeof target === 'string' ? new CouchNodes([target]) : target);

/** `COUCHDB_URL` may list several nodes, comma-separated: `http://admin:pw@n1:5984,http://n2:5984`. */
export function splitCouchUrls(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
