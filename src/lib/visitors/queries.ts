import { liveQuery, type Observable } from 'dexie';
import type { ReadModel, ServiceRow, VisitRow } from '$lib/db/read-model';
import { foldText } from '$lib/db/projection';
import type { SiteCode } from '$lib/domain/common';

/** People in a building now, earliest arrival first. */
export function presentVisits(rm: ReadModel, site: SiteCode): Observable<VisitRow[]> {
  return liveQuery(() => rm.visits.where('[site+status]').equals([site, 'present']).sortBy('arrivedAt'));
}

/** How many people are in each building now. */
export function presentCounts(rm: ReadModel): Observable<Record<SiteCode, number>> {
  return liveQuery(async () => ({
    curial: await rm.visits.where('[site+status]').equals(['curial', 'present']).count(),
    hdv: await rm.visits.where('[site+status]').equals(['hdv', 'present']).count()
  }));
}

/** Services matching what the adviser types, accent- and case-insensitive, every word must match. */
export async function searchServices(rm: ReadModel, query: string, limit = 8): Promise<ServiceRow[]> {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  const all = await rm.services.orderBy('name').toArray();
  return all.filter((s) => words.every((w) => s.searchText.includes(w))).slice(0, limit);
}
