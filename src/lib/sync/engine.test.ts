import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DbName } from '$lib/domain/common';
import type { LocalDb } from '$lib/db/pouch';
import { checkin, service, visit } from '$lib/testing/fixtures';
import { memoryDevice, memoryPouch, type TestDevice } from '$lib/testing/pouch';
import { LAST_SYNC_KEY, SyncEngine, type SyncSnapshot, type SyncState } from './engine';
import type { Direction } from './plan';

let device: TestDevice;
let remotes: Partial<Record<DbName, LocalDb>>;
let engines: SyncEngine[];

/** The "server": one memory database per name, created on first use. */
const remote = (db: DbName): LocalDb => (remotes[db] ??= memoryPouch(`remote-${db}`));

function engine(plan: Partial<Record<DbName, Direction>>, opts: ConstructorParameters<typeof SyncEngine>[4] = {}) {
  const e = new SyncEngine(device.dbs, remote, plan, device.rm, opts);
  engines.push(e);
  const states: SyncState[] = [];
  let last: SyncSnapshot | undefined;
  e.subscribe((s) => {
    if (states.at(-1) !== s.state) states.push(s.state);
    last = s;
  });
  return { e, states, last: () => last as SyncSnapshot };
}

// Generous: a condition returns as soon as it holds, and a loaded 2-core machine is slow (4 s failed under CI).
const WAIT = { timeout: 15_000, interval: 20 };

beforeEach(() => {
  device = memoryDevice('local');
  remotes = {};
  engines = [];
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(async () => {
  for (const e of engines) await e.stop();
  await device.close();
  for (const db of Object.values(remotes)) await db?.destroy();
  vi.restoreAllMocks();
});

describe('SyncEngine', () => {
  it('pushes local writes, clears them from the pending table and reports up-to-date', async () => {
    const { e, states, last } = engine({ accueil: 'both' });
    await e.start();
    const rev = await device.store.put('accueil', visit());
    expect(await device.rm.pending.count()).toBe(1);

    await vi.waitFor(async () => expect(await device.rm.pending.count()).toBe(0), WAIT);
    expect(await remote('accueil').get(visit()._id)).toMatchObject({ _rev: rev });
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    expect(states[0]).toBe('starting');
    expect(states).toContain('syncing');
    expect(last().perDb).toEqual({ accueil: 'up-to-date' });
  });

  it('shows a first sync as documents received out of the server’s count, then forgets it', async () => {
    await remote('accueil').bulkDocs([visit(), visit({ _id: `${visit()._id}-2` }), visit({ _id: `${visit()._id}-3` })]);
    const seen: NonNullable<SyncSnapshot['firstSync']>[] = [];
    const { e, last } = engine({ accueil: 'both' });
    e.subscribe((s) => s.firstSync && seen.push(s.firstSync));
    await e.start();
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    await vi.waitFor(() => expect(last().firstSync).toBeNull(), WAIT);
    expect(seen.some((f) => f.total === 3)).toBe(true);
    expect(Math.max(...seen.map((f) => f.received))).toBe(3);

    // Once synced, a restart is not a first sync.
    const again = engine({ accueil: 'both' });
    await again.e.start();
    expect(again.last().firstSync).toBeNull();
  });

  it('clears a pending write the server already had (stored just before it died, never acknowledged)', async () => {
    await device.store.put('accueil', visit());
    const local = await device.dbs.accueil.get(visit()._id, { revs: true });
    // The server stored it, but the answer never came back.
    await remote('accueil').bulkDocs([local], { new_edits: false });
    expect(await device.rm.pending.count()).toBe(1);
    const { e, last } = engine({ accueil: 'both' });
    await e.start();
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    await vi.waitFor(async () => expect(await device.rm.pending.count()).toBe(0), WAIT);
  });

  it('persists the time it last caught up with every database', async () => {
    await remote('referentiel').put(service());
    const { e, last } = engine({ accueil: 'both', referentiel: 'pull' });
    expect(last().lastSyncAt).toBeNull();
    const before = new Date().toISOString();
    await e.start();

    await vi.waitFor(() => expect(last()).toMatchObject({ state: 'up-to-date', lastSyncAt: expect.any(String), lastError: null }), WAIT);
    expect(last().lastSyncAt! >= before).toBe(true);
    await vi.waitFor(async () => expect((await device.rm.syncState.get(LAST_SYNC_KEY))?.value).toBe(last().lastSyncAt), WAIT);
    expect(await device.dbs.referentiel.get(service()._id)).toBeDefined();
  });

  it('restores the last sync time on start, before reaching the server', async () => {
    await device.rm.syncState.put({ key: LAST_SYNC_KEY, value: '2025-03-10T08:00:00.000Z' });
    const e = new SyncEngine(device.dbs, remote, { accueil: 'both' }, device.rm);
    engines.push(e);
    const seen: (string | null)[] = [];
    e.subscribe((s) => seen.push(s.lastSyncAt));
    await e.start();
    expect(seen[0]).toBeNull();
    expect(seen.find((v) => v !== null)).toBe('2025-03-10T08:00:00.000Z');
  });

  it('pulls remote changes into a pull-only database and leaves the pending table alone', async () => {
    await device.rm.pending.put({ key: 'referentiel/x', db: 'referentiel', docId: 'x', rev: '1-a', at: '2025-03-10T08:00:00.000Z' });
    const { e, last } = engine({ referentiel: 'pull' });
    await e.start();
    await remote('referentiel').put(service());
    await vi.waitFor(async () => expect(await device.dbs.referentiel.get(service()._id)).toBeDefined(), WAIT);
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    expect(await device.rm.pending.count()).toBe(1);
    // Nothing goes the other way.
    await device.dbs.referentiel.put({ ...service(), _id: 'service:local' });
    await new Promise((r) => setTimeout(r, 200));
    await expect(remote('referentiel').get('service:local')).rejects.toMatchObject({ status: 404 });
  });

  it('pushes a push-only database (the kiosk inbox) and clears its pending rows', async () => {
    const { e } = engine({ borne: 'push' });
    await e.start();
    await device.store.put('borne', checkin());
    await vi.waitFor(async () => expect(await device.rm.pending.count()).toBe(0), WAIT);
    expect(await remote('borne').get(checkin()._id)).toBeDefined();
  });

  it('keeps a pending row whose newer revision has not been pushed yet', async () => {
    // The device wrote revision 2 after the replication read revision 1: pushing 1 does not clear it.
    await device.dbs.accueil.put(visit());
    await device.rm.pending.put({ key: `accueil/${visit()._id}`, db: 'accueil', docId: visit()._id, rev: '2-newer', at: '2025-03-10T08:00:00.000Z' });
    const { e, last } = engine({ accueil: 'both' });
    await e.start();
    await vi.waitFor(async () => expect(await remote('accueil').get(visit()._id)).toBeDefined(), WAIT);
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    expect(await device.rm.pending.get(`accueil/${visit()._id}`)).toMatchObject({ rev: '2-newer' });
  });

  it('skips databases the device does not hold', async () => {
    const partial = new SyncEngine({ accueil: device.dbs.accueil }, remote, { accueil: 'both', planning: 'both' }, device.rm);
    engines.push(partial);
    await partial.start();
    await vi.waitFor(() => expect(partial.snapshot()).toMatchObject({ state: 'up-to-date', perDb: { accueil: 'up-to-date' } }), WAIT);
    expect(partial.snapshot().perDb).not.toHaveProperty('planning');
    expect(remotes.planning).toBeUndefined();
  });

  /** Makes the "server" refuse every pushed document as validate_doc_update would. */
  function refuseWrites(db: DbName, reason: string) {
    const r = remote(db);
    vi.spyOn(r, 'bulkDocs').mockImplementation((async (req: { docs: { _id: string }[] }) =>
      req.docs.map((d) => ({ id: d._id, error: 'forbidden', name: 'forbidden', reason, status: 403 }))) as never);
  }

  it.each(['both', 'push'] as const)('flags a write the server refuses (%s) and keeps it pending', async (direction) => {
    refuseWrites('accueil', 'only desks of this site may write here');
    const { e, last } = engine({ accueil: direction });
    await e.start();
    await device.store.put('accueil', visit());
    await vi.waitFor(
      async () => expect(await device.rm.pending.get(`accueil/${visit()._id}`)).toMatchObject({ denied: 'only desks of this site may write here' }),
      WAIT
    );
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    expect(await device.rm.pending.count()).toBe(1);
  });

  it('reports a refused login as unauthorized and tells the app', async () => {
    const r = remote('accueil');
    const refuse = () => Promise.reject(Object.assign(new Error('You are not authorized'), { status: 401, name: 'unauthorized' }));
    vi.spyOn(r, 'info').mockImplementation(refuse as never);
    vi.spyOn(r, 'revsDiff').mockImplementation(refuse as never);
    vi.spyOn(r, 'bulkDocs').mockImplementation(refuse as never);
    vi.spyOn(r, 'changes').mockImplementation((() => {
      throw Object.assign(new Error('You are not authorized'), { status: 401, name: 'unauthorized' });
    }) as never);
    const onUnauthorized = vi.fn();
    const { e, last } = engine({ accueil: 'push' }, { onUnauthorized });
    await device.store.put('accueil', visit());
    await e.start();
    await vi.waitFor(() => expect(last().state).toBe('unauthorized'), WAIT);
    expect(onUnauthorized).toHaveBeenCalled();
    expect(last().lastError).toMatch(/^accueil: 401/);
    expect(await device.rm.pending.count()).toBe(1);
  });

  it('reports an unreachable server as offline', async () => {
    const r = remote('accueil');
    const down = () => Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 }));
    vi.spyOn(r, 'info').mockImplementation(down as never);
    vi.spyOn(r, 'revsDiff').mockImplementation(down as never);
    vi.spyOn(r, 'bulkDocs').mockImplementation(down as never);
    const { e, last } = engine({ accueil: 'push' });
    await device.store.put('accueil', visit());
    await e.start();
    await vi.waitFor(() => expect(last().state).toBe('offline'), WAIT);
    expect(last().lastError).toContain('Failed to fetch');
  });

  it('two-way: a push that fails while the pull is idle is offline, never up-to-date (found by the flapping-network test)', async () => {
    const { e, states, last } = engine({ accueil: 'both' });
    await e.start();
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    const r = remote('accueil');
    const down = () => Promise.reject(Object.assign(new Error('socket hang up'), { status: 0 }));
    vi.spyOn(r, 'revsDiff').mockImplementation(down as never);
    vi.spyOn(r, 'bulkDocs').mockImplementation(down as never);
    states.length = 0;
    await device.store.put('accueil', visit());
    await vi.waitFor(() => expect(last().state).toBe('offline'), WAIT);
    // PouchDB's sync() dropped the push's error and said "paused": up to date, with a write unsent.
    expect(states.slice(states.indexOf('syncing'))).toEqual(['syncing', 'offline']);
    expect(await device.rm.pending.count()).toBe(1);
  });

  it('a database waiting out a long back-off retries as soon as another one gets through (found by the server-kill test)', async () => {
    const r = remote('referentiel');
    const down = () => Promise.reject(Object.assign(new Error('socket hang up'), { status: 0 }));
    const spies = [vi.spyOn(r, 'info'), vi.spyOn(r, 'changes')].map((s) => s.mockImplementation(down as never));
    // A back-off far longer than the test: only the engine's own retry can bring it back.
    const { e, last } = engine({ accueil: 'push', referentiel: 'pull' }, { backOff: () => 3_600_000 });
    await e.start();
    await vi.waitFor(() => expect(last().perDb.referentiel).toBe('offline'), WAIT);
    spies.forEach((s) => s.mockRestore());
    await device.store.put('accueil', visit());
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
  });

  it('back online, reconnect() retries at once instead of waiting out the back-off', async () => {
    const r = remote('accueil');
    const down = () => Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 }));
    const spies = [vi.spyOn(r, 'info'), vi.spyOn(r, 'revsDiff'), vi.spyOn(r, 'bulkDocs')].map((s) => s.mockImplementation(down as never));
    const { e, last } = engine({ accueil: 'push' });
    await device.store.put('accueil', visit());
    await e.start();
    await vi.waitFor(() => expect(last().state).toBe('offline'), WAIT);
    // The network is back; the next scheduled retry is a second or more away.
    spies.forEach((s) => s.mockRestore());
    e.reconnect();
    // Restarted there and then, not at the next back-off tick.
    expect(last().state).toBe('starting');
    await vi.waitFor(async () => expect(await device.rm.pending.count()).toBe(0), WAIT);
    await e.stop();
  });

  it('reports stopped after stop() and ignores late events', async () => {
    const { e, states, last } = engine({ accueil: 'both' });
    await e.start();
    await vi.waitFor(() => expect(last().state).toBe('up-to-date'), WAIT);
    await e.stop();
    expect(last().state).toBe('stopped');
    expect(states.at(-1)).toBe('stopped');
    await device.store.put('accueil', visit());
    await new Promise((r) => setTimeout(r, 200));
    expect(last().state).toBe('stopped');
    await expect(remote('accueil').get(visit()._id)).rejects.toMatchObject({ status: 404 });
  });
});
