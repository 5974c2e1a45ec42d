import type { LocalStore } from '$lib/db/store';
import type { ReadModel, VisitRow } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';
import type { VisitDoc } from '$lib/domain/visit';
import { updateVisit, type Actor } from '$lib/visitors/repo';

/** Kiosk arrivals of a building not yet admitted at the door, by visit id. */
export async function waitingVisitsById(rm: ReadModel, site: SiteCode): Promise<Record<string, VisitRow>> {
  const rows = await rm.visits.where('[location+status]').equals([site, 'waiting']).toArray();
  return Object.fromEntries(rows.map((v) => [v.id, v]));
}

/**
 * Admits a kiosk arrival after the Vigipirate check: records the filtering facts (identity
 * checked, who opened the door and when), which moves the visit to the present list. A refusal
 * records its reason instead.
 */
export function admitVisit(store: LocalStore, id: string, actor: Actor, check: { idChecked: boolean; refusedReason?: string }, now = new Date()): Promise<VisitDoc> {
  const vigipirate = { idChecked: check.idChecked, doorOpenedBy: actor.adviser || actor.device, doorOpenedAt: now.toISOString(), ...(check.refusedReason ? { refusedReason: check.refusedReason } : {}) };
  return updateVisit(store, id, { vigipirate }, actor, now);
}

/**
 * Records the consent a kiosk visitor who could not sign gave to the adviser: when and by whom.
 * Recorded once (a second tap keeps the first).
 */
export async function recordConsent(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<VisitDoc> {
  const current = await store.get<VisitDoc>('accueil', id);
  if (!current) throw new Error(`visit ${id} not found`);
  if (current.consentRecordedAt) return current;
  return updateVisit(store, id, { consentRecordedAt: now.toISOString(), consentRecordedBy: actor.adviser || actor.device }, actor, now);
}
