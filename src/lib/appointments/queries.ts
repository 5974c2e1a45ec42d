import type { AppointmentRow, ReadModel, ServiceRow } from '$lib/db/read-model';
import type { AppointmentSettings } from '$lib/domain/appointment';
import { parisDay } from '$lib/domain/dates';
import { addDays } from '$lib/domain/holidays';
import { closedReason, slotsOfDay, type Slot } from '$lib/domain/slots';

// Queriers for `useLive`/`liveQuery` and the pure shaping of the agenda.

/** Services that take appointments, by name. */
export async function bookableServices(rm: ReadModel): Promise<(ServiceRow & { appointments: AppointmentSettings })[]> {
  const all = await rm.services.toArray();
  return all
    .filter((s): s is ServiceRow & { appointments: AppointmentSettings } => !!s.appointments)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** A service's appointments from `fromDay` for `days` days (both Paris days). */
export function appointmentsBetween(rm: ReadModel, serviceId: string, fromDay: string, days: number): Promise<AppointmentRow[]> {
  return rm.appointments
    .where('[serviceId+day]')
    .between([serviceId, fromDay], [serviceId, addDays(fromDay, days - 1)], true, true)
    .sortBy('start');
}

export interface SeatView {
  seat: number;
  /** The live booking of the seat; a cancelled one leaves the seat free. */
  booking: AppointmentRow | null;
}
export interface SlotView extends Slot {
  seats: SeatView[];
  free: number;
}
export interface DayView {
  day: string;
  closed: string | null;
  slots: SlotView[];
  /** Bookings whose slot no longer exists (settings changed): still shown, never lost. */
  orphans: AppointmentRow[];
}

/** The agenda of one day: each slot with its seats, free or held. */
export function dayView(settings: AppointmentSettings, day: string, rows: AppointmentRow[]): DayView {
  const byStart = new Map<string, AppointmentRow[]>();
  for (const r of rows.filter((r) => r.day === day)) byStart.set(r.start, [...(byStart.get(r.start) ?? []), r]);
  const slots = slotsOfDay(settings, day).map((slot) => {
    const here = byStart.get(slot.start) ?? [];
    byStart.delete(slot.start);
    const capacity = Math.max(slot.capacity, ...here.map((r) => r.seat));
    const seats = Array.from({ length: capacity }, (_, i) => {
      const booking = here.find((r) => r.seat === i + 1 && r.status !== 'cancelled') ?? null;
      return { seat: i + 1, booking };
    });
    return { ...slot, seats, free: seats.filter((s) => !s.booking).length };
  });
  const orphans = [...byStart.values()].flat().filter((r) => r.status !== 'cancelled');
  return { day, closed: closedReason(settings, day), slots, orphans };
}

/** Days of the week of `monday` with their counts, for the week view. */
export function weekView(settings: AppointmentSettings, monday: string, rows: AppointmentRow[]): { day: string; closed: string | null; seats: number; booked: number; conflicts: number }[] {
  return Array.from({ length: 7 }, (_, i) => {
    const v = dayView(settings, addDays(monday, i), rows);
    const seats = v.slots.reduce((n, s) => n + s.seats.length, 0);
    const held = v.slots.flatMap((s) => s.seats.filter((x) => x.booking).map((x) => x.booking!));
    return { day: v.day, closed: v.closed, seats, booked: held.length, conflicts: held.filter((b) => b.conflicted === 1).length };
  });
}

/**
 * The first slot with a free seat from `fromStart` on (today's past slots excluded), within the
 * booking horizon: where a double-booked person is offered to go.
 */
export async function nextFreeSlot(rm: ReadModel, service: { _id: string; appointments: AppointmentSettings }, fromStart: string, now = new Date()): Promise<SlotView | null> {
  const settings = service.appointments;
  const today = parisDay(now);
  const first = parisDay(fromStart) < today ? today : parisDay(fromStart);
  const last = addDays(today, settings.horizonDays);
  const rows = await appointmentsBetween(rm, service._id, first, Math.max(1, daysBetween(first, last) + 1));
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const slot = dayView(settings, day, rows).slots.find((s) => s.free > 0 && s.start >= fromStart && Date.parse(s.start) > now.getTime());
    if (slot) return slot;
  }
  return null;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
