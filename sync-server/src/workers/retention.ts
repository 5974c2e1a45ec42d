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

type Row<T> = { id: string; value: { rev: string }; doc?: T & { _conflicts?: string[] } };

/** Every row of an id prefix, with the bodies and their conflicting revisions, a page at a time. */
async function docsWithPrefix<T>(client: CouchClient, db: string, prefix: string): Promise<Row<T>[]> {
  const rows: Row<T>[] = [];
  const key = (k: string) => encodeURIComponent(JSON.stringify(k));
  for (;;) {
    const from = rows.length ? `startkey=${key(rows[rows.length - 1]!.id)}&skip=1` : `startkey=${key(prefix)}`;
    const page = await client.get<{ rows: Row<T>[] }>(`/${db}/_all_docs?${from}&endkey=${key(`${prefix}\ufff0`)}&limit=500&include_docs=true&conflicts=true`);
    rows.push(...page.rows);
    if (page.rows.length < 500) return rows;
  }
}

/** The revisions that delete a document whole: its winner and any conflicting branch left. */
const everyLeaf = <T>(r: Row<T>) => [r.value.rev, ...(r.doc?._conflicts ?? [])].map((rev) => ({ id: r.id, rev }));

/**
 * Loans of equipment name a staff member: a loan returned before the cut-off goes, with the
 * conflict records about it; a loan still out stays, however old. Loan ids hold no date
 * (`loan:<site>:<uuid>`), so the building's loans are read with their bodies: they are few,
 * since returned ones are purged. Conflict records older than the cut-off whose loan is gone
 * go too, so a run interrupted between the two deletions leaves nothing behind.
 */
async function expiredLoans(client: CouchClient, cutoffIso: string): Promise<{ id: string; rev: string }[]> {
  const cutoff = Date.parse(cutoffIso);
  const expired: { id: string; rev: string }[] = [];
  for (const site of SITE_CODES) {
    const loans = await docsWithPrefix<{ returnedAt?: string }>(client, 'accueil', `loan:${site}:`);
    const returnedBefore = (r: (typeof loans)[number]) => r.doc?.returnedAt !== undefined && Date.parse(r.doc.returnedAt) < cutoff;
    const kept = new Set(loans.filter((r) => !returnedBefore(r)).map((r) => r.id));
    expired.push(...loans.filter(returnedBefore).flatMap(everyLeaf));
    // `conflict:<loan id>:<discarded rev>`: the loan id is everything before the last colon.
    const conflicts = await docsWithPrefix<{ detectedAt?: string }>(client, 'accueil', `conflict:loan:${site}:`);
    for (const c of conflicts) {
      const loanId = c.id.slice('conflict:'.length, c.id.lastIndexOf(':'));
      if (!kept.has(loanId) && Date.parse(c.doc?.detectedAt ?? '') < cutoff) expired.push(...everyLeaf(c));
    }
  }
  return expired;
}

/**
 * Shifts say when a member of staff worked where: an ended shift older than the period goes.
 * Their ids hold the device before the time, so a building's shifts are read with their bodies
 * (a few per adviser and day). A shift never closed (a tablet lost mid-shift) goes once it
 * started before the cut-off.
 */
async function expiredShifts(client: CouchClient, cutoffIso: string): Promise<{ id: string; rev: string }[]> {
  const cutoff = Date.parse(cutoffIso);
  const expired: { id: string; rev: string }[] = [];
  for (const site of SITE_CODES) {
    const shifts = await docsWithPrefix<{ startedAt?: string; endedAt?: string }>(client, 'accueil', `shift:${site}:`);
    expired.push(...shifts.filter((r) => Date.parse(r.doc?.endedAt ?? r.doc?.startedAt ?? '') < cutoff).flatMap(everyLeaf));
  }
  return expired;
}

/**
 * Deletes every visitor record, conflict record about a visit and kiosk check-in older than the
 * retention period, the loans of equipment returned before it and the shifts ended before it, then compacts the databases
 * so the bodies are gone from disk, not hidden.
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
  const leaves = [...(await expiredLoans(client, cutoff)), ...(await expiredShifts(client, cutoff))];
  for (let i = 0; i < leaves.length; i += 500) {
    await client.post('/accueil/_bulk_docs', { docs: leaves.slice(i, i + 500).map((r) => ({ _id: r.id, _rev: r.rev, _deleted: true })) });
  }
  const purgedDocs = new Set(leaves.map((l) => l.id)).size;
  if (purgedDocs) deleted.accueil = (deleted.accueil ?? 0) + purgedDocs;
  for (const db of Object.keys(deleted)) await client.post(`/${db}/_compact`, {});
  return { deleted };
}
