import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectDoc } from '$lib/db/projection';
import type { ReadModel } from '$lib/db/read-model';
import { roomIssue } from '$lib/testing/building-fixtures';
import { meeting, room } from '$lib/testing/fixtures';
import { memoryReadModel } from '$lib/testing/pouch';
import { byRoom, fixedIssues, meetingsOfDay, openIssues, roomsOf } from './queries';

let rm: ReadModel;
beforeEach(() => {
  rm = memoryReadModel();
});
afterEach(async () => {
  rm.close();
  await rm.delete();
});

async function project(db: 'accueil' | 'planning', doc: { _id: string; type: string } & Record<string, unknown>) {
  const p = projectDoc(rm, db, { ...doc, _rev: '1-a' });
  if (!p) throw new Error('not projected');
  await p.table.put(p.row);
}

describe('rooms queries', () => {
  it("lists a building's rooms by name", async () => {
    await project('planning', room({ _id: 'room:hdv:salon-d-honneur', name: "Salon d'honneur" }));
    await project('planning', room());
    await project('planning', room({ _id: 'room:curial:salle-du-forum', site: 'curial', name: 'Salle du Forum' }));
    expect((await roomsOf(rm, 'hdv')).map((r) => r.name)).toEqual(['Salle du conseil', "Salon d'honneur"]);
  });

  it('takes the meetings of a day, those begun on an earlier day included, of the building only', async () => {
    await project('planning', meeting()); // 2 June, 00:30–03:00 Paris
    await project('planning', meeting({ _id: 'meeting:hdv:expo', title: 'Exposition', start: '2025-05-31T22:00:00.000Z', end: '2025-06-03T22:00:00.000Z', allDay: true }));
    await project('planning', meeting({ _id: 'meeting:hdv:later', start: '2025-06-04T08:00:00.000Z', end: '2025-06-04T09:00:00.000Z' }));
    await project('planning', meeting({ _id: 'meeting:curial:x', site: 'curial', roomId: 'room:curial:salle-du-forum' }));
    expect((await meetingsOfDay(rm, 'hdv', '2025-06-02')).map((m) => m.id).sort()).toEqual(['meeting:hdv:2025-06-01T22:30:00.000Z:conseil', 'meeting:hdv:expo']);
    expect((await meetingsOfDay(rm, 'hdv', '2025-06-03')).map((m) => m.id)).toEqual(['meeting:hdv:expo']);
    expect(byRoom(await meetingsOfDay(rm, 'hdv', '2025-06-02')).get('room:hdv:salle-du-conseil')).toHaveLength(2);
  });

  it('lists open problems newest first, and fixed ones by when they were fixed', async () => {
    await project('accueil', roomIssue({ _id: 'roomissue:hdv:a', reportedAt: '2025-06-02T06:00:00.000Z' }));
    await project('accueil', roomIssue({ _id: 'roomissue:hdv:b', reportedAt: '2025-06-02T07:00:00.000Z' }));
    await project('accueil', roomIssue({ _id: 'roomissue:curial:c', site: 'curial', roomId: 'room:curial:salle-du-forum' }));
    await project('accueil', roomIssue({ _id: 'roomissue:hdv:d', status: 'fixed', fixedAt: '2025-06-02T09:00:00.000Z' }));
    await project('accueil', roomIssue({ _id: 'roomissue:hdv:e', status: 'fixed', fixedAt: '2025-06-02T10:00:00.000Z' }));
    expect((await openIssues(rm, 'hdv')).map((i) => i.id)).toEqual(['roomissue:hdv:b', 'roomissue:hdv:a']);
    expect((await fixedIssues(rm, 'hdv')).map((i) => i.id)).toEqual(['roomissue:hdv:e', 'roomissue:hdv:d']);
    expect(await fixedIssues(rm, 'hdv', 1)).toHaveLength(1);
  });
});
