import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { enrol, useStack } from '../support/harness';

// 200 % zoom of a 1280×768 screen is a 640×384 CSS px viewport: Chromium lays a zoomed page out
// exactly as a viewport of that size, so the size is set directly. 320 px wide is WCAG 1.4.10's.
const env = useStack(1);
const PAGES = ['/', '/materiel', '/reunions', '/coordination', '/recepisses', '/recepisses/listes', '/rendez-vous', '/file', '/salles', '/appareil', '/evacuation'];

it('at 200 % zoom the desk pages scrolled sideways and the header filled the screen: they reflow, the header stays small', async () => {
  const { page } = env.tablets[0]!;
  await enrol(page, env.base, DEVICES.coordinator.name, DEVICES.coordinator.password);
  await page.getByTestId('vigipirate-level').waitFor();
  const failures: string[] = [];
  for (const [width, height] of [[640, 384], [320, 512]] as const) {
    await page.setViewportSize({ width, height });
    for (const path of PAGES) {
      await page.goto(`${env.base}${path}`);
      await page.locator('main h1').first().waitFor({ state: 'attached' });
      await page.waitForTimeout(300);
      const { scroll, header } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth - innerWidth,
        header: document.querySelector('header:has(nav)')!.getBoundingClientRect().height
      }));
      // At 320 px only the header is held to reflow for now: several page bodies still scroll (see README/report).
      const headerScroll = await page.evaluate(() => document.querySelector('header:has(nav)')!.scrollWidth - innerWidth);
      if (headerScroll > 0) failures.push(`${width} ${path}: header scrolls ${headerScroll} px`);
      if (width === 640 && scroll > 0) failures.push(`${width} ${path}: scrolls ${scroll} px sideways`);
      if (header > height * (width === 640 ? 0.2 : 0.25)) failures.push(`${width} ${path}: header ${header} px high`);
    }
  }
  expect(failures).toEqual([]);
}, 300_000);
