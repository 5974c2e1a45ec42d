import { z } from 'zod';
import { attachmentsOf } from './attachments';

/** The two buildings. `hdv` is the Hôtel de Ville. */
export const SITE_CODES = ['curial', 'hdv'] as const;
export const siteCode = z.enum(SITE_CODES);
export type SiteCode = z.infer<typeof siteCode>;

/** Device roles. A coordinator is a desk with device administration and conflict review rights. */
export const DEVICE_ROLES = ['desk', 'kiosk', 'display', 'coordinator'] as const;
export const deviceRole = z.enum(DEVICE_ROLES);
export type DeviceRole = z.infer<typeof deviceRole>;

/** The CouchDB databases, split by who may read them (see ARCHITECTURE.md). */
export const DB_NAMES = ['accueil', 'planning', 'referentiel', 'borne'] as const;
export type DbName = (typeof DB_NAMES)[number];

/**
 * A calendar day "YYYY-MM-DD" that exists: month 01–12, day within its month, 29 February of
 * leap years only, years 0001–9999 (the app's day arithmetic goes through `Date.UTC`, and no
 * calendar has a year 0). The structure ddocs test days with the same pattern (`ISO_DAY` in
 * sync-server/ddocs/_shared/structure-prelude.js): a day the app refuses, the server refuses.
 */
export const ISO_DAY =
  /^(?!0000)(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8])))$/;

/**
 * ISO 8601 instant with seconds and an offset or Z, as produced by `Date.prototype.toISOString`,
 * on a day that exists (zod checks the calendar), years 0001–9999 as for days.
 */
export const isoInstant = z.iso.datetime({ offset: true }).regex(/^(?!0000)/, "l'année 0000 n'existe pas");
/** Local wall-clock time "HH:MM". */
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure au format HH:MM');
/** A calendar day "YYYY-MM-DD" that exists (see {@link ISO_DAY}). */
export const isoDay = z.string().regex(ISO_DAY, 'jour au format AAAA-MM-JJ, une date qui existe');

/** Trimmed, non-empty, bounded text: keeps junk and huge payloads out of replicated data. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** The error of an id that does not start as its fields say (the server checks the same). */
export const ID_MISMATCH = { message: "l'identifiant ne correspond pas au document", path: ['_id'] };

/** Fields every replicated document carries. `v` is the schema version of its `type`. */
export const baseDoc = {
  _id: z.string().min(1).max(200),
  _rev: z.string().optional(),
  _deleted: z.boolean().optional(),
  _conflicts: z.array(z.string()).optional(),
  // None, unless the type's schema says which files it carries (see attachments.ts).
  _attachments: attachmentsOf(''),
  v: z.literal(1)
};

/**
 * The readable part of an id, from a name: "PC portable n° 3" → "pc-portable-n-3", "Chloé
 * Martin" → "chloe-martin". `fallback` when nothing of the name is left.
 */
export function slugOf(label: string, fallback: string): string {
  const slug = label
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return slug || fallback;
}
