import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const COOKIE_NAME = 'AuthSession';

/** A cookie value taken apart; its MAC is checked by `SessionCookies.valid`. */
export interface ParsedSession {
  name: string;
  expiresAt: number;
  /** Random at login and kept by every re-issue: what a logout revokes, so no older value outlives it. */
  sid: string;
  mac: Buffer;
}

/**
 * CouchDB-style session cookies: `name:expiry:sid:mac` where the MAC is an HMAC-SHA256 over
 * name, expiry and session id, keyed with the server secret *and* the user's password salt. Changing a
 * password (or revoking a device, which resets it) therefore kills every cookie of that user,
 * with no session table to keep. Sliding expiry: a cookie used after 10% of its life is
 * re-issued, as CouchDB does. A logout is the one thing the MAC cannot express: the session
 * id goes on the revocation list (session-revocations.ts).
 */
export class SessionCookies {
  constructor(
    private readonly secret: Buffer,
    readonly timeoutSeconds = 600,
    private readonly now: () => number = Date.now
  ) {}

  private mac(name: string, expiresAt: number, sid: string, userSalt: string): Buffer {
    return createHmac('sha256', Buffer.concat([this.secret, Buffer.from(userSalt)]))
      .update(`${name}:${expiresAt.toString(16)}:${sid}`)
      .digest();
  }

  /** A fresh cookie value for a user, valid `timeoutSeconds` from now; a re-issue passes the session's `sid`. */
  issue(name: string, userSalt: string, sid: string = randomBytes(16).toString('hex')): string {
    const expiresAt = Math.floor(this.now() / 1000) + this.timeoutSeconds;
    const mac = this.mac(name, expiresAt, sid, userSalt);
    return Buffer.from(`${name}:${expiresAt.toString(16)}:${sid}:${mac.toString('hex')}`).toString('base64url');
  }

  /** The latest expiry any cookie issued until now can have: how long a revocation must be kept. */
  latestExpiry(): number {
    return Math.floor(this.now() / 1000) + this.timeoutSeconds;
  }

  /** Splits a cookie value; null when it is not one of ours or has expired. */
  parse(value: string): ParsedSession | null {
    const raw = Buffer.from(value, 'base64url').toString('utf8');
    // Split from the right: a user name may itself contain ':'.
    const macAt = raw.lastIndexOf(':');
    const sidAt = macAt > 0 ? raw.lastIndexOf(':', macAt - 1) : -1;
    const expiryAt = sidAt > 0 ? raw.lastIndexOf(':', sidAt - 1) : -1;
    if (expiryAt <= 0) return null;
    const name = raw.slice(0, expiryAt);
    const expiryHex = raw.slice(expiryAt + 1, sidAt);
    const sid = raw.slice(sidAt + 1, macAt);
    const mac = Buffer.from(raw.slice(macAt + 1), 'hex');
    if (!/^[0-9a-f]{1,12}$/.test(expiryHex) || !/^[0-9a-f]{32}$/.test(sid) || mac.length !== 32) return null;
    const expiresAt = Number.parseInt(expiryHex, 16);
    if (expiresAt <= Math.floor(this.now() / 1000)) return null;
    return { name, expiresAt, sid, mac };
  }

  /** True when the MAC matches this user's current salt. */
  valid(session: ParsedSession, userSalt: string): boolean {
    return timingSafeEqual(session.mac, this.mac(session.name, session.expiresAt, session.sid, userSalt));
  }

  /** True when the cookie has used more than 10% of its life and should be re-issued. */
  needsRefresh(session: ParsedSession): boolean {
    const left = session.expiresAt - Math.floor(this.now() / 1000);
    return left < this.timeoutSeconds * 0.9;
  }
}

/** The Set-Cookie header value: HttpOnly, SameSite=Strict, session-only (no Max-Age) like CouchDB. */
export function sessionCookieHeader(value: string, secure: boolean): string {
  return `${COOKIE_NAME}=${value}; Version=1; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie header value that removes the session cookie. */
export function clearedCookieHeader(secure: boolean): string {
  return `${COOKIE_NAME}=; Version=1; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** Reads one cookie from a Cookie header without a parser dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
