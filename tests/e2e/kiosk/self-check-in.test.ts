import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack, type Tablet } from '../support/harness';
import { checkIn } from '../support/kiosk';

// With the server's workers, as `npm start` runs: the intake moves check-ins to the desk.
const env = useStack(2, { workers: true });


/** Every string stored in every IndexedDB database of the page's origin. */
function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => resolve([]);
        });
        out.push(`${info.name}/${store}: ` + JSON.stringify(rows, (_k, v) => (v instanceof Blob ? `[blob ${v.size}]` : v)));
      }
      db.close();
    }
    return out.join('\n');
  });
}

it('a visitor checks in at the kiosk, offline too, and the kiosk keeps nothing personal', async () => {
  const [kiosk, desk] = env.tablets as [Tablet, Tablet];
  const { page, context } = kiosk;
  await enrol(page, env.base, DEVICES.kioskCurial.name, DEVICES.kioskCurial.password);
  await page.waitForURL(/\/borne$/);
  await enrol(desk.page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  await desk.page.goto(`${env.base}/file`);

  await checkIn(page, 'Zoé Kiosque');
  // The queue number is shown at once, from the kiosk's own series.
  expect(await page.getByTestId('kiosk-ticket').textContent()).toBe('K1');
  // At the desk of the same building, the visitor waits with the number the kiosk showed.
  await desk.page.getByText('Zoé Kiosque').first().waitFor({ timeout: 30_000 });
  expect(await desk.page.getByText('K1', { exact: true }).count()).toBeGreaterThan(0);
  // Once the server has it, nothing of the visitor is left in the kiosk's storage.
  await expect.poll(() => storedText(page), { timeout: 30_000 }).not.toContain('Zoé Kiosque');
  await page.getByRole('button', { name: 'Terminer' }).click();

  // Offline: the check-in waits on the kiosk and is sent when the network is back.
  await env.stack.stop();
  await context.setOffline(true);
  await checkIn(page, 'Olivier Horsligne');
  expect(await page.getByTestId('kiosk-ticket').textContent()).toBe('K2');
  await page.getByText('La borne est hors ligne').waitFor();
  await env.stack.restart();
  await context.setOffline(false);
  await desk.page.getByText('Olivier Horsligne').first().waitFor({ timeout: 90_000 });
  await expect.poll(() => storedText(page), { timeout: 30_000 }).not.toContain('Olivier Horsligne');

  // With an appointment: the confirmation code is checked on the kiosk and sent with the check-in.
  await page.getByRole('button', { name: 'Terminer' }).click();
  await page.getByRole('button', { name: "J'ai un rendez-vous" }).click();
  await page.getByLabel('Code de confirmation de votre rendez-vous').fill('ab1');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByText('Ce code doit compter 6 ou 7 lettres ou chiffres.').waitFor();
  await page.getByLabel('Code de confirmation de votre rendez-vous').fill('abc234');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByLabel('Votre nom').waitFor();
  expect(await page.getByText('Rendez-vous', { exact: true }).count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
});
