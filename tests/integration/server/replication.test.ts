import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from '$lib/testing/fixtures';
import { type TestServer, call, eventually, localDb, remoteDb, startTestServer } from './helpers';

const visitId = (tag: string) => `visit:curial:2025-03-10T23:30:00.000Z:${tag}`;

/** Real PouchDB replication against the embedded server, the way the tablets use it. */
describe('replication', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ demo: true });
  });
  afterAll(() => s.stop());

  it('a write on one desk reaches the other desk through live sync', async () => {
    const a = localDb('desk-a');
    const b = localDb('desk-b');
    const syncA = a.sync(remoteDb(s, 'accueil', 'desk-curial'), { live: true, retry: true });
    const syncB = b.sync(remoteDb(s, 'accueil', 'desk-hdv'), { live: true, retry: true });
    try {
      await a.put(visit({ _id: visitId('live') }));
      await eventually(async () => !!(await b.get(visitId('live')).catch(() => null)), 10_000, 'the visit on desk B');
      const onB = await b.get(visitId('live'));
      await b.put({ ...onB, checkedOutAt: '2025-03-11T08:00:00.000Z', checkedOutBy: 'desk-hdv', fieldGen: { checkedOutAt: 2 } });
      await eventually(async () => (await a.get(visitId('live'))).checkedOutAt === '2025-03-11T08:00:00.000Z', 10_000, 'the checkout on desk A');
    } finally {
      syncA.cancel();
      syncB.cancel();
    }
  });

  it('lists conflicted documents in the conflicts/by_doc view', async () => {
    const a = localDb('c-a');
    const b = localDb('c-b');
    const id = visitId('conflicted');
    await a.put(visit({ _id: id }));
    await a.replicate.to(remoteDb(s, 'accueil', 'desk-curial'));
    await b.replicate.from(remoteDb(s, 'accueil', 'desk-hdv'));
    const docA = await a.get(id);
    const docB = await b.get(id);
    await a.put({ ...docA, reason: 'Passeport', fieldGen: { reason: 2 } });
    await b.put({ ...docB, reason: 'Mariage', fieldGen: { reason: 2 } });
    await a.replicate.to(remoteDb(s, 'accueil', 'desk-curial'));
    await b.replicate.to(remoteDb(s, 'accueil', 'desk-hdv'));
    const view = await call(s.url, 'GET', '/accueil/_design/conflicts/_view/by_doc', { as: 'coordinator' });
    expect(view.status).toBe(200);
    const row = (view.json.rows as { id: string; value: { type: string; conflicts: string[] } }[]).find((r) => r.id === id);
    expect(row?.value.type).toBe('visit');
    expect(row?.value.conflicts).toHaveLength(1);
  });

  it('survives the server being killed and restarted mid-replication on the same data', async () => {
    const port = s.port;
    const local = localDb('restart');
    const remote = () => remoteDb({ url: `http://127.0.0.1:${port}` }, 'accueil', 'desk-curial');
    const errors: unknown[] = [];
    const push = local.replicate.to(remote(), { live: true, retry: true, back_off_function: () => 200 });
    void push.on('error', (e) => errors.push(e));
    try {
      await local.put(visit({ _id: visitId('before-crash') }));
      await eventually(async () => (await call(s.url, 'GET', `/accueil/${encodeURIComponent(visitId('before-crash'))}`, { as: 'desk-curial' })).status === 200, 10_000, 'the first visit');

      await s.close();
      await local.put(visit({ _id: visitId('while-down') }));
      await new Promise((r) => setTimeout(r, 300));

      const restarted = await startTestServer({ port }, s.dataDir);
      Object.assign(s, { close: restarted.close });
      await eventually(async () => (await call(restarted.url, 'GET', `/accueil/${encodeURIComponent(visitId('while-down'))}`, { as: 'desk-curial' })).status === 200, 15_000, 'the visit written while the server was down');
      expect((await call(restarted.url, 'GET', `/accueil/${encodeURIComponent(visitId('before-crash'))}`, { as: 'desk-curial' })).status).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      push.cancel();
    }
  });
});
