import { CouchNodes, splitCouchUrls } from './couch-nodes';

/** A CouchDB error answer, kept whole so callers can tell 404 from 409 from 401. */
export class CouchRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    readonly request: string
  ) {
    super(`${request} -> ${status} ${error}: ${reason}`);
    this.name = 'CouchRequestError';
  }
}

/**
 * A small admin HTTP client for CouchDB: the setup, the device accounts and the demo data use
 * only this, so they run the same against the embedded server and Apache CouchDB 3.
 */
export class CouchClient {
  /** The cluster's nodes (one URL for a single node): requests fail over from one to the next. */
  readonly nodes: CouchNodes;
  private readonly authorization: string | undefined;

  /**
   * `url` may carry credentials (`http://admin:pw@host:5984`); they move to a Basic header.
   * Several nodes of one cluster: comma-separated URLs, or an array; credentials from the first that has some.
   */
  constructor(url: string | readonly string[], credentials?: { name: string; password: string }) {
    const urls = (typeof url === 'string' ? splitCouchUrls(url) : url).map((u) => new URL(u));
    if (!urls.length) throw new Error('CouchClient: no CouchDB URL');
    const withUser = urls.find((u) => u.username);
    const name = credentials?.name ?? decodeURIComponent(withUser?.username ?? '');
    const password = credentials?.password ?? decodeURIComponent(withUser?.password ?? '');
    this.nodes = new CouchNodes(
      urls.map((parsed) => {
        parsed.username = '';
        parsed.password = '';
        return parsed.toString().replace(/\/+$/, '');
      })
    );
    this.authorization = name ? `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` : undefined;
  }

  /** The node in use, without credentials. */
  get baseUrl(): string {
    return this.nodes.current;
  }

  /** Sends a request; resolves with status and parsed JSON whatever the status. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.authorization) headers.Authorization = this.authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.nodes.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = { error: 'bad_response', reason: text.slice(0, 200) };
    }
    return { status: res.status, body: parsed as T };
  }

  /** Like `request`, but a status ≥ 400 throws a CouchRequestError. */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(method, path, body);
    if (res.status >= 400) {
      const b = (res.body ?? {}) as { error?: string; reason?: string };
      throw new CouchRequestError(res.status, b.error ?? 'error', b.reason ?? '', `${method} ${path}`);
    }
    return res.body;
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  put<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /** GET that resolves null on 404. */
  async find<T = unknown>(path: string): Promise<T | null> {
    const res = await this.request<T>('GET', path);
    if (res.status === 404) return null;
    if (res.status >= 400) {
      const b = (res.body ?? {}) as { error?: string; reason?: string };
      throw new CouchRequestError(res.status, b.error ?? 'error', b.reason ?? '', `GET ${path}`);
    }
    return res.body;
  }
}

/** Encodes a document id for a URL path, keeping `_design/` and `_local/` readable as CouchDB expects. */
export function docPath(db: string, id: string): string {
  const m = /^(_design|_local)\/(.*)$/.exec(id);
  return `/${encodeURIComponent(db)}/${m ? `${m[1]}/${encodeURIComponent(m[2] ?? '')}` : encodeURIComponent(id)}`;
}
