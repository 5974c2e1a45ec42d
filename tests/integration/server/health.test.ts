import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../sync-server/src/log';
import { startSyncServer } from '../../../sync-server/src/server';

let dir: string;
let server: Awaited<ReturnType<typeof startSyncServer>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accueil-health-'));
  server = await startSyncServer({ port: 0, dataDir: dir, demo: false, workers: true, log: silentLogger });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it('GET /api/health in embedded mode: the engine answers, one process runs the workers, no auth, no personal data', async () => {
  const res = await fetch(`${server.url}/api/health`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ok: boolean; engine: unknown; workers: { mode: string; runsHere: boolean; lastRuns: Record<string, { ok: boolean }> } };
  expect(body).toMatchObject({ ok: true, engine: { reachable: true, nodes: 1 }, workers: { mode: 'single', runsHere: true } });
  // Retention and calendars run once at start: their rounds show up.
  await expect.poll(async () => Object.keys(((await (await fetch(`${server.url}/api/health`)).json()) as typeof body).workers.lastRuns).sort(), { timeout: 20_000 }).toEqual(expect.arrayContaining(['retention']));
  expect(JSON.stringify(body)).not.toMatch(/password|admin|http:/);
});
