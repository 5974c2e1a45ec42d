import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminHeader, startSyncServer } from '../../support/server';
import { registerVisit } from '../../../src/lib/visitors/repo';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES } from '../../support/devices';

type Server = Awaited<ReturnType<typeof startSyncServer>>;

/**
 * The server's per-device write bound answers 429 to a tablet with a large backlog: the
 * tablet's sync must back off and deliver everything, losing nothing (issue 8, finding 8).
 */
describe('a tablet over its write budget', () => {
  let dir: string;
  let server: Server;
  const lines: string[] = [];
  const log = { info: () => {}, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-budget-'));
    server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log, deviceBudget: { docsPerSecond: 50, burst: 100, concurrentWrites: 2 } });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('backs off on 429 and delivers its whole backlog, with nothing left pending', async () => {
    const tablet = await startDevice(server.url, DEVICES.deskCurial);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 600; i++) {
        const v = await registerVisit(
          tablet.store,
          { site: 'curial', visitorName: `Visiteur ${i}`, reason: 'Budget', serviceId: 'service:etat-civil', idChecked: true, doorOpenedBy: 'Agent' },
          { device: DEVICES.deskCurial.name, adviser: 'Agent' }
        );
        ids.push(v._id);
      }
      const onServer = async () => {
        const res = await fetch(`${server.url}/accueil/_all_docs`, { method: 'POST', headers: { Authorization: adminHeader(server), 'Content-Type': 'application/json' }, body: JSON.stringify({ keys: ids }) });
        const body = (await res.json()) as { rows: { error?: string }[] };
        return body.rows.filter((r) => !r.error).length;
      };
      await waitFor('the whole backlog on the server', async () => (await onServer()) === ids.length, 120_000, 500);
      await waitFor('nothing pending', async () => (await tablet.deps.rm.pending.count()) === 0, 30_000);
      expect(await onServer()).toBe(600);
      // It did hit the bound, more than once.
      expect(lines.filter((l) => l.includes('-> 429')).length).toBeGreaterThan(1);
    } finally {
      await tablet.destroy();
    }
  }, 180_000);
});
