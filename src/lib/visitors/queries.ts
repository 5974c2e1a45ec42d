import type { ReadModel, ServiceRow, VisitRow } from '$lib/db/read-model';
import { foldText } from '$lib/db/projection';
import type { SiteCode } from '$lib/domain/common';

// Queriers for `useLive`/`liveQuery`: Dexie re-runs them when the tables they read change.

/** People in a building now (registered there, or received from the other one), earliest arrival first. */
export function presentVisits(rm: ReadModel, site: SiteCode): Promise<VisitRow[]> {
  return rm.visits.where('[location+status]').equals([site, 'present']).sortBy('arrivedAt');
}

/** Visitors the other building sent here and who have not been received yet. */
export function expectedVisits(rm: ReadModel, site: SiteCode): Promise<VisitRow[]> {
  return rm.visits.where('[location+status]').equals([site, 'expected']).sortBy('arrivedAt');
}

/** How many people are in each building now. */
export async function presentCounts(rm: ReadModel): Promise<Record<SiteCode, number>> {
  return {
    curial: await rm.visits.where('[location+status]').equals(['curial', 'present']).count(),
    hdv: await rm.visits.where('[location+status]').equals(['hdv', 'present']).count()
  };
}

/** Service id → name, to show names in lists. */
export async function serviceNames(rm: ReadModel): Promise<Record<string, string>> {
  return Object.fromEntries((await rm.services.toArray()).map((s) => [s.id, s.name]));
}

/** Services matching what the adviser types, accent- and case-insensitive, every word must match. */
export async function searchServices(rm: ReadModel, query: string, limit = 8): Promise<ServiceRow[]> {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  const all = await rm.services.toArray();
  return all
    .filter((s) => words.every((w) => s.searchText.includes(w)))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .slice(0, limit);
}

/** A refused entry as the coordinator sees it: the door's facts, not the visitor. */
export interface Refusal {
  id: string;
  site: SiteCode;
  at: string;
  reason: string;
  refusedBy: string;
}

/**
 * The day's refused entries (Vigipirate) of the given buildings, earliest first, from the local
 * read model (so offline too). Only what the review needs: no name, no organisation.
 */
export async function refusalsOfDay(rm: ReadModel, sites: readonly SiteCode[], day: string): Promise<Refusal[]> {
  const rows = (await Promise.all(sites.map((s) => rm.visits.where('[site+day]').equals([s, day]).toArray()))).flat();
  return rows
    .filter((v) => v.status === 'refused' && v.vigipirate)
    .map((v) => ({ id: v.id, site: v.site, at: v.vigipirate!.doorOpenedAt, reason: v.vigipirate!.refusedReason ?? '', refusedBy: v.vigipirate!.doorOpenedBy }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
