import { createHash, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** CouchDB 3.4's default: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;

/** The password fields of a CouchDB 3.4 `_users` document. */
export interface PasswordFields {
  password_scheme: 'pbkdf2';
  pbkdf2_prf: 'sha256';
  iterations: number;
  salt: string;
  derived_key: string;
}

/**
 * Hashes a password the way CouchDB 3.4 stores it: PBKDF2-HMAC-SHA256, 32-byte key, and a
 * 16-byte random salt kept as hex (CouchDB feeds the hex string itself to PBKDF2, so do we:
 * a user document moved between our server and CouchDB keeps working).
 */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<PasswordFields> {
  const salt = randomBytes(16).toString('hex');
  const key = await pbkdf2Async(password, salt, iterations, 32, 'sha256');
  return { password_scheme: 'pbkdf2', pbkdf2_prf: 'sha256', iterations, salt, derived_key: key.toString('hex') };
}

let checks = 0;

/** How many password checks ran PBKDF2 since the process started (tests count them). */
export const passwordChecks = (): number => checks;

/**
 * Stored fields no password matches (random key), for names that have no account: checking
 * against them costs what a real check costs, so the answer's timing does not tell which
 * names exist.
 */
export function dummyPasswordFields(iterations = PBKDF2_ITERATIONS): PasswordFields {
  return {
    password_scheme: 'pbkdf2',
    pbkdf2_prf: 'sha256',
    iterations,
    salt: randomBytes(16).toString('hex'),
    derived_key: randomBytes(32).toString('hex')
  };
}

const PRF_KEY_LENGTH: Record<string, number> = { sha256: 32, sha1: 20, sha512: 64 };

/**
 * Checks a password against a user document's stored hash, in constant time.
 * Accepts CouchDB's pbkdf2 scheme with sha256 (3.4) or sha1 (older CouchDB); anything else
 * (the obsolete `simple` scheme, missing fields) is refused rather than guessed.
 */
export async function verifyPassword(password: string, stored: Record<string, unknown>): Promise<boolean> {
  if (stored.password_scheme !== 'pbkdf2') return false;
  const prf = typeof stored.pbkdf2_prf === 'string' ? stored.pbkdf2_prf : 'sha1';
  const keyLength = PRF_KEY_LENGTH[prf];
  const { salt, derived_key: derivedKey, iterations } = stored;
  if (!keyLength || typeof salt !== 'string' || typeof derivedKey !== 'string') return false;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
  const expected = Buffer.from(derivedKey, 'hex');
  if (expected.length !== keyLength) return false;
  checks++;
  const actual = await pbkdf2Async(password, salt, iterations, keyLength, prf);
  return timingSafeEqual(actual, expected);
}

/** Constant-time equality of two secrets of any length (hashing first hides the length). */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** A random password for a device: 24 url-safe characters (144 bits). */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
