import type { PinHash } from './adviser';

/**
 * PIN hashing, shared by the tablets (sign-in, offline) and the server (demo data). A 4 to 8
 * digit PIN has few values, so the hash alone cannot protect it from someone who copies a
 * tablet's database: the real defences are that only desk tablets hold the hashes (kiosks and
 * displays cannot read `accueil`) and the tablet's rate limit on wrong PINs. The slow hash
 * makes the copy cost hours instead of milliseconds.
 */
export const PIN_ITERATIONS = 600_000;
export const PIN_PATTERN = /^\d{4,8}$/;

const b64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** Hashes a PIN with a fresh random salt (or the given one, for fixed demo data). */
export async function hashPin(pin: string, iterations = PIN_ITERATIONS, salt: Uint8Array<ArrayBuffer> = crypto.getRandomValues(new Uint8Array(16))): Promise<PinHash> {
  if (!PIN_PATTERN.test(pin)) throw new Error('a PIN is 4 to 8 digits');
  return { algo: 'PBKDF2-SHA256', iterations, salt: b64(salt), hash: b64(await derive(pin, salt, iterations)) };
}

/** True when `pin` is the one hashed; compares every byte, whatever the first difference. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (!PIN_PATTERN.test(pin)) return false;
  const got = await derive(pin, unb64(stored.salt), stored.iterations);
  const want = unb64(stored.hash);
  let diff = got.length ^ want.length;
  for (let i = 0; i < Math.min(got.length, want.length); i++) diff |= got[i]! ^ want[i]!;
  return diff === 0;
}
