import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visitDoc, visitStatus } from '$lib/domain/visit';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { admitVisit } from './admission';

let d: TestDevice;
beforeEach(() => {
  d = memoryDevice('adm');
});
afterEach(() => d.close());

const kioskVisit = visitDoc.parse({
  _id: 'visit:curial:2025-03-10T08:00:00.000Z:k1', type: 'visit', v: 1, site: 'curial', visitorName: 'Lucie Martin', reason: 'Passeport',
  serviceId: 'service:accueil', source: 'kiosk', arrivedAt: '2025-03-10T08:00:00.000Z', createdBy: 'kiosk-curial',
  updatedAt: '2025-03-10T08:00:05.000Z', updatedBy: 'intake', fieldGen: {}
});

describe('admitting a kiosk arrival', () => {
  it('is waiting, then present once the Vigipirate facts are recorded', async () => {
    expect(visitStatus(kioskVisit)).toBe('waiting');
    await d.store.put('accueil', kioskVisit);
    const admitted = await admitVisit(d.store, kioskVisit._id, { device: 'desk-curial', adviser: 'Anne Roux' }, { idChecked: true }, new Date('2025-03-10T08:03:00.000Z'));
    expect(admitted.vigipirate).toEqual({ idChecked: true, doorOpenedBy: 'Anne Roux', doorOpenedAt: '2025-03-10T08:03:00.000Z' });
    expect(visitStatus(admitted)).toBe('present');
  });
  it('or refused with its reason', async () => {
    await d.store.put('accueil', kioskVisit);
    const refused = await admitVisit(d.store, kioskVisit._id, { device: 'desk-curial', adviser: 'Anne Roux' }, { idChecked: false, refusedReason: 'Refus de contrôle' });
    expect(visitStatus(refused)).toBe('refused');
  });
});
