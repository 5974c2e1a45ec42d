import type { Express, Request } from 'express';

/**
 * Addresses of the connections that may be tried before the caller's own: the couch port
 * is reached through the web app's `/db` proxy over loopback. Only processes on this machine
 * connect from loopback; what they could forge (the client address, `https`) at worst lets a
 * local process dodge the per-address throttle (never the per-account one) or add `Secure`.
 */
export const LOOPBACK = 'loopback';

/**
 * Makes express honour `X-Forwarded-For` and `X-Forwarded-Proto` from these addresses or
 * CIDRs only (`TRUSTED_PROXIES`; default none), so `req.ip`, `req.secure` and
 * `req.protocol` are the browser's when a trusted TLS proxy is in front, and the socket's
 * otherwise: a client cannot claim https or another address by sending the headers itself.
 * A malformed entry fails at start, never silently trusting everyone.
 */
export function applyTrustedProxies(app: Express, list: readonly string[] | undefined): void {
  app.set('trust proxy', [...(list ?? [])]);
}

/** The address throttles key on: the browser's, as far as trusted proxies say. */
export const clientAddressOf = (req: Request): string | undefined => req.ip ?? req.socket.remoteAddress ?? undefined;
