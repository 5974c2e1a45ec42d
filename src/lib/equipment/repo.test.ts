import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { RevisionConflictError } from '$lib/db/errors';
import type { LoanDoc } from '$lib/domain/equipment';
import { equipment } from '$lib/testing/building-fixtures';
import { memoryDevice, syncOnce, type TestDevice } from '$lib/testing/pouch';
import type { Actor } from '$lib/visitors/repo';
import type { LoanFormInput } from './form';
import { slugOf } from '$lib/domain/common';
import { addEquipment, EquipmentError, lend, retireEquipment, returnLoan, updateEquipment } from './repo';

const DESK: Actor = { device: 'desk-curial-1', adviser: 'Anne Roux' };
// 09:05 UTC is 10:05 in Paris in March.
const NOW = new Date('2026-03-10T09:05:00.000Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

const laptop = () => addEquipment(device.store, { site: 'curial', kind: 'laptop', label: 'PC portable n° 3', reference: 'INV-2023-0042' });
const loanInput = (equipmentId: string, o: Partial<LoanFormInput> = {}): LoanFormInput => ({
  equipmentId,
  agent: 'Sophie Bernard',
  service: 'Urbanisme',
  dueDay: '2026-03-10',
  dueTime: '17:00',
  ...o
});

describe('inventory', () => {
  it('adds an item under an id made from its label, and a second one of the same label beside it', async () => {
    const a = await laptop();
    expect(a).toMatchObject({ _id: 'equipment:curial:pc-portable-n-3', kind: 'laptop', label: 'PC portable n° 3', reference: 'INV-2023-0042' });
    expect(a).not.toHaveProperty('notes');
    const b = await laptop();
    expect(b._id).toBe('equipment:curial:pc-portable-n-3-2');
    expect(await device.rm.pending.get(`accueil/${b._id}`)).toMatchObject({ rev: b._rev });
  });

  it('makes slugs without accents or punctuation', () => {
    expect(slugOf('Clé — Salle des Fêtes !', 'equipement')).toBe('cle-salle-des-fetes');
    expect(slugOf('***', 'equipement')).toBe('equipement');
  });

  it('throws on bad input and writes nothing', async () => {
    await expect(addEquipment(device.store, { site: 'curial', kind: 'laptop', label: ' ', reference: '' })).rejects.toBeInstanceOf(ZodError);
    expect((await device.dbs.accueil.info()).doc_count).toBe(0);
  });

  it('edits an item, keeping its id', async () => {
    const a = await laptop();
    const edited = await updateEquipment(device.store, a._id, { site: 'curial', kind: 'laptop', label: 'PC portable n° 3 (Dell)', reference: 'INV-2023-0042', notes: 'Chargeur USB-C' });
    expect(edited).toMatchObject({ _id: a._id, label: 'PC portable n° 3 (Dell)', notes: 'Chargeur USB-C' });
  });

  it('retires an item and puts it back', async () => {
    const a = await laptop();
    expect((await retireEquipment(device.store, a._id)).retired).toBe(true);
    const back = await retireEquipment(device.store, a._id, false);
    expect(back).not.toHaveProperty('retired');
  });
});

describe('lend', () => {
  it('writes a loan due at the Paris time chosen, lent by the adviser', async () => {
    const a = await laptop();
    const l = await lend(device.store, loanInput(a._id, { note: 'Avec sa sacoche' }), DESK, NOW);
    expect(l._id).toMatch(/^loan:curial:[0-9a-f-]{36}$/);
    expect(await device.store.get<LoanDoc>('accueil', l._id)).toMatchObject({
      equipmentId: a._id,
      agent: 'Sophie Bernard',
      service: 'Urbanisme',
      lentAt: NOW.toISOString(),
      dueAt: '2026-03-10T16:00:00.000Z',
      lentBy: 'Anne Roux',
      note: 'Avec sa sacoche'
    });
  });

  it('refuses an item already out, even before the read model has caught up', async () => {
    const a = await laptop();
    await lend(device.store, loanInput(a._id), DESK, NOW);
    const again = lend(device.store, loanInput(a._id, { agent: 'Marc Blanc' }), DESK, later(1));
    await expect(again).rejects.toThrow(new EquipmentError('out', "Cet équipement est déjà prêté à Sophie Bernard : enregistrez d'abord son retour."));
  });

  it('refuses a retired item, and retiring an item that is out', async () => {
    const a = await laptop();
    await retireEquipment(device.store, a._id);
    await expect(lend(device.store, loanInput(a._id), DESK, NOW)).rejects.toMatchObject({ code: 'retired' });
    const b = await addEquipment(device.store, { site: 'curial', kind: 'key', label: 'Clé salle du Forum', reference: '' });
    await lend(device.store, loanInput(b._id), DESK, NOW);
    await expect(retireEquipment(device.store, b._id)).rejects.toMatchObject({ code: 'out' });
  });

  it('refuses a due time already past and an unknown item', async () => {
    const a = await laptop();
    await expect(lend(device.store, loanInput(a._id, { dueTime: '09:00' }), DESK, NOW)).rejects.toBeInstanceOf(ZodError);
    await expect(lend(device.store, loanInput('equipment:curial:inconnu'), DESK, NOW)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('lends an item again once it is back', async () => {
    const a = await laptop();
    const first = await lend(device.store, loanInput(a._id), DESK, NOW);
    await returnLoan(device.store, first._id, DESK, later(60));
    const second = await lend(device.store, loanInput(a._id, { agent: 'Marc Blanc' }), DESK, later(61));
    expect(second.agent).toBe('Marc Blanc');
  });
});

describe('returnLoan', () => {
  it('records when and to whom it came back', async () => {
    const a = await laptop();
    const l = await lend(device.store, loanInput(a._id), DESK, NOW);
    const back = await returnLoan(device.store, l._id, { device: 'desk-curial-2', adviser: '' }, later(30));
    expect(back).toMatchObject({ returnedAt: later(30).toISOString(), returnedTo: 'desk-curial-2' });
    expect(await device.store.get('accueil', l._id)).toMatchObject({ returnedAt: later(30).toISOString() });
  });

  it('keeps the first return when tapped twice', async () => {
    const a = await laptop();
    const l = await lend(device.store, loanInput(a._id), DESK, NOW);
    const first = await returnLoan(device.store, l._id, DESK, later(30));
    const second = await returnLoan(device.store, l._id, DESK, later(31));
    expect(second).toMatchObject({ _rev: first._rev, returnedAt: later(30).toISOString() });
  });

  it('never returns before the loan began (a tablet whose clock is behind)', async () => {
    const a = await laptop();
    const l = await lend(device.store, loanInput(a._id), DESK, NOW);
    expect((await returnLoan(device.store, l._id, DESK, later(-5))).returnedAt).toBe(NOW.toISOString());
  });

  it('reads the loan again once after a revision conflict', async () => {
    const a = await laptop();
    const l = await lend(device.store, loanInput(a._id), DESK, NOW);
    const put = device.store.put.bind(device.store);
    const spy = vi.spyOn(device.store, 'put').mockImplementationOnce(async () => {
      // Another tab wrote the loan meanwhile: the revision read is stale.
      await put('accueil', { ...(await device.store.get<LoanDoc>('accueil', l._id))!, note: 'Chargeur oublié' });
      throw new RevisionConflictError(l._id);
    });
    const back = await returnLoan(device.store, l._id, DESK, later(10));
    expect(spy).toHaveBeenCalledTimes(2);
    expect(back).toMatchObject({ note: 'Chargeur oublié', returnedAt: later(10).toISOString() });
    expect(back._rev).toMatch(/^3-/);
  });

  it('gives up after a second conflict', async () => {
    const a = await laptop();
    const l = await lend(device.store, loanInput(a._id), DESK, NOW);
    vi.spyOn(device.store, 'put').mockRejectedValue(new RevisionConflictError(l._id));
    await expect(returnLoan(device.store, l._id, DESK, later(10))).rejects.toBeInstanceOf(RevisionConflictError);
  });
});

describe('two tablets', () => {
  it('a loan made on one is known to the other after a sync, and refused there', async () => {
    const other = memoryDevice('other');
    try {
      await device.dbs.accueil.put(equipment({ _id: 'equipment:curial:pc-portable-3' }));
      const l = await lend(device.store, loanInput('equipment:curial:pc-portable-3'), DESK, NOW);
      await syncOnce(device.dbs.accueil, other.dbs.accueil);
      await expect(lend(other.store, loanInput('equipment:curial:pc-portable-3'), DESK, later(1))).rejects.toMatchObject({ code: 'out' });
      await returnLoan(other.store, l._id, DESK, later(5));
      await syncOnce(device.dbs.accueil, other.dbs.accueil);
      expect(await device.store.get('accueil', l._id)).toMatchObject({ returnedAt: later(5).toISOString() });
    } finally {
      await other.close();
    }
  });
});
