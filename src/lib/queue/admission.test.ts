import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visitDoc, visitStatus } from '$lib/domain/visit';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { Projector } from '$lib/db/projector';
import { presentVisits } from '$lib/visitors/queries';
import { admitVisit } from './admission';
import { NotAdmittedError, serveTicket } from './repo';

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

describe('evacuation gap: a kiosk ticket served without « Admettre »', () => {
  const kioskTicket = {
    _id: 'ticket:curial:2025-03-10:K1', type: 'ticket', v: 1, site: 'curial', day: '2025-03-10', number: 'K1', category: 'general', source: 'kiosk',
    issuedAt: '2025-03-10T08:00:05.000Z', visitId: kioskVisit._id, status: 'called', calledAt: '2025-03-10T08:05:00.000Z', guichet: 2,
    createdBy: 'intake', updatedAt: '2025-03-10T08:05:00.000Z', updatedBy: 'desk-curial', fieldGen: {}
  };
  const A = { device: 'desk-curial', adviser: 'Anne Roux' };

  it('is refused without the identity check, and nothing is written', async () => {
    await d.store.put('accueil', kioskVisit);
    await d.store.put('accueil', kioskTicket);
    await expect(serveTicket(d.store, kioskTicket._id, A)).rejects.toBeInstanceOf(NotAdmittedError);
    expect((await d.store.get<{ status: string }>('accueil', kioskTicket._id))?.status).toBe('called');
  });

  it('with the identity check confirmed, admits the visitor: present, so on the evacuation list', async () => {
    await d.store.put('accueil', kioskVisit);
    await d.store.put('accueil', kioskTicket);
    const served = await serveTicket(d.store, kioskTicket._id, A, new Date('2025-03-10T08:10:00.000Z'), { idChecked: true });
    expect(served.status).toBe('served');
    const visit = await d.store.get<typeof kioskVisit>('accueil', kioskVisit._id);
    expect(visit?.vigipirate).toMatchObject({ idChecked: true, doorOpenedBy: 'Anne Roux' });
    await new Projector(d.dbs.accueil, 'accueil', d.rm).catchUp();
    expect((await presentVisits(d.rm, 'curial')).map((v) => v.visitorName)).toEqual(['Lucie Martin']);
  });
});
