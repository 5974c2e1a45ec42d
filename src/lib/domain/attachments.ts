import { z } from 'zod';

/**
 * Which files a document may carry, by type. A writer can attach anything to anything unless
 * someone says no: an HTML page or an SVG served from the app's origin runs script there, and a
 * huge file fills every tablet's storage. Only the files the app itself produces are allowed.
 * The structure design documents hold the same table (`ATTACHMENTS` in
 * sync-server/ddocs/_shared/structure-prelude.js); the parity test feeds both the same samples.
 */
export interface AttachmentRule {
  /** The content types allowed for this name, exactly as written in `content_type`. */
  types: readonly string[];
  /** The largest decoded size, in bytes. */
  maxBytes: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** A signature drawn on a tablet's screen, saved as PNG by the canvas: a few tens of KiB. */
export const SIGNATURE_MAX_BYTES = 512 * KIB;
/** A receipt's PDF: one or two pages of text with the signature in it. */
export const RECEIPT_PDF_MAX_BYTES = 5 * MIB;
/**
 * A room issue's photo: re-encoded as JPEG of at most 1280 px, or kept as taken (HEIC…) up to
 * 8 MiB when the browser cannot decode it (PHOTO_MAX_BYTES in src/lib/rooms/photo.ts).
 */
export const PHOTO_MAX_BYTES = 8 * MIB;
/**
 * Raster formats only: a photo kept as taken keeps the camera's type, but SVG (scriptable)
 * and anything that is not an image stay out.
 */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const;

const signature: Record<string, AttachmentRule> = { 'signature.png': { types: ['image/png'], maxBytes: SIGNATURE_MAX_BYTES } };

/** Types not listed carry no attachment at all. */
export const ATTACHMENT_RULES: Readonly<Record<string, Readonly<Record<string, AttachmentRule>>>> = {
  // The kiosk visitor's signature; the intake worker moves it onto the visit.
  checkin: signature,
  visit: signature,
  receipt: { ...signature, 'recepisse.pdf': { types: ['application/pdf'], maxBytes: RECEIPT_PDF_MAX_BYTES } },
  roomissue: { 'photo.jpg': { types: PHOTO_TYPES, maxBytes: PHOTO_MAX_BYTES } }
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/**
 * The decoded size of an attachment entry: from its base64 `data` when inline, else from the
 * `length` a stub (or a multipart part that `follows`) declares. Null when it cannot be known.
 */
export function attachmentSize(att: Record<string, unknown>): number | null {
  const data = att.data;
  if (data !== undefined) {
    if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) return null;
    const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
    return Math.ceil((data.length * 3) / 4) - padding;
  }
  const length = att.length;
  if ((att.stub === true || att.follows === true) && typeof length === 'number' && Number.isInteger(length) && length >= 0) return length;
  return null;
}

const mib = (bytes: number) => (bytes >= MIB ? `${bytes / MIB} Mio` : `${bytes / KIB} Kio`);

/** Why an attachment entry is refused on a document of `type`, or null when it is allowed. */
export function attachmentProblem(type: string, name: string, att: unknown): string | null {
  const rules = has(ATTACHMENT_RULES, type) ? ATTACHMENT_RULES[type]! : {};
  const rule = has(rules, name) ? rules[name]! : undefined;
  if (!rule) {
    const names = Object.keys(rules);
    return names.length ? `pièce jointe non admise (seulement ${names.join(', ')})` : "ce document n'admet aucune pièce jointe";
  }
  if (typeof att !== 'object' || att === null || Array.isArray(att)) return 'pièce jointe mal formée';
  const entry = att as Record<string, unknown>;
  if (typeof entry.content_type !== 'string' || !rule.types.includes(entry.content_type)) return `type de fichier non admis (seulement ${rule.types.join(', ')})`;
  const size = attachmentSize(entry);
  if (size === null) return 'contenu en base64 ou taille de la pièce jointe attendus';
  if (size > rule.maxBytes) return `pièce jointe trop lourde (au plus ${mib(rule.maxBytes)})`;
  return null;
}

/**
 * `_attachments` of a document of `type`: only the names, content types and sizes of
 * {@link ATTACHMENT_RULES}. The entries keep their loose type: PouchDB's stubs and inline
 * entries differ, and the app never reads them through the schema.
 */
export const attachmentsOf = (type: string) =>
  z
    .record(z.string(), z.unknown())
    .superRefine((atts, ctx) => {
      for (const name of Object.keys(atts)) {
        const problem = attachmentProblem(type, name, atts[name]);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
      }
    })
    .optional();
