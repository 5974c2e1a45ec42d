import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import { unauthorized } from '../errors';
import type { Principal } from './principal';
import { clientAddressOf } from './trusted-proxies';

/** The caller of a request: a principal, or null when anonymous; maybe a refreshed cookie to send back. */
export interface AuthResult {
  principal: Principal | null;
  setCookie?: string;
}

/** What authentication reads of a request. */
export interface AuthRequest {
  headers: IncomingHttpHeaders;
  /** `req.secure` under the trusted-proxies setting: whether a re-issued cookie gets `Secure`. */
  secure: boolean;
  /** `req.ip` under the trusted-proxies setting: the key of the per-address login throttle. */
  clientAddress?: string;
}

/** The request's context, with `secure` and the address as express computes them behind trusted proxies. */
export const authRequestOf = (req: Request): AuthRequest => ({ headers: req.headers, secure: req.secure, clientAddress: clientAddressOf(req) });

/**
 * Resolves who is calling from the request headers. Implemented by the embedded server
 * (our `_users`, our cookies) and by the CouchDB mode (asks CouchDB's `/_session`), so the
 * HTTP API works the same in both modes.
 */
export interface Authenticator {
  /**
   * Throws a 401 HttpError for wrong credentials or a revoked device, a 429 (with
   * `Retry-After`) while the name or address is throttled, a 503 when too many password
   * checks wait; anonymous gives `principal: null`. Call it as `authenticate(authRequestOf(req))`.
   */
  authenticate(request: AuthRequest): Promise<AuthResult>;
}

/** Name and password from a Basic Authorization header; undefined when there is none. */
export function basicCredentials(header: string | undefined): { name: string; password: string } | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (scheme?.toLowerCase() !== 'basic' || !value) throw unauthorized('unsupported Authorization header: use Basic');
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw unauthorized('malformed Basic credentials');
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
