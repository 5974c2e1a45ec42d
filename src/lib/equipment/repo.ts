import { RevisionConflictError } from '$lib/db/errors';
import type { LocalStore } from '$lib/db/store';
import { slugOf, type SiteCode } from '$lib/domain/common';
import { equipmentDoc, loanDoc, type EquipmentDoc, type LoanDoc } from '$lib/domain/equipment';
import type { Actor } from '$lib/visitors/repo';
import { equipmentForm, loanForm, type EquipmentFormInput, type LoanFormInput } from './form';

type StoredEquipment = EquipmentDoc & { _rev: string };
type StoredLoan = LoanDoc & { _rev: string };

/** Why a lend, return or retirement was refused. The message is French, shown as is. */
export class EquipmentError extends Error {
  readonly name = 'EquipmentError';
  constructor(
    readonly code: 'not-found' | 'out' | 'retired',
    message: string
  ) {
    super(message);
  }
}


/**
 * Adds an item to the building's inventory, with an id made from its label (`-2`, `-3`… when
 * this tablet already knows one). Two tablets adding the same label while apart write the same
 * id: replication shows it as a conflict for the coordinator, never as a silent overwrite.
 * Throws the zod error on bad input.
 */
export async function addEquipment(store: LocalStore, input: EquipmentFormInput): Promise<StoredEquipment> {
  const f = equipmentForm.parse(input);
  const base = `equipment:${f.site}:${slugOf(f.label, 'equipement')}`;
  let id = base;
  for (let n = 2; await store.get('accueil', id); n++) id = `${base}-${n}`;
  const doc = equipmentDoc.parse({
    _id: id,
    type: 'equipment',
    v: 1,
    site: f.site,
    kind: f.kind,
    label: f.label,
    reference: f.reference,
    ...(f.notes ? { notes: f.notes } : {})
  });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

async function getEquipment(store: LocalStore, id: string): Promise<StoredEquipment> {
  const current = await store.get<EquipmentDoc>('accueil', id);
  if (!current) throw new EquipmentError('not-found', "Cet équipement n'existe plus sur la tablette.");
  return current;
}

/** Changes an item's kind, label, reference or notes; its id (and the loans naming it) stay. */
export async function updateEquipment(store: LocalStore, id: string, input: EquipmentFormInput): Promise<StoredEquipment> {
  const f = equipmentForm.parse(input);
  const { notes: _old, ...current } = await getEquipment(store, id);
  const doc = equipmentDoc.parse({ ...current, kind: f.kind, label: f.label, reference: f.reference, ...(f.notes ? { notes: f.notes } : {}) });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/** Open loans of an item, straight from the local PouchDB: the read model may lag a write just made. */
async function openLoansOf(store: LocalStore, site: SiteCode, equipmentId: string): Promise<LoanDoc[]> {
  // Loans of one building are few (returned ones are purged after the retention period).
  const res = await store.dbs.accueil.allDocs({ startkey: `loan:${site}:`, endkey: `loan:${site}:\ufff0`, include_docs: true });
  return res.rows
    .map((r) => r.doc as unknown as LoanDoc | undefined)
    .filter((l): l is LoanDoc => !!l && l.equipmentId === equipmentId && l.returnedAt === undefined);
}

/**
 * Takes an item out of the inventory (lost, broken, given back), or puts it back
 * (`retired = false`). It stays for the loans that name it. An item that is out must come
 * back first.
 */
export async function retireEquipment(store: LocalStore, id: string, retired = true): Promise<StoredEquipment> {
  const current = await getEquipment(store, id);
  if (retired && (await openLoansOf(store, current.site, id)).length > 0) {
    throw new EquipmentError('out', "Cet équipement est prêté : enregistrez d'abord son retour.");
  }
  const { retired: _was, ...rest } = current;
  const doc = equipmentDoc.parse(retired ? { ...rest, retired: true } : rest);
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/**
 * Lends an item to an agent until `dueAt` (Paris date and time of the form, later than now).
 * Refused when the item is retired or already out as far as this tablet knows; two tablets
 * lending the same item while apart both keep their loan, and both show in the loans in
 * progress. Throws the zod error on bad input, an EquipmentError when refused.
 */
export async function lend(store: LocalStore, input: LoanFormInput, actor: Actor, now = new Date()): Promise<StoredLoan> {
  const f = loanForm(now).parse(input);
  const item = await getEquipment(store, f.equipmentId);
  if (item.retired) throw new EquipmentError('retired', 'Cet équipement est retiré de l’inventaire : il ne peut pas être prêté.');
  const [out] = await openLoansOf(store, item.site, item._id);
  if (out) throw new EquipmentError('out', `Cet équipement est déjà prêté à ${out.agent} : enregistrez d'abord son retour.`);
  const doc = loanDoc.parse({
    _id: `loan:${item.site}:${crypto.randomUUID()}`,
    type: 'loan',
    v: 1,
    site: item.site,
    equipmentId: item._id,
    agent: f.agent,
    service: f.service,
    lentAt: now.toISOString(),
    dueAt: f.dueAt,
    lentBy: actor.adviser || actor.device,
    ...(f.note ? { note: f.note } : {})
  });
  const rev = await store.put('accueil', doc);
  return { ...doc, _rev: rev };
}

/**
 * Records that a lent item came back. Returning it twice (two taps, two tablets) keeps the
 * first return. A revision conflict (the loan changed since it was read: replication, another
 * tab) is met by reading it again once.
 */
export async function returnLoan(store: LocalStore, id: string, actor: Actor, now = new Date()): Promise<StoredLoan> {
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<LoanDoc>('accueil', id);
    if (!current) throw new EquipmentError('not-found', "Ce prêt n'existe plus sur la tablette.");
    if (current.returnedAt !== undefined) return current;
    // A tablet whose clock is behind the one that lent must not return before the loan began.
    const at = Math.max(now.getTime(), Date.parse(current.lentAt));
    const doc = loanDoc.parse({ ...current, returnedAt: new Date(at).toISOString(), returnedTo: actor.adviser || actor.device });
    try {
      const rev = await store.put('accueil', doc);
      return { ...doc, _rev: rev };
    } catch (err) {
      if (attempt === 0 && err instanceof RevisionConflictError) continue;
      throw err;
    }
  }
}
