import { SITE_CODES } from '../../../src/lib/domain/common';
import { parisDay } from '../../../src/lib/domain/dates';
import type { CouchClient } from '../couch-client';

/**
 * Visitor records and kiosk check-ins are kept three months by default: the CNIL's guidance
 * for visitor logs. Configurable with RETENTION_DAYS.
 */
export const DEFAULT_RETENTION_DAYS = 92;
// A type purged here also goes in PERSONAL_ID_PREFIXES (src/lib/domain/retention.ts): tablets
// compact their copy when its deletion arrives.

/**
 * The id ranges that hold personal data and start with the ISO instant of the fact
 * (`visit:<site>:<arrivedAt>:…`, `checkin:<site>:<createdAt>:…`): "older than the cut-off" is a
 * key range, not a scan. Conflict records about a visit repeat the visit's id after `conflict:`.
 */
function expiredRanges(cutoffIso: string): { db: string; start: string; end: string }[] {
  return SITE_CODES.flatMap((site) => [
    { db: 'accueil', start: `visit:${site}:`, end: `visit:${site}:${cutoffIso}` },
    { db: 'accueil', start: `conflict:visit:${site}:`, end: `conflict:visit:${site}:${cutoffIso}` },
    { db: 'borne', start: `checkin:${site}:`, end: `checkin:${site}:${cutoffIso}` }
  ]);
}

/**
 * Queue tickets point at visits and calls repeat their numbers: they go with them. Their ids
 * hold the Paris day (`ticket:<site>:<day>:…`), not the instant, so a range would purge up to a
 * day early or late: the days before the cut-off's Paris day go by range, and the cut-off's own
 * day is read with its bodies and goes by `issuedAt`, to the hour like the visits.
 */
const DAY_KEYED: { db: string; prefix: (site: string) => string }[] = [
  { db: 'accueil', prefix: (site) => `ticket:${site}:` },
  { db: 'planning', prefix: (site) => `call:${site}:` }
];

/** The Paris day of the cut-off, and its tickets and calls issued before the cut-off instant. */
async function expiredOfCutoffDay(client: CouchClient, cutoffIso: string): Promise<{ db: string; leaves: { id: string; rev: string }[] }[]> {
  const day = parisDay(cutoffIso);
  const cutoff = Date.parse(cutoffIso);
  const out: { db: string; leaves: { id: string; rev: string }[] }[] = [];
  for (const { db, prefix } of DAY_KEYED) {
    for (const site of SITE_CODES) {
      const rows = await docsWithPrefix<{ issuedAt?: string }>(client, db, `${prefix(site)}${day}:`);
      out.push({ db, leaves: rows.filter((r) => Date.parse(r.doc?.issuedAt ?? '') < cutoff).flatMap(everyLeaf) });
    }
  }
  return out;
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

/** Conflict records about the other purged types: they repeat field values (who called, who worked). */
const CONFLICTS_OF: { db: string; type: string }[] = [
  { db: 'accueil', type: 'ticket' },
  { db: 'planning', type: 'call' },
  { db: 'accueil', type: 'shift' }
];

/**
 * Conflict records about a ticket, a call or a shift, detected before the cut-off, whose
 * document is gone (purged by this run or an earlier one): a record outlives nothing it is about.
 */
async function orphanConflicts(client: CouchClient, cutoffIso: string): Promise<{ db: string; leaves: { id: string; rev: string }[] }[]> {
  const cutoff = Date.parse(cutoffIso);
  const out: { db: string; leaves: { id: string; rev: string }[] }[] = [];
  for (const { db, type } of CONFLICTS_OF) {
    for (const site of SITE_CODES) {
      const records = (await docsWithPrefix<{ docId?: string; detectedAt?: string }>(client, db, `conflict:${type}:${site}:`)).filter(
        (r) => Date.parse(r.doc?.detectedAt ?? '') < cutoff
      );
      if (!records.length) continue;
      const keys = [...new Set(records.map((r) => r.doc?.docId ?? ''))];
      const found = await client.post<{ rows: { key: string; value?: { deleted?: boolean } }[] }>(`/${db}/_all_docs`, { keys });
      const alive = new Set(found.rows.filter((r) => r.value && !r.value.deleted).map((r) => r.key));
      out.push({ db, leaves: records.filter((r) => !alive.has(r.doc?.docId ?? '')).flatMap(everyLeaf) });
    }
  }
  return out;
}

/**
 * Deletes every visitor record, conflict record about a visit, kiosk check-in, queue ticket and
 * display call older than the retention period (to the hour: see {@link DAY_KEYED}), the loans
 * of equipment returned before it and the shifts ended before it, and the conflict records
 * about those, then compacts the databases so the bodies are gone from disk, not hidden (the
 * embedded server's `_compact` compacts LevelDB too; on CouchDB, {@link compactAndWait}).
 * Deletions replicate to the tablets, whose read models drop the rows and whose compaction
 * drops the bodies. Ids carry no personal data, so the tombstones left behind hold none.
 */
export async function purgeExpired(client: CouchClient, now: Date, retentionDays = DEFAULT_RETENTION_DAYS): Promise<PurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const deleted: Record<string, number> = {};
  // Whole days before the cut-off's Paris day: `<prefix><day>` sorts after every id of the days
  // before and before every id of that day.
  const dayRanges = DAY_KEYED.flatMap(({ db, prefix }) => SITE_CODES.map((site) => ({ db, start: prefix(site), end: `${prefix(site)}${parisDay(cutoff)}` })));
  for (const { db, start, end } of [...expiredRanges(cutoff), ...dayRanges]) {
    for (;;) {
      const q = `startkey=${encodeURIComponent(JSON.stringify(start))}&endkey=${encodeURIComponent(JSON.stringify(end))}&limit=500`;
      const page = await client.get<{ rows: { id: string; value: { rev: string } }[] }>(`/${db}/_all_docs?${q}`);
      if (page.rows.length === 0) break;
      await client.post(`/${db}/_bulk_docs`, { docs: page.rows.map((r) => ({ _id: r.id, _rev: r.value.rev, _deleted: true })) });
      deleted[db] = (deleted[db] ?? 0) + page.rows.length;
      // No early exit on a short page: a document with conflicting branches shows again with
      // the next branch as winner, and goes in the next round.
    }
  }
  for (const { db, leaves } of await expiredOfCutoffDay(client, cutoff)) {
    if (!leaves.length) continue;
    await client.post(`/${db}/_bulk_docs`, { docs: leaves.map((r) => ({ _id: r.id, _rev: r.rev, _deleted: true })) });
    deleted[db] = (deleted[db] ?? 0) + new Set(leaves.map((l) => l.id)).size;
  }
  const leaves = [...(await expiredLoans(client, cutoff)), ...(await expiredShifts(client, cutoff))];
  for (let i = 0; i < leaves.length; i += 500) {
    await client.post('/accueil/_bulk_docs', { docs: leaves.slice(i, i + 500).map((r) => ({ _id: r.id, _rev: r.rev, _deleted: true })) });
  }
  const purgedDocs = new Set(leaves.map((l) => l.id)).size;
  if (purgedDocs) deleted.accueil = (deleted.accueil ?? 0) + purgedDocs;
  for (const { db, leaves: orphans } of await orphanConflicts(client, cutoff)) {
    if (!orphans.length) continue;
    await client.post(`/${db}/_bulk_docs`, { docs: orphans.map((r) => ({ _id: r.id, _rev: r.rev, _deleted: true })) });
    deleted[db] = (deleted[db] ?? 0) + new Set(orphans.map((l) => l.id)).size;
  }
  for (const db of Object.keys(deleted)) await compactAndWait(client, db);
  return { deleted };
}

/** How long a compaction is waited for before the purge reports back (it carries on anyway). */
const COMPACTION_WAIT_MS = 30 * 60_000;
const COMPACTION_POLL_MS = 500;

/**
 * Compacts a database and its view indexes, and waits until CouchDB has finished: its
 * `_compact` only starts the work (202), and until it is done the purged bodies are still in the
 * shard files. Done means `compact_running` false twice in a row with no compaction of this
 * database in `_active_tasks` (twice: a compaction just asked for may not show yet). The
 * embedded server answers `_compact` once done, LevelDB included, and has no `_active_tasks`.
 * Views emit ids and types only, but their old index files go too (`_view_cleanup`).
 */
export async function compactAndWait(client: CouchClient, db: string): Promise<void> {
  await client.post(`/${db}/_compact`, {});
  const range = `startkey=${encodeURIComponent('"_design/"')}&endkey=${encodeURIComponent('"_design0"')}&include_docs=true`;
  const ddocs = await client.get<{ rows: { id: string; doc?: { views?: object } }[] }>(`/${db}/_all_docs?${range}`);
  for (const row of ddocs.rows.filter((r) => r.doc?.views)) {
    // Not served by the embedded server (its view indexes are LevelDB stores compacted with the database).
    await client.request('POST', `/${db}/_compact/${encodeURIComponent(row.id.slice('_design/'.length))}`, {});
  }
  await client.request('POST', `/${db}/_view_cleanup`, {});
  const deadline = Date.now() + COMPACTION_WAIT_MS;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    const info = await client.get<{ compact_running?: boolean }>(`/${db}`);
    const tasks = await client.request<{ type?: string; database?: string }[]>('GET', '/_active_tasks');
    const ours = Array.isArray(tasks.body) && tasks.body.some((t) => /compaction/.test(t.type ?? '') && (t.database ?? '').includes(db));
    if (info.compact_running !== true && !ours) quiet++;
    else quiet = 0;
    if (info.compact_running === undefined && tasks.status === 404) return;
    if (quiet < 2) await new Promise((r) => setTimeout(r, COMPACTION_POLL_MS));
  }
}
