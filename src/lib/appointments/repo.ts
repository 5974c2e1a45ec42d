import { revGen } from '$lib/domain/merge';
import type { LocalStore } from '$lib/db/store';
import {
  appointmentDoc,
  appointmentId,
  appointmentVisitId,
  type AppointmentDoc,
  type AppointmentSettings,
  type AppointmentStatus
} from '$lib/domain/appointment';
import type { ServiceDoc } from '$lib/domain/reference';
import { slotsOfDay, withinHorizon, type Slot } from '$lib/domain/slots';
import { parisDay } from '$lib/domain/dates';
import { datedCode } from '$lib/domain/appointment-code';
import { registerVisit, type Actor } from '$lib/visitors/repo';
import { bookingForm, type BookingFormInput } from './form';
import { issueTicket } from '$lib/queue/repo';

/** The slot is full, closed, past or beyond the horizon: the adviser picks another one. */
export class SlotUnavailableError extends Error {
  constructor(readonly reason: 'full' | 'not-a-slot' | 'outside-horizon' | 'no-appointments') {
    super(`slot unavailable: ${reason}`);
    this.name = 'SlotUnavailableError';
  }
}

type Service = Pick<ServiceDoc, '_id' | 'site'> & { appointments?: AppointmentSettings };
type Stored = AppointmentDoc & { _rev: string };

/** A seat is free when nobody holds it or its last booking was cancelled. */
const isFree = (doc: AppointmentDoc | null) => !doc || doc.status === 'cancelled';

/** The slot of a service starting at `start`, checked against its settings and horizon. */
export function findSlot(service: Service, start: string, now = new Date()): Slot {
  const settings = service.appointments;
  if (!settings) throw new SlotUnavailableError('no-appointments');
  const day = parisDay(start);
  if (!withinHorizon(settings, day, parisDay(now)) || Date.parse(start) < now.getTime()) throw new SlotUnavailableError('outside-horizon');
  const slot = slotsOfDay(settings, day).find((s) => s.start === new Date(start).toISOString());
  if (!slot) throw new SlotUnavailableError('not-a-slot');
  return slot;
}

/**
 * Books the first free seat of a slot, as this device knows it. The seat's id is deterministic,
 * so a tablet that booked the same seat offline wrote the same document: replication turns the
 * two bookings into a conflict on it, which `resolveConflicts` leaves to an adviser. A seat whose
 * booking was cancelled is rewritten, the cancelled booking kept in `history` without personal data.
 */
export async function bookAppointment(store: LocalStore, service: Service, input: BookingFormInput, actor: Actor, now = new Date()): Promise<Stored> {
  const f = bookingForm.parse(input);
  const slot = findSlot(service, f.start, now);
  for (let seat = 1; seat <= slot.capacity; seat++) {
    const id = appointmentId(service._id, slot.start, seat);
    const current = await store.get<AppointmentDoc>('accueil', id);
    if (!isFree(current)) continue;
    const at = now.toISOString();
    const gen = current ? revGen(current._rev) + 1 : 1;
    const history = current
      ? [...(current.history ?? []), { code: current.code, status: current.status, at: current.updatedAt, by: current.updatedBy }].slice(-50)
      : undefined;
    const doc = appointmentDoc.parse({
      _id: id,
      ...(current ? { _rev: current._rev } : {}),
      type: 'appointment',
      v: 1,
      serviceId: service._id,
      site: service.site,
      start: slot.start,
      end: slot.end,
      seat,
      person: { name: f.name, phone: f.phone, email: f.email },
      reason: f.reason,
      notes: f.notes,
      status: 'booked',
      code: datedCode(slot.start),
      history,
      createdBy: actor.device,
      updatedAt: at,
      updatedBy: actor.device,
      // A rebooked seat is a new booking on an old document: every field counts as set now.
      fieldGen: current ? { person: gen, reason: gen, notes: gen, status: gen, history: gen } : {}
    });
    const rev = await store.put('accueil', doc);
    return { ...doc, _rev: rev };
  }
  throw new SlotUnavailableError('full');
}

async function setStatus(store: LocalStore, id: string, status: AppointmentStatus, actor: Actor, now: Date, extra: Partial<AppointmentDoc> = {}): Promise<Stored> {
  const current = await store.get<AppointmentDoc>('accueil', id);
  if (!current) throw new Error(`appointment ${id} not found`);
  const gen = revGen(current._rev) + 1;
  const fieldGen = { ...current.fieldGen, status: gen, ...(extra.visitId ? { visitId: gen } : {}) };
  const doc = appointmentDoc.parse({ ...current, ...extra, status, fieldGen, updatedAt: now.toISOString(), updatedBy: actor.device });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/** Cancels a booking: the seat is free again (booking it rewrites this document). */
export function cancelAppointment(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<Stored> {
  return setStatus(store, id, 'cancelled', actor, now);
}

/** The person did not come. */
export function markNoShow(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<Stored> {
  return setStatus(store, id, 'no-show', actor, now);
}

/**
 * The person is at the desk: registers their visit (identity checked by the adviser who opens
 * the door) and marks the appointment arrived with the visit's id.
 */
export async function markArrived(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<Stored> {
  const current = await store.get<AppointmentDoc>('accueil', id);
  if (!current) throw new Error(`appointment ${id} not found`);
  const visitId = appointmentVisitId(current);
  // Checked in at a kiosk already: the intake wrote this visit; the desk only marks the arrival.
  if (!(await store.get('accueil', visitId))) {
    await registerVisit(
      store,
      {
        site: current.site,
        visitorName: current.person.name,
        reason: `Rendez-vous ${current.code} : ${current.reason}`.slice(0, 200),
        serviceId: current.serviceId,
        idChecked: true,
        doorOpenedBy: actor.adviser || actor.device
      },
      actor,
      now,
      visitId
    );
    // And a place in the queue, under the seat's ticket id: a kiosk check-in for the same
    // appointment meets the same ids and adds nothing.
    const day = parisDay(now);
    const seat = current._id.slice('appointment:'.length);
    const ticket = `ticket:${current.site}:${day}:rdv:${seat}`;
    if (!(await store.get('accueil', ticket))) {
      await issueTicket(store, current.site, current.serviceId, actor, now, { id: ticket, visitId, appointmentId: current._id });
    }
  }
  return setStatus(store, id, 'arrived', actor, now, { visitId });
}

/** Moving is cancelling and booking again: the new booking is written first, then the old one freed. */
export async function moveAppointment(store: LocalStore, service: Service, id: string, newStart: string, actor: Actor, now = new Date()): Promise<Stored> {
  const current = await store.get<AppointmentDoc>('accueil', id);
  if (!current) throw new Error(`appointment ${id} not found`);
  const { name, phone, email } = current.person;
  const moved = await bookAppointment(store, service, { serviceId: service._id, start: newStart, name, phone, email, reason: current.reason, notes: current.notes }, actor, now);
  await cancelAppointment(store, id, actor, now);
  return moved;
}

/** Every live revision of a seat's document: one, or several when two tablets booked it. */
export async function seatBookings(store: LocalStore, id: string): Promise<Stored[]> {
  const open = (await store.dbs.accueil.get(id, { open_revs: 'all' })) as unknown as { ok?: Stored & { _deleted?: boolean } }[];
  return open
    .map((r) => r.ok)
    .filter((d): d is Stored => !!d && d._deleted !== true)
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a._rev.localeCompare(b._rev));
}

/**
 * Settles a double booking: `keepRev` keeps the seat; every other booking is re-booked on
 * `rebookStart` (another slot of the same service), then its revision is deleted so the seat's
 * document has one live revision again.
 * @returns the new bookings made for the others.
 */
export async function resolveDoubleBooking(store: LocalStore, service: Service, id: string, keepRev: string, rebookStart: string, actor: Actor, now = new Date()): Promise<Stored[]> {
  const bookings = await seatBookings(store, id);
  if (!bookings.some((b) => b._rev === keepRev)) throw new Error(`revision ${keepRev} of ${id} is not a live booking`);
  const others = bookings.filter((b) => b._rev !== keepRev);
  const rebooked: Stored[] = [];
  for (const b of others) {
    if (b.status === 'booked') {
      const { name, phone, email } = b.person;
      rebooked.push(await bookAppointment(store, service, { serviceId: service._id, start: rebookStart, name, phone, email, reason: b.reason, notes: b.notes }, actor, now));
    }
  }
  // Deleting a losing leaf (or the current winner) leaves the kept revision as the only one.
  await store.bulk('accueil', others.map((b) => ({ _id: id, _rev: b._rev, _deleted: true })));
  return rebooked;
}
