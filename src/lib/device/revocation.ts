import { z } from 'zod';
import type { DbName } from '$lib/domain/common';
import { DB_NAMES } from '$lib/domain/common';
import type { HandoverRow, ReadModel } from '$lib/db/read-model';
import type { LocalDb } from '$lib/db/pouch';

/**
 * What a revoked tablet does with its data. Revocation means the device is lost, stolen or
 * retired: everything personal it holds goes (visits, appointments, receipts, queue…), at once
 * and for good. Only the changes the server never received are kept, as they were written, so
 * that a coordinator can take them over from an exported file: they exist nowhere else.
 */

/**
 * Copies every unsent change into the device-local handover table. Run before the local
 * databases are destroyed; attachments (signatures, photos) go inline, since the file must
 * stand on its own.
 */
export async function keepUnsent(rm: ReadModel, dbs: Partial<Record<DbName, LocalDb>>, now = new Date()): Promise<number> {
  const pending = await rm.pending.toArray();
  const kept: HandoverRow[] = [];
  for (const p of pending) {
    const db = dbs[p.db];
    if (!db) continue;
    try {
      const doc = (await db.get(p.docId, { rev: p.rev, attachments: true })) as { _id: string } & Record<string, unknown>;
      kept.push({ key: `${p.db}/${p.docId}`, db: p.db, doc, at: now.toISOString() });
    } catch (err) {
      // A revision compacted away or a deletion: nothing left to hand over, say so in the log.
      console.warn(`[revocation] unsent ${p.db}/${p.docId}@${p.rev} could not be read`, err);
    }
  }
  await rm.handover.bulkPut(kept);
  return kept.length;
}

/**
 * Empties the read model of everything but the enrolment and the handover: the projected
 * tables (every copy of personal data), the queue of pending writes (now in the handover),
 * checkpoints, quarantine and the device-local state (last adviser, shift, PIN attempts).
 */
export async function wipeReadModel(rm: ReadModel): Promise<void> {
  const keep = new Set<string>([rm.enrolment.name, rm.handover.name]);
  await Promise.all(rm.tables.filter((t) => !keep.has(t.name)).map((t) => t.clear()));
}

/** The file a coordinator receives: this tablet's unsent changes, as they were written. */
export const handoverFile = z.object({
  format: z.literal('accueil-handover'),
  v: z.literal(1),
  device: z.string().min(1).max(80),
  site: z.string().min(1).max(20),
  exportedAt: z.iso.datetime({ offset: true }),
  changes: z
    .array(z.object({ db: z.enum(DB_NAMES), doc: z.object({ _id: z.string().min(1).max(200) }).passthrough() }))
    .max(100_000)
});
export type HandoverFile = z.infer<typeof handoverFile>;

export async function handoverExport(rm: ReadModel, device: { name: string; site: string }, now = new Date()): Promise<HandoverFile> {
  const rows = await rm.handover.toArray();
  return {
    format: 'accueil-handover',
    v: 1,
    device: device.name,
    site: device.site,
    exportedAt: now.toISOString(),
    changes: rows.map((r) => ({ db: r.db, doc: r.doc }))
  };
}

export interface HandoverImport {
  written: number;
  refused: { id: string; reason: string }[];
}

/**
 * A coordinator takes over a revoked tablet's unsent changes: each document is validated as
 * any write is, and written over the coordinator's current copy (the revoked tablet's change
 * is the newer one: the server never saw it). Documents of a database this device does not
 * hold are refused with a reason, never dropped silently.
 */
export async function importHandover(
  store: { put(db: DbName, doc: { _id: string } & Record<string, unknown>): Promise<string>; get<T>(db: DbName, id: string): Promise<(T & { _rev: string }) | null>; dbs: Partial<Record<DbName, unknown>> },
  file: HandoverFile
): Promise<HandoverImport> {
  const result: HandoverImport = { written: 0, refused: [] };
  for (const { db, doc } of file.changes) {
    const { _rev: _r, _revisions: _v, _conflicts: _c, ...body } = doc as Record<string, unknown> & { _id: string };
    if (!store.dbs[db]) {
      result.refused.push({ id: doc._id, reason: `base ${db} absente de cet appareil` });
      continue;
    }
    try {
      const current = await store.get<Record<string, unknown>>(db, doc._id);
      await store.put(db, current ? { ...body, _id: doc._id, _rev: current._rev } : { ...body, _id: doc._id });
      result.written++;
    } catch (err) {
      result.refused.push({ id: doc._id, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
