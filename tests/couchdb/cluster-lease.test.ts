import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkin } from '$lib/testing/fixtures';
import { CouchClient, docPath } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { startProduction } from '../../sync-server/src/production';
import { LEASE_DB, LEASE_ID, type LeaseDoc } from '../../sync-server/src/workers/lease';
import { adminUrl } from '../support/couchdb';
import { couchWithDemo } from './helpers';

type Production = Awaited<ReturnType<typeof startProduction>>;
const LEASE_MS = 1500;

const kioskCheckin = (n: number) => {
  const at = new Date().toISOString();
  return checkin({ _id: `checkin:curial:${at}:lease${n}`, createdAt: at, visitorName: `Bail ${n}`, consent: 'at-desk' });
};

interface Health {
  ok: boolean;
  engine: { reachable: boolean; nodes: number };
  workers: { mode: string; thisProcess: string; runsHere: boolean; holder: string | null; leaseExpiresAt: string | null; lastRuns: Record<string, { at: string; ok: boolean }> };
}

/**
 * Two sync servers in CouchDB mode on one CouchDB (as two processes behind the proxy would be):
 * the workers run in the one holding the lease; when it dies without releasing, the other takes
 * over once the lease has expired. Each shows the same on `GET /api/health`.
 */
describe('the workers’ lease between two sync servers', () => {
  let client: CouchClient;
  let dirs: string[] = [];
  const servers: Production[] = [];
  const closed = new Set<Production>();
  const close = async (s: Production) => {
    if (closed.has(s)) return;
    closed.add(s);
    await s.close();
  };
  const logs = [memoryLogger(), memoryLogger()];

  beforeAll(async () => {
    const couch = await couchWithDemo();
    client = new CouchClient(adminUrl(couch));
    dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'accueil-lease-'))));
    for (const i of [0, 1]) {
      servers.push(await startProduction({ client: new CouchClient(adminUrl(couch)), webPort: 0, host: '127.0.0.1', demo: false, log: logs[i]!, leaseMs: LEASE_MS, dataDir: dirs[i]! }));
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map(close));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  const health = async (s: Production) => {
    const res = await fetch(`${s.webUrl}/api/health`);
    return { status: res.status, body: (await res.json()) as Health };
  };
  const leaseDoc = () => client.get<LeaseDoc>(docPath(LEASE_DB, LEASE_ID));
  const inAccueil = (id: string) => client.find(docPath('accueil', `visit:${id.slice('checkin:'.length)}`)).then((d) => !!d);

  it('only one of the two runs the workers, and both say which on /api/health (no auth, no personal data)', async () => {
    const [a, b] = servers as [Production, Production];
    await expect.poll(async () => [a.lease!.held, b.lease!.held].filter(Boolean).length).toBe(1);
    const holder = a.lease!.held ? a : b;
    const other = holder === a ? b : a;
    const ha = await health(holder);
    const hb = await health(other);
    expect(ha.status).toBe(200);
    expect(ha.body).toMatchObject({ ok: true, engine: { reachable: true, nodes: 1 }, workers: { mode: 'lease', runsHere: true, holder: holder.lease!.state.me } });
    expect(hb.body.workers).toMatchObject({ mode: 'lease', runsHere: false, holder: holder.lease!.state.me });
    // The workers ran once at the start, in the holder only.
    await expect.poll(async () => Object.keys((await health(holder)).body.workers.lastRuns).sort()).toEqual(['calendars', 'intake', 'retention']);
    expect(logs[servers.indexOf(other)]!.lines.filter((l) => /intake|retention|calendars/.test(l))).toEqual([]);
    // The other shows the holder's runs, as last written in the lease.
    await expect.poll(async () => Object.keys((await health(other)).body.workers.lastRuns).length).toBeGreaterThan(0);
    expect(JSON.stringify(hb.body)).not.toMatch(/password|admin|http:/);
  });

  it('the holder dies without releasing: the other takes over once the lease expired, and the kiosk inbox is emptied again', async () => {
    const holder = servers.find((s) => s.lease!.held)!;
    const other = servers.find((s) => s !== holder)!;
    const first = kioskCheckin(1);
    await client.put(docPath('borne', first._id), first);
    await expect.poll(() => inAccueil(first._id)).toBe(true);

    // A crash: renewals stop and nothing is released.
    await holder.lease!.stop(false);
    const before = await leaseDoc();
    await close(holder);
    const second = kioskCheckin(2);
    await client.put(docPath('borne', second._id), second);
    await expect.poll(() => other.lease!.held, { timeout: LEASE_MS * 10 }).toBe(true);
    const after = await leaseDoc();
    expect(after.holder).toBe(other.lease!.state.me);
    // Not before the dead holder's lease ran out.
    expect(Date.parse(after.renewedAt)).toBeGreaterThanOrEqual(Date.parse(before.expiresAt));
    await expect.poll(() => inAccueil(second._id)).toBe(true);
    expect(logs[servers.indexOf(other)]!.lines.some((l) => l.includes(`taken over from ${holder.lease!.state.me}`))).toBe(true);
    expect((await health(other)).body.workers).toMatchObject({ runsHere: true, holder: other.lease!.state.me });
  });

  it('a clean stop releases the lease at once', async () => {
    const holder = servers.find((s) => s.lease!.held)!;
    await close(holder);
    expect(Date.parse((await leaseDoc()).expiresAt)).toBeLessThan(Date.now());
  });
});
