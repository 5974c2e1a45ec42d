import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, goToSection, useStack, type Tablet } from '../support/harness';
import { checkIn } from '../support/kiosk';

const env = useStack(2, { workers: true });
const SECTIONS: [string, RegExp][] = [
  ['Visiteurs', /\/$/], ['File d’attente', /\/file$/], ['Rendez-vous', /\/rendez-vous$/], ['Récépissés', /\/recepisses$/],
  ['Réunions', /\/reunions$/], ['Salles', /\/salles$/], ['Matériel', /\/materiel$/], ['Appareil', /\/appareil$/],
  ['Coordination', /\/coordination$/], ['Évacuation', /\/evacuation$/]
];
const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });
const headerHeight = async (page: Page) => (await page.locator('header:has(nav)').boundingBox())!.height;

it('the header wrapped onto four rows at 1024×768: now one row at 1024×768, 1280×800 and 768×1024, and the form’s submit button is above the fold', async () => {
  const { page } = env.tablets[0]!;
  await enrol(page, env.base, DEVICES.coordinator.name, DEVICES.coordinator.password);
  await page.getByTestId('vigipirate-level').waitFor();
  // The first synchronisation's banner is a one-off on a new tablet, not the desk's daily layout.
  await page.getByTestId('first-sync').waitFor({ state: 'detached', timeout: 60_000 });
  for (const [width, height] of [[1024, 768], [1280, 800], [768, 1024]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(env.base);
    await page.getByLabel('Nom du visiteur').waitFor();
    expect(await headerHeight(page), `${width}×${height}`).toBeLessThanOrEqual(64);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), `${width}: sideways scroll`).toBeLessThanOrEqual(0);
    const submit = (await page.getByRole('button', { name: "Enregistrer l'arrivée" }).boundingBox())!;
    if (width === 1024) expect(submit.y + submit.height).toBeLessThanOrEqual(height);
  }
});

it('every section is two clicks away from every page, and the current one is marked', async () => {
  const { page } = env.tablets[0]!;
  for (const [width, height] of [[1024, 768], [768, 1024]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(env.base);
    for (const [from] of SECTIONS) {
      await goToSection(page, from);
      for (const [to, url] of SECTIONS) {
        await goToSection(page, to);
        await page.waitForURL(url);
        const current = nav(page).locator('a[aria-current="page"]');
        expect(await current.locator('.label').textContent()).toBe(to);
        if (to !== 'Évacuation') expect(await nav(page).locator('button[aria-current="true"]').count()).toBe(1);
        await goToSection(page, from);
      }
      if (width === 768) break; // the folded menu: one full walk is enough
    }
  }
  // Evacuation is one tap away on every page: never inside a menu.
  expect(await nav(page).getByRole('link', { name: 'Évacuation' }).isVisible()).toBe(true);
});

it('keyboard only: the skip link comes first, a group opens with Enter, arrows reach its sections, Escape closes it and the sync panel', async () => {
  const { page } = env.tablets[0]!;
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${env.base}/file`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
  expect(await page.getByRole('link', { name: 'Aller au contenu' }).isVisible()).toBe(true);
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');

  const group = nav(page).getByRole('button', { name: /^Public/ });
  await group.focus();
  await page.keyboard.press('Enter');
  expect(await group.getAttribute('aria-expanded')).toBe('true');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Visiteurs');
  await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('page');
  await page.keyboard.press('Escape');
  expect(await group.getAttribute('aria-expanded')).toBe('false');
  expect(await group.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Visiteurs');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/recepisses$/);

  // 17h: Escape closed nothing on the sync panel.
  const sync = page.getByTestId('sync-status').getByRole('button');
  await sync.focus();
  await page.keyboard.press('Space');
  await page.locator('#sync-details').waitFor();
  await page.keyboard.press('Escape');
  expect(await page.locator('#sync-details').count()).toBe(0);
  expect(await sync.evaluate((el) => el === document.activeElement)).toBe(true);
});

it('a group menu open has no serious accessibility violation', async () => {
  const { page } = env.tablets[0]!;
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${env.base}/materiel`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await nav(page).getByRole('button', { name: /^Locaux/ }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 640, height: 384 });
  await nav(page).getByRole('button', { name: /^Menu/ }).click();
  expect(await seriousViolations(page)).toEqual([]);
});

it('a kiosk arrival was visible only under « File d’attente »: the queue and its group now show a badge', async () => {
  const [desk, kiosk] = env.tablets as [Tablet, Tablet];
  await desk.page.setViewportSize({ width: 1024, height: 768 });
  await desk.page.goto(`${env.base}/salles`);
  await enrol(kiosk.page, env.base, DEVICES.kioskCurial.name, DEVICES.kioskCurial.password);
  await kiosk.page.waitForURL(/\/borne$/);
  const group = nav(desk.page).getByRole('button', { name: /^Public/ });
  expect(await group.textContent()).not.toMatch(/borne/);
  await checkIn(kiosk.page, 'Badge Borne');
  await expect.poll(() => group.textContent(), { timeout: 60_000 }).toContain('1 arrivée à la borne en attente');
  await group.click();
  const queue = nav(desk.page).getByRole('link', { name: /^File d’attente/ });
  expect(await queue.textContent()).toContain('(1 arrivée à la borne en attente)');
  expect(await queue.locator('.badge').textContent()).toBe('1');
});
