import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { unauthorized } from '../errors';
import { type AuthRequest, type AuthResult, type Authenticator, basicCredentials } from './authenticator';
import type { AdminCredentials } from './data-files';
import { PBKDF2_ITERATIONS, type PasswordFields, dummyPasswordFields, secretsEqual, verifyPassword } from './passwords';
import { ADMIN_ROLE, type Principal, REVOKED_ROLE } from './principal';
import { COOKIE_NAME, type SessionCookies, readCookie, sessionCookieHeader } from './session-cookie';
import { SessionRevocations } from './session-revocations';
import { type CredentialGuard, createCredentialGuard, guardedCheck } from './throttle';
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

// The admin is no `_users` document; its cache entries need a revision no document has.
const ADMIN_REV = '_admin';

export interface EmbeddedAuthOptions {
  /** Login throttle and hash slots; default `createCredentialGuard()`. */
  guard?: CredentialGuard;
  /** Ended sessions; default an in-memory list (the server passes the one kept in its data folder). */
  revocations?: SessionRevocations;
  /** Iterations of the check run for unknown names until a real account's are seen. Default 600,000. */
  pbkdf2Iterations?: number;
}

/** The session id a logout puts on the revocation list (prefixed: the list also holds CouchDB cookies). */
const sidKey = (sid: string) => `sid:${sid}`;

/**
 * Authentication of the embedded server: the admin from its credentials file or env, devices
 * from our `_users` database (CouchDB 3.4 PBKDF2 documents), Basic auth or our session cookie.
 * Every password check that is not a known-good one from the cache goes through the login
 * throttle and the hash slots, and costs one PBKDF2 whether the name exists or not.
 */
export class EmbeddedAuthenticator implements Authenticator {
  readonly guard: CredentialGuard;
  readonly revocations: SessionRevocations;
  private dummyIterations: number;
  private dummy: PasswordFields | undefined;

  constructor(
    private readonly users: PouchDB.Database,
    private readonly admin: AdminCredentials,
    private readonly cookies: SessionCookies,
    private readonly cache: VerifyCache,
    o: EmbeddedAuthOptions = {}
  ) {
    this.guard = o.guard ?? createCredentialGuard();
    this.revocations = o.revocations ?? new SessionRevocations();
    this.dummyIterations = o.pbkdf2Iterations ?? PBKDF2_ITERATIONS;
  }

  private async userDoc(name: string): Promise<UserDoc | null> {
    try {
      const doc = (await this.users.get(USER_PREFIX + name)) as unknown as UserDoc;
      // Unknown names must cost what the accounts in use cost, whatever iterations they were hashed with.
      if (typeof doc.iterations === 'number' && Number.isInteger(doc.iterations) && doc.iterations > 0 && doc.iterations <= 10_000_000) {
        this.dummyIterations = doc.iterations;
      }
      return doc;
    } catch {
      return null;
    }
  }

  private dummyFields(): Record<string, unknown> {
    if (this.dummy?.iterations !== this.dummyIterations) this.dummy = dummyPasswordFields(this.dummyIterations);
    return { ...this.dummy };
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
   * even with the right password, once the password is checked. Successful checks are cached
   * per user revision; a cached one is accepted without the throttle, so a working tablet
   * keeps working while its account is under attack. Throws 429/503 from the guard.
   */
  async verify(name: string, password: string, clientAddress?: string): Promise<Principal | null> {
    if (name === this.admin.name) {
      if (this.cache.has(name, password, ADMIN_REV)) return this.adminPrincipal();
      // The admin name must not answer faster than the others: the dummy hash runs either way.
      const ok = await guardedCheck(this.guard, { name, clientAddress, password, version: ADMIN_REV }, async () => {
        await verifyPassword(password, this.dummyFields());
        return secretsEqual(password, this.admin.password) || null;
      });
      if (!ok) return null;
      this.cache.add(name, password, ADMIN_REV);
      return this.adminPrincipal();
    }
    const doc = await this.userDoc(name);
    if (doc && this.cache.has(name, password, doc._rev)) return this.principalOf(name, doc);
    const ok = await guardedCheck(this.guard, { name, clientAddress, password, version: doc?._rev ?? '' }, async () => (await verifyPassword(password, doc ?? this.dummyFields())) || null);
    if (!doc || !ok) return null;
    this.cache.add(name, password, doc._rev);
    return this.principalOf(name, doc);
  }

  /** Verifies credentials and returns the principal with a fresh session cookie value. */
  async login(name: string, password: string, clientAddress?: string): Promise<{ principal: Principal; cookie: string }> {
    const principal = await this.verify(name, password, clientAddress);
    if (!principal) throw unauthorized(BAD_CREDENTIALS);
    const keyed = await this.saltOf(name);
    if (!keyed) throw unauthorized(BAD_CREDENTIALS);
    return { principal, cookie: this.cookies.issue(name, keyed.salt) };
  }

  /**
   * Ends the request's session server-side: its id goes on the revocation list until every
   * cookie of it (re-issued ones included) has expired. Only a genuine cookie is recorded, so
   * junk cookies cannot fill the list. Resolves once the list is on disk.
   */
  async logout(headers: IncomingHttpHeaders): Promise<void> {
    const value = readCookie(headers.cookie, COOKIE_NAME);
    const session = value ? this.cookies.parse(value) : null;
    if (!session) return;
    const keyed = await this.saltOf(session.name).catch(() => null);
    if (!keyed || !this.cookies.valid(session, keyed.salt)) return;
    await this.revocations.revoke(sidKey(session.sid), this.cookies.latestExpiry());
  }

  async authenticate({ headers, secure, clientAddress }: AuthRequest): Promise<AuthResult> {
    const basic = basicCredentials(headers.authorization);
    if (basic) {
      const principal = await this.verify(basic.name, basic.password, clientAddress);
      if (!principal) throw unauthorized(BAD_CREDENTIALS);
      return { principal };
    }
    const value = readCookie(headers.cookie, COOKIE_NAME);
    const session = value ? this.cookies.parse(value) : null;
    if (!session) return { principal: null };
    // A logged-out session is no session, like an expired one.
    if (this.revocations.isRevoked(sidKey(session.sid))) return { principal: null };
    const keyed = await this.saltOf(session.name);
    // A cookie signed for an older password (or a deleted user) is ignored, as CouchDB does.
    if (!keyed || !this.cookies.valid(session, keyed.salt)) return { principal: null };
    const setCookie = this.cookies.needsRefresh(session)
      ? sessionCookieHeader(this.cookies.issue(session.name, keyed.salt, session.sid), secure)
      : undefined;
    return { principal: keyed.principal, setCookie };
  }

  /** Forgets cached verifications of a user whose document changed. */
  invalidate(name: string): void {
    this.cache.invalidate(name);
  }
}
