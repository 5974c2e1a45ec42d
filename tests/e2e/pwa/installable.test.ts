// Installability: every face links a valid web manifest (the desk's, or the kiosk's and the
// display's own, fullscreen), its icons load, the service worker controls the page, and
// Chromium itself reports no installability error.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES } from '../../support/devices';
import { enrol, useStack, waitForServiceWorker, type Tablet } from '../support/harness';

const env = useStack(3);

interface Manifest {
  id?: string;
  name?: string;
  short_name?: string;
  start_url?: string;
  scope?: string;
  display?: string;
  theme_color?: string;
  icons?: { src: string; sizes: string; type: string; purpose?: string }[];
}

/** The manifest the page links, as the browser would fetch it (same origin, under the CSP). */
async function linkedManifest(page: Page): Promise<{ href: string; manifest: Manifest }> {
  const href = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? null);
  expect(href, 'a <link rel="manifest"> in the page').toBeTruthy();
  const res = await page.request.get(href!);
  expect(res.status(), href!).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  return { href: href!, manifest: (await res.json()) as Manifest };
}

/** Checks what a browser needs to install the app from `manifest`; returns its icons' sizes. */
async function expectInstallable(page: Page, manifest: Manifest, want: { start: string; display: string }): Promise<void> {
  expect(manifest.name).toMatch(/^Accueil/);
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.start_url).toBe(want.start);
  expect(manifest.id).toBe(want.start);
  expect(manifest.scope).toBe('/');
  expect(manifest.display).toBe(want.display);
  expect(manifest.theme_color).toBe('#004a8f');
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons?.find((i) => i.sizes === size && (i.purpose ?? 'any') === 'any');
    expect(icon, `icon ${size}`).toBeDefined();
    expect(icon!.type).toBe('image/png');
    const res = await page.request.get(new URL(icon!.src, page.url()).href);
    expect(res.status(), icon!.src).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
    // The PNG header's width: the file really is the size the manifest says.
    const png = await res.body();
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(size);
  }
}

/** Chromium's own view (DevTools protocol): the manifest it parsed and its installability errors. */
async function chromiumVerdict(tablet: Tablet): Promise<{ url: string; errors: string[] }> {
  const cdp = await tablet.context.newCDPSession(tablet.page);
  try {
    const got = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
    expect(got.errors.map((e) => e.message), 'manifest parse errors').toEqual([]);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    return { url: got.url, errors: installabilityErrors.map((e) => e.errorId) };
  } finally {
    await cdp.detach();
  }
}

it('the built index.html linked no web manifest: the desk app is installable (manifest, icons, service worker)', async () => {
  const [desk] = env.tablets as [Tablet];
  await enrol(desk.page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  expect(await waitForServiceWorker(desk.page)).toBe(true);
  const { href, manifest } = await linkedManifest(desk.page);
  expect(new URL(href).pathname).toBe('/manifest.webmanifest');
  await expectInstallable(desk.page, manifest, { start: '/', display: 'standalone' });
  await expect.poll(async () => (await chromiumVerdict(desk)).url, { timeout: 10_000 }).toBe(href);
  expect((await chromiumVerdict(desk)).errors).toEqual([]);
});

it('the kiosk and display manifest switch did nothing: /borne and /affichage link their own fullscreen manifest', async () => {
  const [, kiosk, display] = env.tablets as [Tablet, Tablet, Tablet];
  for (const [tablet, device, slug] of [[kiosk, DEVICES.kioskCurial, 'borne'], [display, DEVICES.displayHdv, 'affichage']] as const) {
    await enrol(tablet.page, env.base, device.name, device.password);
    await tablet.page.waitForURL(new RegExp(`/${slug}$`));
    expect(await waitForServiceWorker(tablet.page)).toBe(true);
    await expect.poll(async () => new URL((await linkedManifest(tablet.page)).href).pathname).toBe(`/manifest-${slug}.webmanifest`);
    const { href, manifest } = await linkedManifest(tablet.page);
    await expectInstallable(tablet.page, manifest, { start: `/${slug}`, display: 'fullscreen' });
    // Chromium follows the link's change: the app it would install is the kiosk's or the display's.
    await expect.poll(async () => (await chromiumVerdict(tablet)).url, { timeout: 10_000 }).toBe(href);
    expect((await chromiumVerdict(tablet)).errors).toEqual([]);
    const parsed = await tablet.page.evaluate(() => matchMedia('(display-mode: browser)').matches);
    expect(parsed).toBe(true); // not installed here, only installable
  }
});
