import type { ReadModel } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';
import { overdueLoans } from '$lib/equipment/queries';
import { waitingVisitsById } from '$lib/queue/admission';
import { expectedVisits } from '$lib/visitors/queries';

/** What a navigation badge counts: things an adviser must act on, wherever they are. */
export type CountId = 'kiosk' | 'expected' | 'overdue';

export type Counts = Record<CountId, number>;

export const NO_COUNTS: Counts = { kiosk: 0, expected: 0, overdue: 0 };

/**
 * Every badge's count for a building, in one querier for `useLive`: Dexie re-runs it when
 * the visits or loans change. `now` decides which loans are late, so the caller re-creates
 * the querier as time passes.
 */
export async function navCounts(rm: ReadModel, site: SiteCode, now: Date): Promise<Counts> {
  const [kiosk, expected, overdue] = await Promise.all([
    waitingVisitsById(rm, site).then((byId) => Object.keys(byId).length),
    expectedVisits(rm, site).then((rows) => rows.length),
    overdueLoans(rm, site, now).then((rows) => rows.length)
  ]);
  return { kiosk, expected, overdue };
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The badge's words for screen readers (the badge itself shows the number only). */
export function countText(id: CountId, n: number): string {
  switch (id) {
    case 'kiosk':
      return plural(n, 'arrivée à la borne en attente', 'arrivées à la borne en attente');
    case 'expected':
      return plural(n, 'visiteur attendu de l’autre bâtiment', 'visiteurs attendus de l’autre bâtiment');
    case 'overdue':
      return plural(n, 'prêt en retard', 'prêts en retard');
  }
}
