import type { RequestHandler } from 'express';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, COPY, OPTIONS';
const ALLOWED_HEADERS = 'accept, authorization, content-type, origin, referer, x-requested-with';
// What PouchDB reads from CouchDB responses (etag for attachments, the rest for diagnostics).
const EXPOSED_HEADERS = 'cache-control, content-type, etag, server, x-couch-request-id, x-couch-update-newrev';

/**
 * CORS for an allow-list of origins. A listed origin is reflected with credentials (cookies
 * and Basic auth from the PWA); any other origin gets no CORS header at all, so the browser
 * blocks it. Preflights are answered here, before authentication: browsers never send
 * credentials on a preflight.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '')));
  return (req, res, next) => {
    const origin = req.headers.origin;
    const listed = typeof origin === 'string' && allowed.has(origin);
    res.vary('Origin');
    if (listed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    const preflight = req.method === 'OPTIONS' && typeof req.headers['access-control-request-method'] === 'string';
    if (!preflight) return next();
    if (listed) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}
