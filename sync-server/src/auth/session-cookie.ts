import { createHmac, timingSafeEqual } from 'node:crypto';

export const COOKIE_NAME = 'AuthSession';

/** A cookie value taken apart; its MAC is checked by `SessionCookies.valid`. */
export interface ParsedSession {
  name: string;
  expiresAt: number;
  mac: Buffer;
}

/**
 * CouchDB-style session cookies: `name:expiry:mac` where the MAC is an HMAC-SHA256 over
 * name and expiry, keyed with the server secret *and* the user's password salt. Changing a
 * password (or revoking a device, which resets it) therefore kills every cookie of that user,
 * with no session table to keep. Sliding expiry: a cookie used after 10% of its life is
 * re-issued, as CouchDB does.
 */
export class SessionCookies {
  constructor(
    private readonly secret: Buffer,
    readonly timeoutSeconds = 600,
    private readonly now: () => number = Date.now
  ) {}

  private mac(name: string, expiresAt: number, userSalt: string): Buffer {
    return createHmac('sha256', Buffer.concat([this.secret, Buffer.from(userSalt)]))
      .update(`${name}:${expiresAt.toString(16)}`)
      .digest();
  }

  /** A fresh cookie value for a user, valid `timeoutSeconds` from now. */
  issue(name: string, userSalt: string): string {
    const expiresAt = Math.floor(this.now() / 1000) + this.timeoutSeconds;
    const mac = this.mac(name, expiresAt, userSalt);
    return Buffer.from(`${name}:${expiresAt.toString(16)}:${mac.toString('hex')}`).toString('base64url');
  }

  /** Splits a cookie value; null when it is not one of ours or has expired. */
  parse(value: string): ParsedSession | null {
    const raw = Buffer.from(value, 'base64url').toString('utf8');
    // Split from the right: a user name may itself contain ':'.
    const macAt = raw.lastIndexOf(':');
    const expiryAt = raw.lastIndexOf(':', macAt - 1);
    if (macAt < 0 || expiryAt <= 0) return null;
    const name = raw.slice(0, expiryAt);
    const expiresAt = Number.parseInt(raw.slice(expiryAt + 1, macAt), 16);
    const mac = Buffer.from(raw.slice(macAt + 1), 'hex');
    if (!Number.isFinite(expiresAt) || mac.length !== 32) return null;
    if (expiresAt <= Math.floor(this.now() / 1000)) return null;
    return { name, expiresAt, mac };
  }

  /** True when the MAC matches this user's current salt. */
  valid(session: ParsedSession, userSalt: string): boolean {
    return timingSafeEqual(session.mac, this.mac(session.name, session.expiresAt, userSalt));
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
