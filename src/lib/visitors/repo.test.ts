import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { VisitDoc } from '$lib/domain/visit';
import { visitFormInput } from '$lib/testing/fixtures';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { visitLocation, visitStatus } from '$lib/domain/visit';
import { checkOutAll, checkOutVisit, receiveVisit, registerVisit, undoCheckOut, updateVisit, type Actor } from './repo';

const DESK: Actor = { device: 'desk-curial-1', adviser: 'Anne Roux' };
const OTHER: Actor = { device: 'desk-curial-2', adviser: 'Bruno Petit' };
const NOW = new Date('2025-03-10T09:15:00.000Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

const current = (id: string) => device.store.get<VisitDoc>('accueil', id);

describe('registerVisit', () => {
  it('writes the visit with its arrival, door facts and author, and records it as pending', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    expect(v._id).toMatch(/^visit:curial:2025-03-10T09:15:00\.000Z:[0-9a-f]{8}$/);
    expect(await current(v._id)).toMatchObject({
      _rev: v._rev,
      type: 'visit',
      v: 1,
      site: 'curial',
      visitorName: 'Élodie Martin',
      organisation: 'CAF de la Savoie',
      serviceId: 'service:etat-civil',
      vigipirate: { idChecked: true, doorOpenedBy: 'Paul Girard', doorOpenedAt: NOW.toISOString() },
      arrivedAt: NOW.toISOString(),
      createdBy: DESK.device,
      updatedAt: NOW.toISOString(),
      updatedBy: DESK.device,
      fieldGen: {}
    });
    expect(await device.rm.pending.get(`accueil/${v._id}`)).toMatchObject({ rev: v._rev });
  });

  it('records a refusal with its reason, and never a stray reason', async () => {
    const refused = await registerVisit(device.store, visitFormInput({ idChecked: false, refused: true, refusedReason: 'Refus de présenter une pièce' }), DESK, NOW);
    expect((await current(refused._id))?.vigipirate).toEqual({
      idChecked: false,
      doorOpenedBy: 'Paul Girard',
      doorOpenedAt: NOW.toISOString(),
      refusedReason: 'Refus de présenter une pièce'
    });
    const admitted = await registerVisit(device.store, visitFormInput({ refused: false, refusedReason: 'brouillon' }), DESK, NOW);
    expect((await current(admitted._id))?.vigipirate).not.toHaveProperty('refusedReason');
  });

  it('leaves out an empty organisation', async () => {
    const v = await registerVisit(device.store, visitFormInput({ organisation: '  ' }), DESK, NOW);
    expect(await current(v._id)).not.toHaveProperty('organisation');
  });

  it('gives two visitors registered at the same instant different ids', async () => {
    const a = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    const b = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    expect(a._id).not.toBe(b._id);
  });

  it.each([
    ['no visitor name', { visitorName: '' }],
    ['no identity check', { idChecked: false }],
    ['a refusal without reason', { refused: true, idChecked: false }],
    ['an unknown service', { serviceId: 'etat-civil' }]
  ])('throws on %s and writes nothing', async (_what, overrides) => {
    await expect(registerVisit(device.store, visitFormInput(overrides), DESK, NOW)).rejects.toBeInstanceOf(ZodError);
    expect((await device.dbs.accueil.info()).doc_count).toBe(0);
    expect(await device.rm.pending.count()).toBe(0);
  });
});

describe('updateVisit', () => {
  it('stamps only the changed fields with the generation of the revision it writes', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    const second = await updateVisit(device.store, v._id, { reason: 'Passeport', visitorName: 'Élodie Martin' }, OTHER, later(1));
    expect(second._rev).toMatch(/^2-/);
    expect(second.fieldGen).toEqual({ reason: 2 });

    const third = await updateVisit(device.store, v._id, { reason: 'Passeport', serviceId: 'service:urbanisme' }, DESK, later(2));
    expect(third._rev).toMatch(/^3-/);
    expect(await current(v._id)).toMatchObject({
      _rev: third._rev,
      reason: 'Passeport',
      serviceId: 'service:urbanisme',
      fieldGen: { reason: 2, serviceId: 3 },
      updatedAt: later(2).toISOString(),
      updatedBy: DESK.device,
      createdBy: DESK.device,
      arrivedAt: NOW.toISOString()
    });
    expect(await device.rm.pending.get(`accueil/${v._id}`)).toMatchObject({ rev: third._rev });
  });

  it('compares nested values by content', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    const updated = await updateVisit(device.store, v._id, { vigipirate: { ...v.vigipirate! } }, DESK, later(1));
    expect(updated.fieldGen).toEqual({});
    const changed = await updateVisit(device.store, v._id, { vigipirate: { ...v.vigipirate!, doorOpenedBy: 'Marc' } }, DESK, later(2));
    expect(changed.fieldGen).toEqual({ vigipirate: 3 });
  });

  it('removes a field set to undefined and stamps it', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    const updated = await updateVisit(device.store, v._id, { organisation: undefined }, DESK, later(1));
    expect(await current(v._id)).not.toHaveProperty('organisation');
    expect(updated.fieldGen).toEqual({ organisation: 2 });
  });

  it('throws on an invalid change and leaves the visit as it was', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    await expect(updateVisit(device.store, v._id, { visitorName: '' }, DESK, later(1))).rejects.toThrow();
    await expect(updateVisit(device.store, v._id, { checkedOutAt: '2025-03-10T09:00:00.000Z' }, DESK, later(1))).rejects.toThrow();
    expect((await current(v._id))?._rev).toBe(v._rev);
  });

  it('throws for a visit that does not exist', async () => {
    await expect(updateVisit(device.store, 'visit:curial:none', { reason: 'x' }, DESK)).rejects.toThrow(/not found/);
  });
});

describe('checkOutVisit', () => {
  it('records when and by whom the visitor left, stamping both fields', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    const out = await checkOutVisit(device.store, v._id, DESK, later(30));
    expect(out).toMatchObject({ checkedOutAt: later(30).toISOString(), checkedOutBy: DESK.adviser, fieldGen: { checkedOutAt: 2, checkedOutBy: 2 } });
    expect(await current(v._id)).toMatchObject({ _rev: out._rev, checkedOutAt: later(30).toISOString() });
  });

  it('is idempotent: a second checkout keeps the first time and writes nothing', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    const first = await checkOutVisit(device.store, v._id, DESK, later(30));
    const second = await checkOutVisit(device.store, v._id, OTHER, later(45));
    expect(second._rev).toBe(first._rev);
    expect(await current(v._id)).toMatchObject({ _rev: first._rev, checkedOutAt: later(30).toISOString(), checkedOutBy: DESK.adviser });
  });

  it('throws for a visit that does not exist', async () => {
    await expect(checkOutVisit(device.store, 'visit:curial:none', DESK)).rejects.toThrow(/not found/);
  });
});

describe('checkout without undo (one mistaken tap on « Sortie » removed a visitor from the evacuation list)', () => {
  it('undoing puts the visitor back as present, and the history keeps the checkout and its undo', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    await checkOutVisit(device.store, v._id, DESK, later(30));
    const back = await undoCheckOut(device.store, v._id, OTHER, later(30.1));
    expect(visitStatus(back)).toBe('present');
    expect(back.checkedOutAt).toBeUndefined();
    expect(back.history).toEqual([
      { event: 'checkout', at: later(30).toISOString(), by: 'Anne Roux' },
      { event: 'checkout-undone', at: later(30.1).toISOString(), by: 'Bruno Petit' }
    ]);
    // Each step is its own revision of the visit (append-only history, per-field stamps).
    expect(back._rev).toMatch(/^3-/);
    expect(back.fieldGen).toMatchObject({ checkedOutAt: 3, history: 3 });
  });

  it('a second checkout after the undo is recorded too', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    await checkOutVisit(device.store, v._id, DESK, later(30));
    await undoCheckOut(device.store, v._id, DESK, later(31));
    const out = await checkOutVisit(device.store, v._id, DESK, later(90));
    expect(out.checkedOutAt).toBe(later(90).toISOString());
    expect(out.history?.map((h) => h.event)).toEqual(['checkout', 'checkout-undone', 'checkout']);
  });

  it('undoing a checkout recorded before visits had a history writes that checkout first; a visit not checked out is left as is', async () => {
    const v = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    expect(await undoCheckOut(device.store, v._id, DESK, later(1))).toMatchObject({ _rev: v._rev });
    await updateVisit(device.store, v._id, { checkedOutAt: later(30).toISOString(), checkedOutBy: 'Anne Roux' }, DESK, later(30));
    const back = await undoCheckOut(device.store, v._id, DESK, later(32));
    expect(back.history).toEqual([
      { event: 'checkout', at: later(30).toISOString(), by: 'Anne Roux' },
      { event: 'checkout-undone', at: later(32).toISOString(), by: 'Anne Roux' }
    ]);
  });
});

describe('visitors sent to the other building', () => {
  it('are expected there until received, then present there', async () => {
    const v = await registerVisit(device.store, visitFormInput({ sentTo: 'hdv' }), DESK, NOW);
    expect(v.sentTo).toBe('hdv');
    expect(visitStatus(v)).toBe('expected');
    expect(visitLocation(v)).toBe('hdv');
    const received = await receiveVisit(device.store, v._id, { device: 'desk-hdv-1', adviser: 'Chloé Blanc' }, later(10));
    expect(received).toMatchObject({ receivedAt: later(10).toISOString(), receivedBy: 'Chloé Blanc' });
    expect(visitStatus(received)).toBe('present');
    // Receiving twice keeps the first arrival.
    expect((await receiveVisit(device.store, v._id, DESK, later(20))).receivedAt).toBe(later(10).toISOString());
  });

  it('are never sent to the building they are in, and a refused visitor is sent nowhere', async () => {
    await expect(registerVisit(device.store, visitFormInput({ sentTo: 'curial' }), DESK, NOW)).rejects.toBeInstanceOf(ZodError);
    const refused = await registerVisit(device.store, visitFormInput({ sentTo: 'hdv', idChecked: false, refused: true, refusedReason: 'Refus' }), DESK, NOW);
    expect(refused.sentTo).toBeUndefined();
  });
});

describe('checkOutAll', () => {
  it('checks out the listed visits still present, and counts only those', async () => {
    const a = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    const b = await registerVisit(device.store, visitFormInput(), DESK, NOW);
    await checkOutVisit(device.store, b._id, DESK, later(5));
    expect(await checkOutAll(device.store, [a._id, b._id], OTHER, later(60))).toBe(1);
    expect((await current(a._id))?.checkedOutAt).toBe(later(60).toISOString());
    expect((await current(b._id))?.checkedOutAt).toBe(later(5).toISOString());
  });
});
