// Storage pressure in Chromium: a small quota for the origin (DevTools protocol), a write the
// browser refuses, persistence, and an eviction of IndexedDB while changes were unsent.
import { expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { enrol, reapplyOffline, registerVisitor, signInIfAsked, useStack, waitForServiceWorker } from '../support/harness';

const env = useStack(1);
let cdp: CDPSession;

const FILLER = 'storage-pressure-filler';
/** Room for the app shell and the demo's first sync, small enough to fill in a few seconds. */
const QUOTA = 48 * 1024 * 1024;
const present = (page: Page, name: string) => page.getByTestId('present-row').filter({ hasText: name });
const pendingText = (page: Page) => page.getByTestId('sync-pending').textContent();

/**
 * Fills the origin's quota with incompressible bytes in an IndexedDB database of its own, in
 * smaller and smaller pieces until even 512 bytes are refused. Returns the name of the error.
 */
function fillQuota(page: Page): Promise<string | null> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('junk');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const put = (size: number, key: number) =>
      new Promise<string | null>((resolve) => {
        const bytes = new Uint8Array(size);
        for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65_536)));
        const tx = db.transaction('junk', 'readwrite');
        tx.objectStore('junk').put(bytes, key);
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(tx.error?.name ?? 'AbortError');
      });
    let refused: string | null = null;
    // Bounded: 1 MB pieces, halved on each refusal down to 512 bytes, at most 400 writes.
    for (let size = 1024 * 1024, key = 0; size >= 512 && key < 400; key++) {
      const error = await put(size, key);
      if (error) [refused, size] = [error, size / 2];
    }
    db.close();
    return refused;
  }, FILLER);
}

it('refuses a write in French when the quota is reached, keeps the form and every earlier visitor; shows persistence', async () => {
  const { page, context } = env.tablets[0]!;
  const { stack, base } = env;
  const origin = new URL(base).origin;
  cdp = await context.newCDPSession(page);
  // Before the app opens its databases: Chromium reads an origin's quota when it opens its
  // IndexedDB store, and an override sent while it is open is not enforced (checked).
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: QUOTA });
  const d = DEMO_DEVICES.deskCurial;
  await enrol(page, base, d.name, d.password);
  expect(await waitForServiceWorker(page)).toBe(true);
  await registerVisitor(page, 'Avant Alice');
  await expect.poll(() => pendingText(page), { timeout: 30_000 }).toContain('Tout est envoyé');

  // Asked at enrolment; a fresh headless profile is not granted it (not installed, no engagement).
  await page.goto(`${base}/appareil`);
  await expect.poll(() => page.getByTestId('storage-persisted').textContent()).toMatch(/^(oui|non)$/);
  expect(await page.getByTestId('storage-usage').textContent()).toMatch(/^\d[\d  ,]* (octets|Ko|Mo|Go)$/);
  await page.goto(base);
  await page.getByLabel('Nom du visiteur').waitFor();

  // Offline, one visitor registered: an unsent change the quota must not take away.
  await stack.stop();
  await context.setOffline(true);
  await registerVisitor(page, 'Hors-Ligne Bruno');
  await expect.poll(() => present(page, 'Hors-Ligne Bruno').count()).toBe(1);

  expect(await fillQuota(page)).toBe('QuotaExceededError');

  await page.getByLabel('Nom du visiteur').fill('Plein Chloé');
  await page.getByRole('searchbox', { name: 'Service' }).fill('urbanisme');
  await page.getByRole('list', { name: 'Services correspondants' }).getByRole('button').first().click();
  await page.getByLabel('Identité contrôlée').check();
  await page.getByLabel('Porte ouverte par').fill('Agent E2E');
  await page.getByRole('button', { name: "Enregistrer l'arrivée" }).click();
  const alert = page.getByTestId('storage-full');
  await expect.poll(() => alert.textContent()).toContain("Espace de stockage plein sur cette tablette : la saisie n'est pas enregistrée.");
  expect(await alert.getAttribute('role')).toBe('alert');
  expect(await page.getByLabel('Nom du visiteur').inputValue()).toBe('Plein Chloé');
  expect(await page.getByLabel('Porte ouverte par').inputValue()).toBe('Agent E2E');
  expect(await present(page, 'Plein Chloé').count()).toBe(0);
  expect(await present(page, 'Avant Alice').count()).toBe(1);
  expect(await present(page, 'Hors-Ligne Bruno').count()).toBe(1);

  // Space freed, the app started again: every earlier visitor is there, and writes work again.
  await page.evaluate((name) => new Promise((resolve) => (indexedDB.deleteDatabase(name).onsuccess = resolve)), FILLER);
  await page.reload();
  await page.getByLabel('Nom du visiteur').waitFor();
  await reapplyOffline(context);
  for (const name of ['Avant Alice', 'Hors-Ligne Bruno']) await expect.poll(() => present(page, name).count()).toBe(1);
  await registerVisitor(page, 'Plein Chloé');

  // Granted as Chromium grants an installed PWA (after the quota part: Chromium does not hold a
  // persisted origin to the overridden quota), then asked for again from « Appareil ».
  await cdp.send('Browser.grantPermissions', { origin, permissions: ['durableStorage'] });
  await page.goto(`${base}/appareil`);
  const ask = page.getByRole('button', { name: 'Demander le stockage persistant' });
  if ((await page.getByTestId('storage-persisted').textContent()) !== 'oui') await ask.click();
  await expect.poll(() => page.getByTestId('storage-persisted').textContent()).toBe('oui');
  await page.goto(base);
  await page.getByLabel('Nom du visiteur').waitFor();
  await reapplyOffline(context);
});

it('tells on start that the browser wiped its databases with unsent changes, then takes the server’s data again', async () => {
  const { page, context } = env.tablets[0]!;
  const { stack, base } = env;
  const origin = new URL(base).origin;
  const unsent = Number(/(\d+) modifications? à envoyer/.exec((await pendingText(page)) ?? '')?.[1]);
  expect(unsent).toBeGreaterThanOrEqual(2); // Bruno and Chloé at least
  // The marker outside IndexedDB has counted them.
  await expect.poll(() => page.evaluate(() => (JSON.parse(localStorage.getItem('accueil.device') ?? '{}') as { unsent?: number }).unsent)).toBe(unsent);

  // What Chromium's eviction takes: IndexedDB (PouchDB and the Dexie read model), not localStorage.
  await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
  await page.reload();
  const notice = page.getByTestId('eviction-notice');
  await expect.poll(() => notice.textContent()).toContain(`Les données locales de cette tablette ont été effacées par le navigateur ; ${unsent} modifications n'avaient pas été envoyées`);
  expect(await notice.getAttribute('role')).toBe('alert');
  await reapplyOffline(context);

  // Back online, the tablet enrols itself again from the marker and syncs from the server.
  await stack.restart();
  await context.setOffline(false);
  await signInIfAsked(page);
  await expect.poll(() => present(page, 'Avant Alice').count(), { timeout: 60_000 }).toBe(1);
  expect(await present(page, 'Hors-Ligne Bruno').count()).toBe(0);

  // Told until acknowledged, then not again.
  await page.reload();
  await notice.waitFor();
  await page.getByRole('button', { name: "J'ai compris" }).click();
  await page.reload();
  await page.getByLabel('Nom du visiteur').waitFor();
  expect(await notice.count()).toBe(0);
});
