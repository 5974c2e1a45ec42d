// First sync in a real browser: the built app on a fresh Chromium profile, enrolled as a desk,
// until its read model holds the year of data; against raw PouchDB (the same library, in the
// same browser, on IndexedDB) replicating the same databases from the same server.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { DEVICES } from '../tests/support/devices';
import type { TestServer } from '../tests/support/server';
import { step } from './steps';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Timed inside the page: tap on « Enregistrer l'arrivée » → the row is in the DOM. A string,
 * because tsx would wrap a named function with a helper the page does not have.
 */
const TIMED_REGISTER = `new Promise((resolve) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.includes("Enregistrer l'arrivée"));
  const t = performance.now();
  const obs = new MutationObserver(() => {
    if ([...document.querySelectorAll('[data-testid="present-row"]')].some((r) => r.textContent.includes(NAME))) {
      obs.disconnect();
      resolve(performance.now() - t);
    }
  });
  obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  button.click();
})`;

async function browser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'accueil-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  // Every browser wait is bounded: a missing button fails the step, it does not stall the run.
  context.setDefaultTimeout(30_000);
  return { context, close: async () => { await context.close(); await rm(profile, { recursive: true, force: true }); } };
}

/** How many documents of each projected kind the read model must hold when done. */
export interface Expected {
  visits: number;
  appointments: number;
  meetings: number;
}

/** In the page: what the read model holds, and whether the first-sync banner is still shown. */
const READ_MODEL_STATE = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="first-sync"]');
  const banner = !!el;
  const pulling = !!el && el.textContent.includes('documents reçus');
  const req = indexedDB.open('accueil-read-model');
  req.onsuccess = () => {
    const db = req.result;
    const stores = ['visits', 'appointments', 'meetings'];
    if (!stores.every((s) => db.objectStoreNames.contains(s))) { db.close(); return resolve({ banner, pulling, visits: 0, appointments: 0, meetings: 0 }); }
    const tx = db.transaction(stores);
    const out = { banner, pulling };
    let left = stores.length;
    for (const s of stores) {
      const c = tx.objectStore(s).count();
      c.onsuccess = () => { out[s] = c.result; if (--left === 0) { db.close(); resolve(out); } };
    }
    tx.onerror = () => { db.close(); resolve({ banner, pulling, visits: 0, appointments: 0, meetings: 0 }); };
  };
  req.onerror = () => resolve({ banner, pulling, visits: 0, appointments: 0, meetings: 0 });
})`;

/** What the origin's storage holds, in bytes (IndexedDB for both the app and raw PouchDB). */
const USAGE = 'navigator.storage.estimate().then((e) => e.usage ?? 0)';

/**
 * In the real app: milliseconds from the enrolment tap to a read model holding what the server
 * holds, with the first-sync banner gone; the origin's storage then; then, with that data
 * present, milliseconds from the tap on « Enregistrer l'arrivée » to the new row in the present
 * list, `rounds` times.
 */
export async function appFirstSync(server: TestServer, want: Expected, rounds = 30): Promise<{ firstSync: number; pulled: number; register: number[]; usage: number }> {
  const b = await step('first sync in Chromium: start Chromium', 60_000, () => browser());
  try {
    const page = b.context.pages()[0] ?? (await b.context.newPage());
    await step('first sync in Chromium: open the enrolment page', 60_000, async () => {
      await page.goto(`${server.webUrl}/enrolement`);
      await page.getByRole('button', { name: 'Identifiant et mot de passe' }).click();
      await page.getByLabel("Identifiant de l'appareil").fill(DEVICES.deskHdv.name);
      await page.getByLabel('Mot de passe').fill(DEVICES.deskHdv.password);
    });
    const t0 = Date.now();
    // When the banner stops counting received documents: the pull is done, indexing goes on.
    let pulled = NaN;
    let sawPulling = false;
    await step('first sync in Chromium: tap « Enrôler »', 30_000, () => page.getByRole('button', { name: 'Enrôler', exact: true }).click());
    await step('first sync in Chromium: desk home after enrolment', 70_000, () => page.waitForURL((u) => u.pathname === '/', { timeout: 60_000 }));
    await step(`first sync in Chromium: ${want.visits} visits, ${want.appointments} appointments, ${want.meetings} meetings, banner gone`, 15 * 60_000, async () => {
      for (;;) {
        const s = (await page.evaluate(READ_MODEL_STATE)) as Expected & { banner: boolean; pulling: boolean };
        if (s.pulling) sawPulling = true;
        else if (sawPulling && Number.isNaN(pulled)) pulled = Date.now() - t0;
        if (!s.banner && s.visits >= want.visits && s.appointments >= want.appointments && s.meetings >= want.meetings) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    const firstSync = Date.now() - t0;
    const usage = (await page.evaluate(USAGE)) as number;
    const register: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const name = `Mesure ${i}`;
      await step(`register round ${i + 1}: fill the visitor form`, 60_000, async () => {
        await page.getByLabel('Nom du visiteur').fill(name);
        await page.getByRole('searchbox', { name: 'Service' }).fill('etat civil');
        await page.getByRole('list', { name: 'Services correspondants' }).getByRole('button').first().click();
        await page.getByLabel('Identité contrôlée').check();
        await page.getByLabel('Porte ouverte par').fill('Bench');
      });
      register.push(await step(`register round ${i + 1}: row shown`, 30_000, () => page.evaluate(TIMED_REGISTER.replace('NAME', JSON.stringify(name)))));
    }
    return { firstSync, pulled, register, usage };
  } finally {
    await b.close();
  }
}

/**
 * Raw PouchDB in the same browser replicating the desk's databases with PouchDB's defaults
 * (batch_size 100, batches_limit 10), or with `batchSize` (the app's first pull, for the
 * stricter comparison): milliseconds, and the origin's storage afterwards.
 */
export async function rawFirstSync(server: TestServer, batchSize?: number): Promise<{ ms: number; usage: number }> {
  const b = await step('raw first sync in Chromium: start Chromium', 60_000, () => browser());
  try {
    const page = b.context.pages()[0] ?? (await b.context.newPage());
    // Same origin as the app, so the same /db proxy and no CORS.
    await page.route(`${server.webUrl}/bench-blank`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await page.goto(`${server.webUrl}/bench-blank`);
    const script = await readFile(createRequire(import.meta.url).resolve('pouchdb/dist/pouchdb.min.js'), 'utf8');
    await page.addScriptTag({ content: script });
    const ms = await step('raw first sync in Chromium: replicate', 15 * 60_000, () => page.evaluate(
      async ([name, password, batch]) => {
        const P = (window as unknown as { PouchDB: new (n: string, o?: object) => { replicate: { from(r: unknown, o?: object): Promise<unknown> } } }).PouchDB;
        const t0 = performance.now();
        await Promise.all(
          ['accueil', 'planning', 'referentiel'].map((db) =>
            new P(`raw-${db}`).replicate.from(new P(`${location.origin}/db/${db}`, { skip_setup: true, auth: { username: name, password } }), batch ? { batch_size: batch } : {})
          )
        );
        return performance.now() - t0;
      },
      [DEVICES.deskHdv.name, DEVICES.deskHdv.password, batchSize ?? 0] as const
    ));
    return { ms, usage: (await page.evaluate(USAGE)) as number };
  } finally {
    await b.close();
  }
}
