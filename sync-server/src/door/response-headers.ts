import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Attachment types the app stores (signatures, photos, receipts); anything else is served as bytes. */
const SERVED_TYPES = new Set(['image/png', 'image/jpeg', 'application/pdf']);
/** Types a browser may show in place: the images the app itself displays. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg']);

/** No database answer is a page: nothing in it may run, frame or load anything. */
export const DB_RESPONSE_CSP = "default-src 'none'; sandbox";

/**
 * Makes every database response inert on the app's origin, whatever the engine sends: no
 * sniffing, a sandboxing CSP and, for attachments, only known types, downloaded rather than
 * rendered unless they are images. Applied when the headers are written, so it covers
 * express-pouchdb's answers and those proxied from CouchDB alike.
 */
export function hardenResponse(res: ServerResponse, isAttachment: boolean): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const reason = typeof rest[0] === 'string' ? rest[0] : undefined;
    const headers = rest.find((r): r is OutgoingHttpHeaders => !!r && typeof r === 'object' && !Array.isArray(r));
    if (headers) for (const [key, value] of Object.entries(headers)) if (value !== undefined) this.setHeader(key, value);
    this.setHeader('X-Content-Type-Options', 'nosniff');
    this.setHeader('Content-Security-Policy', DB_RESPONSE_CSP);
    if (isAttachment && status < 300) {
      const type = String(this.getHeader('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!SERVED_TYPES.has(type)) this.setHeader('Content-Type', 'application/octet-stream');
      this.setHeader('Content-Disposition', INLINE_TYPES.has(type) ? 'inline' : 'attachment');
    }
    return reason === undefined ? writeHead.call(this, status) : (writeHead as (s: number, r: string) => ServerResponse).call(this, status, reason);
  } as ServerResponse['writeHead'];
}
