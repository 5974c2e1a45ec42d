import type { EquipmentRow, LoanRow } from '$lib/db/read-model';
import { parisDay, parisTime } from '$lib/domain/dates';
import { isOverdue } from '$lib/domain/equipment';
import { durationFr } from '$lib/ui/format';

const dayOfWeek = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
const dayWithYear = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** The due day of a loan relative to now, Paris time: today, tomorrow or a date. */
function dueDay(dueAt: string, now: Date): 'today' | 'tomorrow' | string {
  const day = parisDay(dueAt);
  if (day === parisDay(now)) return 'today';
  if (day === parisDay(now.getTime() + 86_400_000)) return 'tomorrow';
  const noon = new Date(`${day}T12:00:00Z`);
  return day.slice(0, 4) === parisDay(now).slice(0, 4) ? dayOfWeek.format(noon) : dayWithYear.format(noon);
}

/** When a loan is due, as advisers say it: "aujourd'hui à 17:00", "demain à 17:00", "jeudi 12 juin à 17:00". */
export function dueText(dueAt: string, now: Date): string {
  const day = dueDay(dueAt, now);
  const time = parisTime(dueAt);
  if (day === 'today') return `aujourd'hui à ${time}`;
  if (day === 'tomorrow') return `demain à ${time}`;
  return `${day} à ${time}`;
}

/** "jusqu'à 17:00" (today), "jusqu'à demain 17:00", "jusqu'au jeudi 12 juin à 17:00". */
export function untilText(dueAt: string, now: Date): string {
  const day = dueDay(dueAt, now);
  const time = parisTime(dueAt);
  if (day === 'today') return `jusqu'à ${time}`;
  if (day === 'tomorrow') return `jusqu'à demain ${time}`;
  return `jusqu'au ${day} à ${time}`;
}

/** "12/06/2025 17:00" of an instant, Paris time, for the history table. */
export function shortInstant(iso: string): string {
  const [y, m, d] = parisDay(iso).split('-');
  return `${d}/${m}/${y} ${parisTime(iso)}`;
}

export type ItemState = 'available' | 'lent' | 'overdue' | 'retired';

/** The state of an item and how the inventory says it. */
export function itemState(item: EquipmentRow, loan: LoanRow | null, now: Date): { state: ItemState; text: string } {
  if (loan && isOverdue(loan, now)) return { state: 'overdue', text: `En retard depuis ${durationFr(loan.dueAt, now)} (${loan.agent})` };
  if (loan) return { state: 'lent', text: `Prêté à ${loan.agent} ${untilText(loan.dueAt, now)}` };
  if (item.retired) return { state: 'retired', text: 'Retiré' };
  return { state: 'available', text: 'Disponible' };
}
