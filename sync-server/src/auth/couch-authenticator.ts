import { HttpError, unauthorized } from '../errors';
import { type CouchNodes, nodesOf } from '../couch-nodes';
import { type AuthRequest, type AuthResult, type Authenticator, basicCredentials } from './authenticator';
import { REVOKED_ROLE } from './principal';
import { COOKIE_NAME, readCookie } from './session-cookie';
import { SessionRevocations } from './session-revocations';
import { type CredentialGuard, createCredentialGuard, guardedCheck } from './throttle';
import { VerifyCache } from './verify-cache';

export interface CouchAuthOptions {
  /** Login throttle and check slots; default `createCredentialGuard()`. */
  guard?: CredentialGuard;
  /** `AuthSession` cookies ended by a logout at the door: refused even though CouchDB would still take them. */
  revocations?: SessionRevocations;
  /** Name and password pairs CouchDB accepted lately: they skip the throttle, never CouchDB. */
  knownGood?: VerifyCache;
}

/** Far longer than CouchDB takes to see a `_users` change; afterwards CouchDB refuses on its own. */
const REVOKED_MEMORY_MS = 10 * 60_000;

interface SessionAnswer {
  name: string | null;
  roles: string[];
  setCookie?: string;
}

/**
 * Authentication in CouchDB mode: the caller's own Authorization or Cookie header is passed
 * to CouchDB's `GET /_session`, which says who they are. CouchDB hashes and keeps its own
 * auth cache; this side throttles Basic checks per name and address like the embedded server,
 * so a flood of wrong passwords never reaches CouchDB's PBKDF2.
 */
export class CouchAuthenticator implements Authenticator {
  readonly guard: CredentialGuard;
  readonly revocations: SessionRevocations;
  private readonly knownGood: VerifyCache;
  /** Devices revoked through this process, until CouchDB's own auth cache has caught up (seconds: 3.4 s measured). */
  private readonly revokedNames = new Map<string, number>();

  private readonly nodes: CouchNodes;

  /** `couchUrl` without credentials (or the cluster's nodes): requests carry the caller's, never the admin's. */
  constructor(couchUrl: string | CouchNodes, o: CouchAuthOptions = {}) {
    this.nodes = nodesOf(couchUrl);
    this.guard = o.guard ?? createCredentialGuard();
    this.revocations = o.revocations ?? new SessionRevocations();
    this.knownGood = o.knownGood ?? new VerifyCache();
  }

  /** CouchDB's answer for these headers; null for its 401. */
  private async ask(forwarded: Record<string, string>): Promise<SessionAnswer | null> {
    const res = await this.nodes.fetch('/_session', { headers: forwarded });
    // 403: CouchDB's lockout after repeated wrong passwords (`chttpd_auth_lockout`), a refusal like 401.
    if (res.status === 401 || res.status === 403) return null;
    if (!res.ok) throw new HttpError(502, 'bad_gateway', `CouchDB /_session answered ${res.status}`);
    const body = (await res.json()) as { userCtx?: { name?: string | null; roles?: string[] } };
    return { name: body.userCtx?.name ?? null, roles: body.userCtx?.roles ?? [], setCookie: res.headers.get('set-cookie') ?? undefined };
  }

  /**
   * Told by the devices service when it revokes `name`: CouchDB keeps accepting the old
   * password and cookies for a few seconds after `_users` changes (its auth cache follows the
   * changes feed), and a revocation must hold at once. Other sync server processes see it when
   * CouchDB's cache does.
   */
  deviceRevoked(name: string): void {
    this.knownGood.invalidate(name);
    this.revokedNames.set(name, Date.now() + REVOKED_MEMORY_MS);
  }

  private recentlyRevoked(name: string): boolean {
    const until = this.revokedNames.get(name);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.revokedNames.delete(name);
    return false;
  }

  async authenticate({ headers, clientAddress }: AuthRequest): Promise<AuthResult> {
    const forwarded: Record<string, string> = { Accept: 'application/json' };
    if (headers.authorization) forwarded.Authorization = headers.authorization;
    const cookie = readCookie(headers.cookie, COOKIE_NAME);
    // A logged-out cookie is not shown to CouchDB at all: the caller is anonymous.
    if (headers.cookie && !(cookie && this.revocations.isRevoked(cookie))) forwarded.Cookie = headers.cookie;

    let basic: { name: string; password: string } | undefined;
    try {
      basic = basicCredentials(headers.authorization);
    } catch {
      // Another scheme: CouchDB refuses it without hashing, no throttle needed.
    }
    let answer: SessionAnswer | null;
    if (!basic) {
      answer = await this.ask(forwarded);
    } else if (this.knownGood.has(basic.name, basic.password, '')) {
      answer = await this.ask(forwarded);
      if (!answer?.name) this.knownGood.invalidate(basic.name);
    } else {
      answer = await guardedCheck(this.guard, { name: basic.name, clientAddress, password: basic.password }, async () => {
        const a = await this.ask(forwarded);
        return a?.name ? a : null;
      });
      if (answer?.name) this.knownGood.add(basic.name, basic.password, '');
    }
    if (!answer) throw unauthorized('Name or password is incorrect.');
    const name = answer.name;
    if (!name) return { principal: null };
    if (answer.roles.includes(REVOKED_ROLE) || this.recentlyRevoked(name)) throw unauthorized(`device ${name} has been revoked`);
    return { principal: { name, roles: answer.roles }, setCookie: answer.setCookie };
  }
}
