import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Projector } from '$lib/db/projector';
import { foldText } from '$lib/db/projection';
import { service, visit } from '$lib/testing/fixtures';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { presentCounts, presentVisits, refusalsOfDay, searchServices, serviceNames } from './queries';

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

const visitAt = (site: 'curial' | 'hdv', minute: number, overrides = {}) => {
  const at = `2025-03-10T09:${String(minute).padStart(2, '0')}:00.000Z`;
  return visit({ _id: `visit:${site}:${at}:q${minute}`, site, arrivedAt: at, updatedAt: at, ...overrides });
};

async function project(db: 'accueil' | 'referentiel') {
  await new Projector(device.dbs[db], db, device.rm).catchUp();
}

describe('foldText', () => {
  it('lower-cases and strips accents', () => {
    expect(foldText('État civil — Élections, Cœur de ville, ÇA')).toBe('etat civil — elections, cœur de ville, ca');
  });
});

describe('searchServices', () => {
  beforeEach(async () => {
    await device.dbs.referentiel.bulkDocs([
      service(),
      service({ _id: 'service:urbanisme', name: 'Urbanisme', reasons: ['Permis de construire', 'Déclaration préalable'], keywords: ['travaux'], location: '2e étage' }),
      service({ _id: 'service:elections', name: 'Élections', reasons: ["Inscription sur les listes électorales"], keywords: [], location: 'Hôtel de Ville', site: 'hdv' })
    ]);
    await project('referentiel');
  });

  it('matches without accents or case', async () => {
    expect((await searchServices(device.rm, 'ETAT')).map((s) => s.id)).toEqual(['service:etat-civil']);
    expect((await searchServices(device.rm, 'électorales')).map((s) => s.id)).toEqual(['service:elections']);
    expect((await searchServices(device.rm, 'declaration')).map((s) => s.id)).toEqual(['service:urbanisme']);
  });

  it('searches names, reasons, keywords and location, every word having to match', async () => {
    expect((await searchServices(device.rm, 'travaux')).map((s) => s.id)).toEqual(['service:urbanisme']);
    expect((await searchServices(device.rm, 'permis travaux')).map((s) => s.id)).toEqual(['service:urbanisme']);
    expect(await searchServices(device.rm, 'permis mariage')).toEqual([]);
    expect((await searchServices(device.rm, 'guichet')).map((s) => s.id)).toEqual(['service:etat-civil']);
  });

  it('maps service ids to names', async () => {
    expect(await serviceNames(device.rm)).toEqual({
      'service:etat-civil': 'État civil',
      'service:urbanisme': 'Urbanisme',
      'service:elections': 'Élections'
    });
  });

  it('returns every service by name for an empty query, up to the limit', async () => {
    expect((await searchServices(device.rm, '  ')).map((s) => s.name)).toEqual(['Élections', 'État civil', 'Urbanisme']);
    expect(await searchServices(device.rm, '', 2)).toHaveLength(2);
  });
});

describe('presentVisits and presentCounts', () => {
  it('list the people in a building now, earliest first, without those who left or were refused', async () => {
    await device.dbs.accueil.bulkDocs([
      visitAt('curial', 30),
      visitAt('curial', 10),
      visitAt('curial', 20, { checkedOutAt: '2025-03-10T10:00:00.000Z', checkedOutBy: 'Anne' }),
      visitAt('curial', 5, { vigipirate: { idChecked: false, doorOpenedBy: 'Paul', doorOpenedAt: '2025-03-10T09:05:00.000Z', refusedReason: 'Refus' } }),
      visitAt('hdv', 1)
    ]);
    await project('accueil');
    const present = await presentVisits(device.rm, 'curial');
    expect(present.map((v) => v.arrivedAt)).toEqual(['2025-03-10T09:10:00.000Z', '2025-03-10T09:30:00.000Z']);
    expect(await presentCounts(device.rm)).toEqual({ curial: 2, hdv: 1 });
  });
});

describe('refused entries were saved but seen nowhere: refusalsOfDay', () => {
  const refused = (site: 'curial' | 'hdv', minute: number, reason: string) =>
    visitAt(site, minute, { vigipirate: { idChecked: false, doorOpenedBy: `Agent ${site}`, doorOpenedAt: `2025-03-10T09:${String(minute).padStart(2, '0')}:30.000Z`, refusedReason: reason } });

  it('lists the day refusals per building, earliest first, with time, reason and who refused, and no name', async () => {
    await device.dbs.accueil.bulkDocs([
      refused('hdv', 20, 'Refus de présenter une pièce'),
      refused('curial', 5, 'Objet dangereux'),
      visitAt('curial', 10),
      { ...refused('curial', 15, 'Hier'), _id: 'visit:curial:2025-03-09T09:15:00.000Z:y', arrivedAt: '2025-03-09T09:15:00.000Z' }
    ]);
    await project('accueil');
    const both = await refusalsOfDay(device.rm, ['curial', 'hdv'], '2025-03-10');
    expect(both.map((r) => [r.site, r.reason, r.refusedBy])).toEqual([
      ['curial', 'Objet dangereux', 'Agent curial'],
      ['hdv', 'Refus de présenter une pièce', 'Agent hdv']
    ]);
    expect(both[0]!.at).toBe('2025-03-10T09:05:30.000Z');
    expect(JSON.stringify(both)).not.toContain('visitorName');
    expect((await refusalsOfDay(device.rm, ['hdv'], '2025-03-10')).map((r) => r.site)).toEqual(['hdv']);
  });
});
