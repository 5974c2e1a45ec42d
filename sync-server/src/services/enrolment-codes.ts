import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { type CouchClient, docPath } from '../couch-client';
import { ENROLMENT_DB } from '../setup/security';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** No 0/O, 1/I/L: a code is read aloud or typed from a sheet of paper. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;
export const CODE_VALIDITY_MS = 24 * 60 * 60 * 1000;

interface CodeDoc {
  _id: string;
  _rev?: string;
  type: 'enrolment-code';
  name: string;
  expiresAt: string;
  salt: string;
  iv: string;
  tag: string;
  secret: string;
}

export class EnrolmentCodeError extends Error {
  constructor(
    readonly kind: 'unknown' | 'expired',
    message: string
  ) {
    super(message);
    this.name = 'EnrolmentCodeError';
  }
}

/** Codes are typed by people: ignore case, spaces and dashes. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

const idOf = (code: string) => `code:${createHash('sha256').update(normaliseCode(code)).digest('hex')}`;

async function keyOf(code: string, salt: Buffer): Promise<Buffer> {
  return scryptAsync(normaliseCode(code), salt, 32);
}

/**
 * One-time enrolment codes. A code stands for a device's credentials for 24 hours and can be
 * used once. The database never holds the code nor the password in clear: the document id is
 * the code's SHA-256 and the password is sealed with AES-256-GCM under a key derived from the
 * code (scrypt). Redeeming deletes the document first; of two concurrent redeems, the one
 * whose delete loses (409) gets nothing.
 */
export class EnrolmentCodes {
  constructor(
    private readonly client: CouchClient,
    private readonly now: () => number = Date.now
  ) {}

  /** Issues a code for these credentials. */
  async issue(name: string, password: string): Promise<{ code: string; expiresAt: string }> {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await keyOf(code, salt), iv);
    const secret = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
    const expiresAt = new Date(this.now() + CODE_VALIDITY_MS).toISOString();
    const doc: CodeDoc = {
      _id: idOf(code),
      type: 'enrolment-code',
      name,
      expiresAt,
      salt: salt.toString('hex'),
      iv: iv.toString('hex'),
      tag: cipher.getAuthTag().toString('hex'),
      secret: secret.toString('hex')
    };
    await this.client.put(docPath(ENROLMENT_DB, doc._id), doc);
    return { code, expiresAt };
  }

  /** Exchanges a code for the credentials, once. Throws EnrolmentCodeError when unknown, used or expired. */
  async redeem(code: string): Promise<{ name: string; password: string }> {
    const path = docPath(ENROLMENT_DB, idOf(code));
    const doc = await this.client.find<CodeDoc>(path);
    if (!doc) throw new EnrolmentCodeError('unknown', 'unknown or already used enrolment code');
    const deleted = await this.client.request('DELETE', `${path}?rev=${encodeURIComponent(doc._rev ?? '')}`);
    if (deleted.status === 404 || deleted.status === 409) throw new EnrolmentCodeError('unknown', 'unknown or already used enrolment code');
    if (deleted.status >= 400) throw new Error(`cannot consume enrolment code: ${deleted.status} ${JSON.stringify(deleted.body)}`);
    if (Date.parse(doc.expiresAt) <= this.now()) throw new EnrolmentCodeError('expired', `enrolment code expired at ${doc.expiresAt}`);
    const decipher = createDecipheriv('aes-256-gcm', await keyOf(code, Buffer.from(doc.salt, 'hex')), Buffer.from(doc.iv, 'hex'));
    decipher.setAuthTag(Buffer.from(doc.tag, 'hex'));
    const password = Buffer.concat([decipher.update(Buffer.from(doc.secret, 'hex')), decipher.final()]).toString('utf8');
    return { name: doc.name, password };
  }

  /** Drops every pending code of a device (it was revoked). */
  async revokeAll(name: string): Promise<void> {
    const all = await this.client.get<{ rows: { doc?: CodeDoc }[] }>(`/${ENROLMENT_DB}/_all_docs?include_docs=true`);
    const mine = all.rows.map((r) => r.doc).filter((d): d is CodeDoc => !!d && d.name === name);
    if (mine.length) {
      await this.client.post(`/${ENROLMENT_DB}/_bulk_docs`, { docs: mine.map((d) => ({ _id: d._id, _rev: d._rev, _deleted: true })) });
    }
  }
}
