import type { IncomingHttpHeaders } from 'node:http';
import { unauthorized } from '../errors';
import type { AuthResult, Authenticator } from './authenticator';
import { REVOKED_ROLE } from './principal';

/**
 * Authentication in CouchDB mode: the caller's own Authorization or Cookie header is passed
 * to CouchDB's `GET /_session`, which says who they are. CouchDB keeps its own auth cache.
 */
export class CouchAuthenticator implements Authenticator {
  /** `couchUrl` without credentials: requests carry the caller's, never the admin's. */
  constructor(private readonly couchUrl: string) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<AuthResult> {
    const forwarded: Record<string, string> = { Accept: 'application/json' };
    if (headers.authorization) forwarded.Authorization = headers.authorization;
    if (headers.cookie) forwarded.Cookie = headers.cookie;
    const res = await fetch(`${this.couchUrl.replace(/\/+$/, '')}/_session`, { headers: forwarded });
    if (res.status === 401) throw unauthorized('Name or password is incorrect.');
    if (!res.ok) throw new Error(`CouchDB /_session answered ${res.status}`);
    const body = (await res.json()) as { userCtx?: { name?: string | null; roles?: string[] } };
    const name = body.userCtx?.name;
    if (!name) return { principal: null };
    const roles = body.userCtx?.roles ?? [];
    if (roles.includes(REVOKED_ROLE)) throw unauthorized(`device ${name} has been revoked`);
    const setCookie = res.headers.get('set-cookie') ?? undefined;
    return { principal: { name, roles }, setCookie };
  }
}
