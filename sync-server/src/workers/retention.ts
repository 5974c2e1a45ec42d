import { SITE_CODES } from '../../../src/lib/domain/common';
import type { CouchClient } from '../couch-client';

/**
 * Visitor records and kiosk check-ins are kept three months by default: the CNIL's guidance
 * for visitor logs. Configurable with RETENTION_DAYS.
 */
export const DEFAULT_RETENTION_DAYS = 92;

/**
 * The id ranges that hold personal data, per database. Ids start with the building and the
 * ISO time of the fact (`visit:<site>:<arrivedAt>:…`), so "older than the cut-off" is a key
 * range, not a scan; conflict records about a visit repeat the visit's id after `conflict:`.
 */
function expiredRanges(cutoffIso: string): { db: string; start: string; end: string }[] {
  return SITE_CODES.flatMap((site) => [
    { db: 'accueil', start: `visit:${site}:`, end: `visit:${site}:${cutoffIso}` },
    { db: 'accueil', start: `conflict:visit:${site}:`, end: `conflict:visit:${site}:${cutoffIso}` },
    { db: 'borne', start: `checkin:${site}:`, end: `checkin:${site}:${cutoffIso}` },
    // Queue tickets point at visits and calls repeat their numbers: they go with them. Their ids
    // hold the Paris day, which sorts against the ISO cut-off like the instants above.
    { db: 'accueil', start: `ticket:${site}:`, end: `ticket:${site}:${cutoffIso}` },
    { db: 'planning', start: `call:${site}:`, end: `call:${site}:${cutoffIso}` }
  ]);
}

export interface PurgeResult {
  deleted: Record<string, number>;
}

/**
 * Deletes every visitor record, conflict record about a visit and kiosk check-in older than the
 * retention period, then compacts the databases so the bodies are gone from disk, not hidden.
 * Deletions replicate to the tablets, whose read models drop the rows and whose compaction
 * drops the bodies. Ids carry no personal data, so the tombstones left behind hold none.
 */
export async function purgeExpired(client: CouchClient, now: Date, retentionDays = DEFAULT_RETENTION_DAYS): Promise<PurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const deleted: Record<string, number> = {};
  for (const { db, start, end } of expiredRanges(cutoff)) {
    for (;;) {
      const q = `startkey=${encodeURIComponent(JSON.stringify(start))}&endkey=${encodeURIComponent(JSON.stringify(end))}&limit=500`;
      const page = await client.get<{ rows: { id: string; value: { rev: string } }[] }>(`/${db}/_all_docs?${q}`);
      if (page.rows.length === 0) break;
      await client.post(`/${db}/_bulk_docs`, { docs: page.rows.map((r) => ({ _id: r.id, _rev: r.value.rev, _deleted: true })) });
      deleted[db] = (deleted[db] ?? 0) + page.rows.length;
      if (page.rows.length < 500) break;
    }
  }
  for (const db of Object.keys(deleted)) await client.post(`/${db}/_compact`, {});
  return { deleted };
}
