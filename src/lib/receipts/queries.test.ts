import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectDoc } from '$lib/db/projection';
import type { ReadModel } from '$lib/db/read-model';
import { checklist, LATE_ARRIVAL, receipt } from '$lib/testing/fixtures';
import { memoryReadModel } from '$lib/testing/pouch';
import { allChecklists, receiptsOfDay } from './queries';

let rm: ReadModel;
beforeEach(() => {
  rm = memoryReadModel();
});
afterEach(async () => {
  rm.close();
  await rm.delete();
});

async function project(db: 'accueil' | 'referentiel', doc: { _id: string; type: string } & Record<string, unknown>) {
  const p = projectDoc(rm, db, { ...doc, _rev: '1-a', _attachments: { 'recepisse.pdf': { stub: true } } });
  if (!p) throw new Error('not projected');
  await p.table.put(p.row);
  return p.row;
}

describe('receipt and checklist projection and queries', () => {
  it('projects a receipt without its attachments, on its Paris day', async () => {
    const row = await project('accueil', receipt());
    expect(row).toMatchObject({ id: receipt()._id, number: 'C-2025-K7QX-0001', day: '2025-03-11', conflicted: 0 });
    expect(row).not.toHaveProperty('_attachments');
    expect(row).not.toHaveProperty('_rev');
  });

  it("lists a building's receipts of a day, latest first", async () => {
    await project('accueil', receipt());
    await project('accueil', receipt({ _id: 'receipt:curial:C-2025-K7QX-0002', number: 'C-2025-K7QX-0002', createdAt: '2025-03-11T08:00:00.000Z' }));
    await project('accueil', receipt({ _id: 'receipt:hdv:H-2025-K7QX-0003', site: 'hdv', number: 'H-2025-K7QX-0003' }));
    await project('accueil', receipt({ _id: 'receipt:curial:C-2025-K7QX-0004', number: 'C-2025-K7QX-0004', createdAt: '2025-03-10T08:00:00.000Z' }));
    expect((await receiptsOfDay(rm, 'curial', '2025-03-11')).map((r) => r.number)).toEqual(['C-2025-K7QX-0002', 'C-2025-K7QX-0001']);
    expect((await receiptsOfDay(rm, 'hdv', '2025-03-11')).map((r) => r.createdAt)).toEqual([LATE_ARRIVAL]);
  });

  it('lists checklists by name in French order', async () => {
    await project('referentiel', checklist({ _id: 'checklist:passeport', name: 'Passeport' }));
    await project('referentiel', checklist({ _id: 'checklist:etat', name: 'État civil' }));
    await project('referentiel', checklist());
    expect((await allChecklists(rm)).map((c) => c.name)).toEqual(["Carte nationale d'identité", 'État civil', 'Passeport']);
  });
});
