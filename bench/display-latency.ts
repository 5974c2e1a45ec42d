// Hallway display update latency: a meeting saved at a desk (the app's repository, in Node)
// → shown on the display (the built app in Chromium, enrolled as the Hôtel de Ville display).
// Baseline in the same run: raw PouchDB write → server → raw PouchDB changes feed, on the
// planning database with the same two accounts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb';
import { chromium } from 'playwright-core';
import { deleteMeeting, saveMeeting } from '../src/lib/meetings/repo';
import { parisWallClock } from '../src/lib/domain/zoned';
import { startDevice, waitFor } from '../tests/support/clients';
import { DEVICES } from '../tests/support/devices';
import type { TestServer } from '../tests/support/server';
import { step } from './steps';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Installed in the page before each write, so the wait starts before the change can land. */
const ARM = `window.__shown = new Promise((resolve) => {
  const seen = () => [...document.querySelectorAll('[data-testid="display-meeting"]')].some((r) => r.textContent.includes(TITLE));
  const obs = new MutationObserver(() => { if (seen()) { obs.disconnect(); resolve(true); } });
  obs.observe(document.body, { childList: true, subtree: true, characterData: true });
}); true`;

export async function displayLatency(server: TestServer, rounds: number): Promise<{ app: number[]; raw: number[] }> {
  const profile = await mkdtemp(join(tmpdir(), 'accueil-bench-display-'));
  // Tall, so a new meeting is on the first page whatever the time of day.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 4000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  // Every browser wait is bounded: a missing button fails the step, it does not stall the run.
  context.setDefaultTimeout(30_000);
  const desk = await step('display: start the desk tablet', 60_000, () => startDevice(server.url, DEVICES.deskHdv));
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await step('display: open the enrolment page', 60_000, async () => {
      await page.goto(`${server.webUrl}/enrolement`);
      await page.getByRole('button', { name: 'Identifiant et mot de passe' }).click();
    });
    await step('display: enrol the display', 90_000, async () => {
      await page.getByLabel("Identifiant de l'appareil").fill(DEVICES.displayHdv.name);
      await page.getByLabel('Mot de passe').fill(DEVICES.displayHdv.password);
      await page.getByRole('button', { name: 'Enrôler', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/affichage', { timeout: 60_000 });
    });
    await step('display: desk synced', 70_000, () => waitFor('desk synced', async () => desk.engine.snapshot().state === 'up-to-date', 60_000));
    await new Promise((r) => setTimeout(r, 2000));

    const actor = { device: DEVICES.deskHdv.name, adviser: 'Bench' };
    const app: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const title = `Mesure affichage ${i}`;
      // Under way now, so the display shows it (meetings over are not shown).
      const from = parisWallClock(Date.now() - 60_000);
      const to = parisWallClock(Date.now() + 20 * 60_000);
      const input = { roomId: 'room:hdv:salle-du-conseil', title, organiser: 'Bench', day: from.day, startTime: from.time, endTime: to.day === from.day ? to.time : '23:59', expectedAttendees: '' };
      await step(`display round ${i + 1}: arm the page`, 30_000, () => page.evaluate(ARM.replace('TITLE', JSON.stringify(title))));
      const t0 = performance.now();
      const doc = await saveMeeting(desk.store, 'hdv', input, actor);
      await step(`display round ${i + 1}: meeting shown`, 30_000, () => page.evaluate('window.__shown'));
      app.push(performance.now() - t0);
      await deleteMeeting(desk.store, doc._id);
    }

    const auth = (d: { name: string; password: string }) => ({ username: d.name, password: d.password });
    const a = new PouchDB(`raw-display-a-${Date.now()}`, { adapter: 'memory' });
    const b = new PouchDB(`raw-display-b-${Date.now()}`, { adapter: 'memory' });
    const push = a.replicate.to(new PouchDB(`${server.url}/planning`, { skip_setup: true, auth: auth(DEVICES.deskHdv) }), { live: true, retry: true });
    const pull = b.replicate.from(new PouchDB(`${server.url}/planning`, { skip_setup: true, auth: auth(DEVICES.displayHdv) }), { live: true, retry: true });
    await new Promise((r) => setTimeout(r, 1500));
    const raw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = `meeting:hdv:${new Date().toISOString()}:raw${i}`;
      const arrived = new Promise<void>((resolve) => {
        const feed = b.changes({ since: 'now', live: true }).on('change', (c) => {
          if (c.id === id) {
            feed.cancel();
            resolve();
          }
        });
      });
      const t0 = performance.now();
      const start = new Date().toISOString();
      const put = a.put({ _id: id, type: 'meeting', v: 1, site: 'hdv', roomId: 'room:hdv:salle-du-conseil', title: `Raw ${i}`, organiser: 'Bench', start, end: new Date(Date.now() + 600_000).toISOString(), source: 'manual' });
      await step(`display baseline round ${i + 1}: change on the display account`, 30_000, () => Promise.all([put, arrived]));
      raw.push(performance.now() - t0);
    }
    push.cancel();
    pull.cancel();
    await a.destroy();
    await b.destroy();
    return { app, raw };
  } finally {
    await desk.destroy();
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
