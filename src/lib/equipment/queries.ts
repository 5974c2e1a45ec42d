import type { EquipmentRow, LoanRow, ReadModel } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';
import { EQUIPMENT_KINDS, isOverdue } from '$lib/domain/equipment';

// Queriers for `useLive`/`liveQuery`: Dexie re-runs them when the tables they read change.

/** An item with the loan it is out on, if any. */
export interface InventoryLine {
  item: EquipmentRow;
  loan: LoanRow | null;
}

/** A loan with the item it lends (undefined while the item has not reached this tablet). */
export interface LoanLine {
  loan: LoanRow;
  item: EquipmentRow | undefined;
}

const byLabel = (a: EquipmentRow, b: EquipmentRow) =>
  EQUIPMENT_KINDS.indexOf(a.kind) - EQUIPMENT_KINDS.indexOf(b.kind) || a.label.localeCompare(b.label, 'fr', { numeric: true });

/** Loans of a building not yet returned, first due first. */
async function outLoans(rm: ReadModel, site: SiteCode): Promise<LoanRow[]> {
  const rows = await rm.loans.where('[site+out]').equals([site, 1]).toArray();
  return rows.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/**
 * The building's items, by kind then label ("n° 2" before "n° 10"), retired ones included,
 * each with its current loan. Should two tablets have lent one item while apart, the latest
 * loan is shown here; the loans in progress list both.
 */
export async function inventory(rm: ReadModel, site: SiteCode): Promise<InventoryLine[]> {
  const [items, loans] = await Promise.all([rm.equipment.where('site').equals(site).toArray(), outLoans(rm, site)]);
  const current = new Map<string, LoanRow>();
  for (const l of loans) {
    const kept = current.get(l.equipmentId);
    if (!kept || Date.parse(l.lentAt) > Date.parse(kept.lentAt)) current.set(l.equipmentId, l);
  }
  return items.sort(byLabel).map((item) => ({ item, loan: current.get(item.id) ?? null }));
}

/** Loans of a building in progress, with their items, first due first. */
export async function openLoans(rm: ReadModel, site: SiteCode): Promise<LoanLine[]> {
  const loans = await outLoans(rm, site);
  const items = await rm.equipment.bulkGet(loans.map((l) => l.equipmentId));
  return loans.map((loan, n) => ({ loan, item: items[n] }));
}

/** The lines of loans past their due time at `now`, the most overdue first. */
export function onlyOverdue(lines: LoanLine[], now: Date): LoanLine[] {
  return lines.filter((l) => isOverdue(l.loan, now)).sort((a, b) => Date.parse(a.loan.dueAt) - Date.parse(b.loan.dueAt));
}

/** Loans of a building past their due time, the most overdue first. */
export async function overdueLoans(rm: ReadModel, site: SiteCode, now: Date): Promise<LoanLine[]> {
  return onlyOverdue(await openLoans(rm, site), now);
}

/** Every loan of an item this tablet holds, the latest first. */
export async function itemHistory(rm: ReadModel, equipmentId: string): Promise<LoanRow[]> {
  const rows = await rm.loans.where('equipmentId').equals(equipmentId).toArray();
  return rows.sort((a, b) => Date.parse(b.lentAt) - Date.parse(a.lentAt));
}
