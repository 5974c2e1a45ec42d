import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { unauthorized } from '../errors';
import { type AuthResult, type Authenticator, basicCredentials } from './authenticator';
import type { AdminCredentials } from './data-files';
import { secretsEqual, verifyPassword } from './passwords';
import { ADMIN_ROLE, type Principal, REVOKED_ROLE } from './principal';
import { COOKIE_NAME, type SessionCookies, readCookie, sessionCookieHeader } from './session-cookie';
import type { VerifyCache } from './verify-cache';

export const USER_PREFIX = 'org.couchdb.user:';

interface UserDoc {
  _id: string;
  _rev: string;
  name?: string;
  roles?: unknown;
  salt?: string;
  [key: string]: unknown;
}

const BAD_CREDENTIALS = 'Name or password is incorrect.';

/**
 * Authentication of the embedded server: the admin from its credentials file or env, devices
 * from our `_users` database (CouchDB 3.4 PBKDF2 documents), Basic auth or our session cookie.
 */
export class EmbeddedAuthenticator implements Authenticator {
  constructor(
    private readonly users: PouchDB.Database,
    private readonly admin: AdminCredentials,
    private readonly cookies: SessionCookies,
    private readonly cache: VerifyCache
  ) {}

  private async userDoc(name: string): Promise<UserDoc | null> {
    try {
      return (await this.users.get(USER_PREFIX + name)) as unknown as UserDoc;
    } catch {
      return null;
    }
  }

  /** The key material that ties cookies to the current password: changing it kills old cookies. */
  private async saltOf(name: string): Promise<{ salt: string; principal: Principal } | null> {
    if (name === this.admin.name) {
      return { salt: createHash('sha256').update(this.admin.password).digest('hex'), principal: this.adminPrincipal() };
    }
    const doc = await this.userDoc(name);
    if (!doc || typeof doc.salt !== 'string') return null;
    return { salt: doc.salt, principal: this.principalOf(name, doc) };
  }

  private adminPrincipal(): Principal {
    return { name: this.admin.name, roles: [ADMIN_ROLE] };
  }

  /** Roles from the user document; system roles (`_admin`…) are never taken from a document. */
  private principalOf(name: string, doc: UserDoc): Principal {
    const roles = Array.isArray(doc.roles) ? doc.roles.filter((r): r is string => typeof r === 'string' && !r.startsWith('_')) : [];
    if (roles.includes(REVOKED_ROLE)) throw unauthorized(`device ${name} has been revoked`);
    return { name, roles };
  }

  /**
   * Checks a name and password; null when they do not match. A revoked device throws 401
   * even with the right password. Successful checks are cached per user revision.
   */
  async verify(name: string, password: string): Promise<Principal | null> {
    if (name === this.admin.name) return secretsEqual(password, this.admin.password) ? this.adminPrincipal() : null;
    const doc = await this.userDoc(name);
    if (!doc) return null;
    if (!this.cache.has(name, password, doc._rev)) {
      if (!(await verifyPassword(password, doc))) return null;
      this.cache.add(name, password, doc._rev);
    }
    return this.principalOf(name, doc);
  }

  /** Verifies credentials and returns the principal with a fresh session cookie value. */
  async login(name: string, password: string): Promise<{ principal: Principal; cookie: string }> {
    const principal = await this.verify(name, password);
    if (!principal) throw unauthorized(BAD_CREDENTIALS);
    const keyed = await this.saltOf(name);
    if (!keyed) throw unauthorized(BAD_CREDENTIALS);
    return { principal, cookie: this.cookies.issue(name, keyed.salt) };
  }

  async authenticate(headers: IncomingHttpHeaders, secure: boolean): Promise<AuthResult> {
    const basic = basicCredentials(headers.authorization);
    if (basic) {
      const principal = await this.verify(basic.name, basic.password);
      if (!principal) throw unauthorized(BAD_CREDENTIALS);
      return { principal };
    }
    const value = readCookie(headers.cookie, COOKIE_NAME);
    const session = value ? this.cookies.parse(value) : null;
    if (!session) return { principal: null };
    const keyed = await this.saltOf(session.name);
    // A cookie signed for an older password (or a deleted user) is ignored, as CouchDB does.
    if (!keyed || !this.cookies.valid(session, keyed.salt)) return { principal: null };
    const setCookie = this.cookies.needsRefresh(session)
      ? sessionCookieHeader(this.cookies.issue(session.name, keyed.salt), secure)
      : undefined;
    return { principal: keyed.principal, setCookie };
  }

  /** Forgets cached verifications of a user whose document changed. */
  invalidate(name: string): void {
    this.cache.invalidate(name);
  }
}
