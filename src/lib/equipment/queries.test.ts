import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Projector } from '$lib/db/projector';
import { equipment, loan } from '$lib/testing/building-fixtures';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { inventory, itemHistory, openLoans, overdueLoans } from './queries';
import { itemState } from './format';

let device: TestDevice;
beforeEach(async () => {
  device = memoryDevice();
  await device.dbs.accueil.bulkDocs([
    equipment({ _id: 'equipment:curial:pc-portable-10', label: 'PC portable n° 10' }),
    equipment({ _id: 'equipment:curial:pc-portable-2', label: 'PC portable n° 2' }),
    equipment({ _id: 'equipment:curial:cle-forum', kind: 'key', label: 'Clé salle du Forum', reference: '' }),
    equipment({ _id: 'equipment:curial:badge-1', kind: 'badge', label: 'Badge visiteur 1', reference: '' }),
    equipment({ _id: 'equipment:curial:projecteur', kind: 'projector', label: 'Vidéoprojecteur Epson', retired: true }),
    equipment({ _id: 'equipment:hdv:pc-portable-1', site: 'hdv', label: 'PC portable n° 1' }),
    // Out since this morning, due at 12:00 (10:00 UTC): overdue at 14:00.
    loan({ _id: 'loan:curial:a', equipmentId: 'equipment:curial:cle-forum', agent: 'Marc Blanc', lentAt: '2025-06-02T06:00:00.000Z', dueAt: '2025-06-02T10:00:00.000Z' }),
    // Out until 17:00 (15:00 UTC).
    loan({ _id: 'loan:curial:b', equipmentId: 'equipment:curial:pc-portable-2', dueAt: '2025-06-02T15:00:00.000Z' }),
    // Due yesterday: the most overdue.
    loan({ _id: 'loan:curial:c', equipmentId: 'equipment:curial:badge-1', agent: 'Lina Haddad', lentAt: '2025-06-01T07:00:00.000Z', dueAt: '2025-06-01T15:00:00.000Z' }),
    // Back: history only.
    loan({ _id: 'loan:curial:d', equipmentId: 'equipment:curial:pc-portable-2', agent: 'Paul Girard', lentAt: '2025-05-20T07:00:00.000Z', dueAt: '2025-05-21T15:00:00.000Z', returnedAt: '2025-05-21T14:00:00.000Z', returnedTo: 'Anne Roux' }),
    loan({ _id: 'loan:hdv:e', site: 'hdv', equipmentId: 'equipment:hdv:pc-portable-1', lentAt: '2025-06-01T07:00:00.000Z', dueAt: '2025-06-01T15:00:00.000Z' })
  ]);
  await new Projector(device.dbs.accueil, 'accueil', device.rm).catchUp();
});
afterEach(async () => {
  await device.close();
});

// 12:00 UTC is 14:00 in Paris in June.
const NOW = new Date('2025-06-02T12:00:00.000Z');

describe('equipment queries', () => {
  it('lists the building’s items by kind then label, each with its current loan and state', async () => {
    const lines = await inventory(device.rm, 'curial');
    expect(lines.map((l) => [l.item.label, l.loan?.id ?? null, itemState(l.item, l.loan, NOW).text])).toEqual([
      ['PC portable n° 2', 'loan:curial:b', "Prêté à Sophie Bernard jusqu'à 17:00"],
      ['PC portable n° 10', null, 'Disponible'],
      ['Vidéoprojecteur Epson', null, 'Retiré'],
      ['Badge visiteur 1', 'loan:curial:c', 'En retard depuis 21 h 00 (Lina Haddad)'],
      ['Clé salle du Forum', 'loan:curial:a', 'En retard depuis 2 h 00 (Marc Blanc)']
    ]);
  });

  it('lists the loans in progress, first due first, with their items', async () => {
    const lines = await openLoans(device.rm, 'curial');
    expect(lines.map((l) => [l.loan.id, l.item?.label])).toEqual([
      ['loan:curial:c', 'Badge visiteur 1'],
      ['loan:curial:a', 'Clé salle du Forum'],
      ['loan:curial:b', 'PC portable n° 2']
    ]);
  });

  it('lists the overdue loans, the most overdue first, of this building only', async () => {
    expect((await overdueLoans(device.rm, 'curial', NOW)).map((l) => l.loan.id)).toEqual(['loan:curial:c', 'loan:curial:a']);
    expect((await overdueLoans(device.rm, 'curial', new Date('2025-06-01T12:00:00.000Z'))).map((l) => l.loan.id)).toEqual([]);
    expect((await overdueLoans(device.rm, 'hdv', NOW)).map((l) => l.loan.id)).toEqual(['loan:hdv:e']);
  });

  it('gives the history of an item, the latest loan first', async () => {
    expect((await itemHistory(device.rm, 'equipment:curial:pc-portable-2')).map((l) => l.id)).toEqual(['loan:curial:b', 'loan:curial:d']);
  });
});
