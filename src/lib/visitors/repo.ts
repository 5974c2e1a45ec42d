import type { LocalStore } from '$lib/db/store';
import { stampChanges } from '$lib/domain/merge';
import { VISIT_HISTORY_MAX, visitDoc, type VisitDoc, type VisitHistoryEntry, type VisitMutableField } from '$lib/domain/visit';
import { visitForm, type VisitFormInput } from './form';

/** Who is writing: the device and the adviser at it. */
export interface Actor {
  device: string;
  adviser: string;
}

const randomSuffix = () => crypto.randomUUID().slice(0, 8);

/**
 * Registers a visitor at the desk. Validates the form, then the document; resolves once the
 * visit is durable on this device (it syncs later). Throws the zod error on bad input.
 */
export async function registerVisit(store: LocalStore, input: VisitFormInput, actor: Actor, now = new Date(), id?: string): Promise<VisitDoc> {
  const f = visitForm.parse(input);
  const at = now.toISOString();
  const doc = visitDoc.parse({
    // A given id (an appointment's arrival) makes a second registration of the same visit collide.
    _id: id ?? `visit:${f.site}:${at}:${randomSuffix()}`,
    type: 'visit',
    v: 1,
    site: f.site,
    visitorName: f.visitorName,
    organisation: f.organisation || undefined,
    reason: f.reason,
    serviceId: f.serviceId,
    vigipirate: {
      idChecked: f.idChecked,
      doorOpenedBy: f.doorOpenedBy,
      doorOpenedAt: at,
      refusedReason: f.refused ? f.refusedReason : undefined
    },
    arrivedAt: at,
    sentTo: f.refused ? undefined : f.sentTo,
    createdBy: actor.device,
    updatedAt: at,
    updatedBy: actor.device,
    fieldGen: {}
  });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/**
 * Changes some mutable fields of a visit, stamping each changed field with the generation of
 * the revision being written: that is what lets two offline edits merge field by field.
 */
export async function updateVisit(
  store: LocalStore,
  id: string,
  changes: Partial<Pick<VisitDoc, VisitMutableField>>,
  actor: Actor,
  now = new Date()
): Promise<VisitDoc> {
  const current = await store.get<VisitDoc>('accueil', id);
  if (!current) throw new Error(`visit ${id} not found`);
  const { next, fieldGen } = stampChanges(current, changes);
  const doc = visitDoc.parse({ ...next, fieldGen, updatedAt: now.toISOString(), updatedBy: actor.device });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/** The visit's history with `entries` appended (the oldest dropped past the schema's bound). */
function appended(current: VisitDoc, ...entries: VisitHistoryEntry[]): VisitHistoryEntry[] {
  return [...(current.history ?? []), ...entries].slice(-VISIT_HISTORY_MAX);
}
const by = (actor: Actor) => actor.adviser || actor.device;

/** Records the visitor's departure (idempotent: a second checkout keeps the first time). */
export async function checkOutVisit(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<VisitDoc> {
  const current = await store.get<VisitDoc>('accueil', id);
  if (!current) throw new Error(`visit ${id} not found`);
  if (current.checkedOutAt) return current;
  const at = now.toISOString();
  return updateVisit(store, id, { checkedOutAt: at, checkedOutBy: actor.adviser, history: appended(current, { event: 'checkout', at, by: by(actor) }) }, actor, now);
}

/**
 * Undoes a mistaken checkout: the visitor is present again (back on the evacuation list), and
 * the history keeps both the checkout and its undo. A checkout recorded before visits had a
 * history is written into it first, so the undo always follows the checkout it undoes.
 * Idempotent: a visit not checked out is returned unchanged.
 */
export async function undoCheckOut(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<VisitDoc> {
  const current = await store.get<VisitDoc>('accueil', id);
  if (!current) throw new Error(`visit ${id} not found`);
  if (!current.checkedOutAt) return current;
  const recorded = current.history?.some((h) => h.event === 'checkout' && h.at === current.checkedOutAt);
  const checkout: VisitHistoryEntry[] = recorded ? [] : [{ event: 'checkout', at: current.checkedOutAt, by: current.checkedOutBy || current.updatedBy }];
  const history = appended(current, ...checkout, { event: 'checkout-undone', at: now.toISOString(), by: by(actor) });
  return updateVisit(store, id, { checkedOutAt: undefined, checkedOutBy: undefined, history }, actor, now);
}

/** An adviser of the other building receives a visitor that was sent there. */
export async function receiveVisit(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<VisitDoc> {
  const current = await store.get<VisitDoc>('accueil', id);
  if (!current) throw new Error(`visit ${id} not found`);
  if (current.receivedAt) return current;
  return updateVisit(store, id, { receivedAt: now.toISOString(), receivedBy: actor.adviser }, actor, now);
}

/** Checks out every listed visit (end of day), one document each; returns how many changed. */
export async function checkOutAll(store: LocalStore, ids: string[], actor: Actor, now = new Date()): Promise<number> {
  let changed = 0;
  for (const id of ids) {
    const before = await store.get<VisitDoc>('accueil', id);
    if (before && !before.checkedOutAt) {
      await checkOutVisit(store, id, actor, now);
      changed++;
    }
  }
  return changed;
}
