import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketDoc } from '$lib/domain/ticket';
import { Projector } from '$lib/db/projector';
import { resolveConflicts } from '$lib/sync/conflicts';
import { memoryDevice, syncOnce, type TestDevice } from '$lib/testing/pouch';
import type { Actor } from '$lib/visitors/repo';
import { callTicket, closeTicket, issueTicket, serveTicket } from './repo';

const A: Actor = { device: 'desk-curial-1', adviser: 'Anne Roux' };
const B: Actor = { device: 'desk-curial-2', adviser: 'Bruno Petit' };
const T0 = new Date('2025-03-10T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let a: TestDevice;
let b: TestDevice;
beforeEach(() => {
  a = memoryDevice('a');
  b = memoryDevice('b');
});
afterEach(async () => {
  await a.close();
  await b.close();
});

async function resolve(d: TestDevice, id: string, name: string) {
  await resolveConflicts(d.store, 'accueil', id, name);
}

describe('queue tickets', () => {
  it('a ticket number that arrived by replication before the read model showed it: the desk moves to a free series', async () => {
    const first = await issueTicket(a.store, 'curial', 'general', A, T0);
    await syncOnce(a.dbs.accueil, b.dbs.accueil); // in b's PouchDB, not yet in its read model
    const mine = await issueTicket(b.store, 'curial', 'general', B, at(1));
    expect(first.number).toBe('A1');
    expect(mine).toMatchObject({ number: 'B1', createdBy: B.device });
    expect(await issueTicket(b.store, 'curial', 'general', B, at(2))).toMatchObject({ number: 'B2' });
  });

  it('two desks that picked the same series offline: once they see each other, the later one moves', async () => {
    await issueTicket(a.store, 'curial', 'general', A, T0);
    const clash = await issueTicket(b.store, 'curial', 'general', B, T0);
    expect(clash.number).toBe('A1'); // neither knew the other: the documented gap, met as a conflict
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await new Projector(b.dbs.accueil, 'accueil', b.rm).catchUp();
    expect((await issueTicket(b.store, 'curial', 'general', B, at(3))).number).toMatch(/^[B-Z]1$/);
  });

  it('issues a waiting ticket in the device series, then called, served', async () => {
    const t = await issueTicket(a.store, 'curial', 'general', A, T0);
    expect(t).toMatchObject({ _id: 'ticket:curial:2025-03-10:A1', number: 'A1', status: 'waiting', source: 'desk' });
    const called = await callTicket(a.store, t._id, 3, A, at(4));
    expect(called).toMatchObject({ status: 'called', guichet: 3, calledBy: 'Anne Roux' });
    const call = await a.store.get('planning', `call:curial:2025-03-10:A1:${A.device}`);
    expect(call).toMatchObject({ number: 'A1', guichet: 3, issuedAt: T0.toISOString() });
    expect(await serveTicket(a.store, t._id, A, at(9))).toMatchObject({ status: 'served', servedAt: at(9).toISOString() });
  });

  it('two desks calling one ticket offline: the earliest call wins on both, whatever the sync order', async () => {
    const t = await issueTicket(a.store, 'curial', 'general', A, T0);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await callTicket(b.store, t._id, 2, B, at(5));
    await callTicket(a.store, t._id, 4, A, at(6));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await resolve(a, t._id, A.device);
    await resolve(b, t._id, B.device);
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await resolve(a, t._id, A.device);
    await resolve(b, t._id, B.device);
    const onA = (await a.store.get<TicketDoc>('accueil', t._id))!;
    const onB = (await b.store.get<TicketDoc>('accueil', t._id))!;
    for (const doc of [onA, onB]) {
      expect(doc).toMatchObject({ status: 'called', guichet: 2, calledBy: 'Bruno Petit', calledAt: at(5).toISOString() });
    }
    expect(onA._rev).toBe(onB._rev);
  });

  it('a ticket served on one desk and called late on the other stays served', async () => {
    const t = await issueTicket(a.store, 'curial', 'general', A, T0);
    await callTicket(a.store, t._id, 1, A, at(1));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await serveTicket(a.store, t._id, A, at(3));
    await callTicket(b.store, t._id, 5, B, at(4));
    await syncOnce(a.dbs.accueil, b.dbs.accueil);
    await resolve(a, t._id, A.device);
    const doc = (await a.store.get<TicketDoc>('accueil', t._id))!;
    expect(doc).toMatchObject({ status: 'served', servedAt: at(3).toISOString() });
  });

  it('closes with a reason', async () => {
    const t = await issueTicket(a.store, 'curial', 'service:etat-civil', A, T0);
    expect(await closeTicket(a.store, t._id, 'Parti', A, at(2))).toMatchObject({ status: 'closed', closedReason: 'Parti' });
    const again = await closeTicket(a.store, t._id, 'Fermeture', A, at(3));
    expect(again).toMatchObject({ closedReason: 'Parti', closedAt: at(2).toISOString() });
    expect((await serveTicket(a.store, t._id, A, at(4))).status).toBe('closed');
  });
});
