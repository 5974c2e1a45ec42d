import { z } from 'zod';

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

/** ISO 8601 instant with offset or Z, as produced by `Date.prototype.toISOString`. */
export const isoInstant = z.iso.datetime({ offset: true });
/** Local wall-clock time "HH:MM". */
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure au format HH:MM');
/** A calendar day "YYYY-MM-DD". */
export const isoDay = z.iso.date();

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
  _attachments: z.record(z.string(), z.unknown()).optional(),
  v: z.literal(1)
};
