import { decodeIcs } from '../../../src/lib/ics/decode';
import type { CalendarCredentials } from './calendars-credentials';

/** A feed bigger than this is refused rather than held in memory: a year of a busy room is ≈ 1 MB. */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;

/** What one request for a feed gave. `error` is French (advisers read it), `detail` English (the log). */
export type FeedResponse =
  | { kind: 'body'; text: string; contentType: string; etag?: string; lastModified?: string }
  | { kind: 'not-modified' }
  | { kind: 'failed'; error: string; detail: string };

export interface FeedRequest {
  url: string;
  /** Validators of the last good response, sent back so an unchanged feed costs a 304. */
  etag?: string;
  lastModified?: string;
  credentials?: CalendarCredentials;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** "15 s", "0,5 s": the timeout as advisers read it. */
const seconds = (ms: number) => `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`;

function statusError(status: number, hasCredentials: boolean, origin: string): string {
  if (status === 401) {
    return hasCredentials
      ? `Accès refusé par le serveur d'agenda (401) : vérifiez l'identifiant`
      : `Accès refusé par le serveur d'agenda (401) : aucun identifiant n'est enregistré pour ${origin}`;
  }
  if (status === 403) return `Accès refusé par le serveur d'agenda (403) : le compte n'a pas le droit de lire cet agenda`;
  if (status === 404) return `Agenda introuvable sur le serveur (404) : vérifiez l'adresse du flux`;
  return `Le serveur d'agenda a répondu ${status}`;
}

/** undici's "fetch failed" hides the reason in `cause.code`. */
function networkError(err: unknown, host: string): { error: string; detail: string } {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? '';
  const detail = `${String(err)}${cause ? ` (${code || cause.message})` : ''}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { error: `Serveur d'agenda introuvable (${host}) : vérifiez l'adresse du flux`, detail };
  if (code === 'ECONNREFUSED') return { error: `Le serveur d'agenda refuse la connexion (${host})`, detail };
  if (code === 'ECONNRESET' || code.startsWith('UND_ERR_SOCKET')) return { error: `La connexion au serveur d'agenda a été coupée`, detail };
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return { error: `Certificat du serveur d'agenda refusé (${code})`, detail };
  return { error: `Serveur d'agenda injoignable (${code || 'erreur réseau'})`, detail };
}

/** Reads the whole body, refusing it past `max` bytes even when the server sends no length. */
async function readCapped(res: Response, max: number): Promise<Uint8Array | null> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) return null;
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    whole.set(c, at);
    at += c.byteLength;
  }
  return whole;
}

/**
 * GETs a calendar feed: conditional on the last good response's validators, with basic auth
 * when the server holds credentials for the feed's origin, and one deadline for headers and
 * body together. Never throws: every failure comes back as a reason.
 */
export async function fetchFeed(req: FeedRequest): Promise<FeedResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { kind: 'failed', error: `Adresse de flux invalide`, detail: `invalid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { kind: 'failed', error: `Adresse de flux non prise en charge (${url.protocol})`, detail: `unsupported protocol ${url.protocol}` };
  }
  // The room document is read by every display: a password there would be public.
  if (url.username || url.password) {
    return { kind: 'failed', error: `L'adresse du flux ne doit pas contenir d'identifiant : enregistrez-le sur le serveur`, detail: 'credentials in the URL' };
  }

  const headers: Record<string, string> = { Accept: 'text/calendar, */*;q=0.5', 'User-Agent': 'accueil-sync-server' };
  if (req.etag) headers['If-None-Match'] = req.etag;
  if (req.lastModified) headers['If-Modified-Since'] = req.lastModified;
  if (req.credentials) {
    headers.Authorization = `Basic ${Buffer.from(`${req.credentials.username}:${req.credentials.password}`).toString('base64')}`;
  }

  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const res = await req.fetch(url, { headers, signal, redirect: 'follow' });
    if (res.status === 304 && (req.etag || req.lastModified)) {
      await res.body?.cancel();
      return { kind: 'not-modified' };
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body?.cancel();
      return { kind: 'failed', error: statusError(res.status, !!req.credentials, url.origin), detail: `HTTP ${res.status}` };
    }
    const bytes = await readCapped(res, MAX_FEED_BYTES);
    if (!bytes) {
      return { kind: 'failed', error: `Flux d'agenda trop volumineux (plus de ${MAX_FEED_BYTES / 1024 / 1024} Mo)`, detail: `body over ${MAX_FEED_BYTES} bytes` };
    }
    // Decoded once as a whole (a multi-byte character may straddle two network chunks), lines
    // unfolded on the bytes first (a fold may cut one too).
    const text = decodeIcs(bytes);
    return {
      kind: 'body',
      text,
      contentType: res.headers.get('content-type') ?? '',
      etag: res.headers.get('etag') ?? undefined,
      lastModified: res.headers.get('last-modified') ?? undefined
    };
  } catch (err) {
    // The deadline may strike while waiting for headers or while reading the body.
    if (signal.aborted) {
      return { kind: 'failed', error: `Pas de réponse du serveur d'agenda en ${seconds(req.timeoutMs)}`, detail: `no complete answer within ${req.timeoutMs} ms` };
    }
    const { error, detail } = networkError(err, url.host);
    return { kind: 'failed', error, detail };
  }
}
