// The app's own Content-Security-Policy (svelte.config.js `kit.csp`, sync-server/src/web/static.ts):
// every face works under it without a single violation, and script planted in the page does not run.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES } from '../../support/devices';
import { enrol, takeCspViolations, useStack, waitForServiceWorker, goToSection } from '../support/harness';
import { checkIn } from '../support/kiosk';

const env = useStack(3, { workers: true });

/** The policy's directives by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values])
  );
}

const hashOf = (script: string) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;

/** The policy the page is running under, from its <meta> (null when there is none). */
const metaPolicy = (page: Page) =>
  page.evaluate(() => document.querySelector('meta[http-equiv="content-security-policy" i]')?.getAttribute('content') ?? null);

/** Plants an inline script, an eval and an inline handler in the page; returns what ran. */
function plantScripts(page: Page): Promise<{ inline: boolean; evaluated: string; handler: boolean }> {
  return page.evaluate(async () => {
    const w = window as unknown as { __planted?: number; __handler?: number };
    const s = document.createElement('script');
    s.textContent = 'window.__planted = 1;';
    document.head.append(s);
    // Later, from the page's own task: DevTools' evaluate is itself exempt from the eval check.
    const evaluated = await new Promise<string>((resolve) =>
      setTimeout(() => {
        try {
          (0, eval)('1');
          resolve('ran');
        } catch (err) {
          resolve((err as Error).name);
        }
      })
    );
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__handler = 1');
    img.src = 'data:,not-an-image';
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 300));
    img.remove();
    s.remove();
    return { inline: w.__planted === 1, evaluated, handler: w.__handler === 1 };
  });
}

/** Draws a signature on the pad with the mouse. */
async function sign(page: Page): Promise<void> {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 15, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 3 });
  await page.mouse.up();
}

it('serves the app shell with a strict policy, as a header (with frame-ancestors) and as a meta tag', async () => {
  for (const path of ['/', '/borne', '/affichage', '/recepisses', '/index.html']) {
    const res = await fetch(env.base + path);
    expect(res.status, path).toBe(200);
    const header = res.headers.get('content-security-policy');
    expect(header, path).toBeTruthy();
    const html = await res.text();
    const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(meta, `${path}: meta`).toBeTruthy();

    const h = directives(header!);
    expect(h.get('default-src')).toEqual(["'self'"]);
    expect(h.get('object-src')).toEqual(["'none'"]);
    expect(h.get('base-uri')).toEqual(["'self'"]);
    expect(h.get('form-action')).toEqual(["'self'"]);
    expect(h.get('frame-ancestors')).toEqual(["'none'"]);
    expect(h.get('connect-src')).toEqual(["'self'"]);
    expect(h.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    const scriptSrc = h.get('script-src') ?? [];
    expect(scriptSrc[0]).toBe("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    // Exactly the hashes of the inline bootstrap script(s) of the page, nothing else.
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => hashOf(m[1]!));
    expect(inline.length).toBeGreaterThan(0);
    expect(scriptSrc.slice(1).sort()).toEqual([...new Set(inline)].sort());

    // The meta carries the same policy, minus what a meta cannot carry.
    const m = directives(meta!);
    expect(m.has('frame-ancestors')).toBe(false);
    h.delete('frame-ancestors');
    expect(m).toEqual(h);
  }
  // Files other than pages get no policy of their own.
  expect((await fetch(`${env.base}/manifest.webmanifest`)).headers.get('content-security-policy')).toBeNull();
});

it('the desk works under the policy, planted script does not run (offline too), and receipts print, reprint and open from their PDF', async () => {
  const desk = env.tablets[0]!;
  const { page, context } = desk;
  await enrol(page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  expect(await waitForServiceWorker(page)).toBe(true);
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');
  expect(await metaPolicy(page)).toContain("script-src 'self' 'sha256-");

  // Planted script: refused, and reported (the reports are this test's, not a failure).
  expect(await plantScripts(page)).toEqual({ inline: false, evaluated: 'EvalError', handler: false });
  const refused = takeCspViolations(desk);
  expect(refused.some((v) => /script-src-elem \| inline/.test(v))).toBe(true);
  expect(refused.some((v) => /script-src \| eval/.test(v))).toBe(true);
  expect(refused.some((v) => /script-src-attr \| inline/.test(v))).toBe(true);

  for (const path of ['/evacuation', '/file', '/rendez-vous', '/reunions', '/salles', '/materiel', '/appareil']) {
    await page.goto(env.base + path);
    await page.locator('h1, h2').first().waitFor();
    await page.waitForTimeout(500);
    expect(takeCspViolations(desk), path).toEqual([]);
  }

  // Offline, index.html comes from the service worker's precache: the meta policy still holds.
  await context.setOffline(true);
  try {
    await page.goto(`${env.base}/recepisses`);
    await page.getByRole('heading', { name: 'Nouveau récépissé' }).waitFor();
    expect(await metaPolicy(page)).toContain("object-src 'none'");
    expect(await plantScripts(page)).toEqual({ inline: false, evaluated: 'EvalError', handler: false });
    expect(takeCspViolations(desk).length).toBeGreaterThan(0);
    await goToSection(page, 'Visiteurs');
    await page.getByLabel('Nom du visiteur').waitFor();
    expect(takeCspViolations(desk)).toEqual([]);
  } finally {
    await context.setOffline(false);
  }

  // A receipt: signature drawn to a canvas, PDF made, opened for printing in a blob: tab.
  await page.goto(`${env.base}/recepisses`);
  await page.getByRole('heading', { name: 'Nouveau récépissé' }).waitFor();
  await expect.poll(() => page.getByLabel('Démarche').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(4);
  await page.getByLabel('Dépôt de dossier').check();
  await page.getByLabel('Nom du déposant').fill('Inès Politique');
  await page.getByLabel('Identité vérifiée').check();
  await page.getByLabel('Démarche').selectOption({ label: 'Permis de construire' });
  await page.getByLabel('Formulaire Cerfa n° 13406 ou 13409').check();
  await sign(page);
  await page.getByRole('button', { name: 'Enregistrer le récépissé' }).click();
  await page.getByTestId('receipt-row').filter({ hasText: 'Inès Politique' }).first().waitFor();
  // Printing is an explicit step: the PDF opens in a tab of its own, under the policy.
  const [printTab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-receipt').click()]);
  await printTab.waitForLoadState('load').catch(() => undefined);
  expect(printTab.url()).toMatch(/^blob:/);
  await printTab.close();

  // Reprint from the attached PDF.
  await page.getByRole('button', { name: /Réimprimer le récépissé / }).first().click();
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-receipt').click()]);
  await tab.waitForLoadState('load').catch(() => undefined);
  expect(tab.url()).toMatch(/^blob:/);
  await tab.close();
  expect(takeCspViolations(desk)).toEqual([]);
});

it('the kiosk takes a check-in with its signature under the policy', async () => {
  const kiosk = env.tablets[1]!;
  const { page } = kiosk;
  await enrol(page, env.base, DEVICES.kioskCurial.name, DEVICES.kioskCurial.password);
  await page.waitForURL(/\/borne$/);
  expect(await metaPolicy(page)).toContain("img-src 'self' data: blob:");
  await checkIn(page, 'Léo Politique');
  expect(takeCspViolations(kiosk)).toEqual([]);
  expect(await plantScripts(page)).toEqual({ inline: false, evaluated: 'EvalError', handler: false });
  takeCspViolations(kiosk);
});

it('the hallway display runs under the policy, and the app refuses to be framed', async () => {
  const display = env.tablets[2]!;
  const { page } = display;
  await enrol(page, env.base, DEVICES.displayHdv.name, DEVICES.displayHdv.password);
  await page.waitForURL(/\/affichage$/);
  await page.getByTestId('display-clock').waitFor();
  await page.waitForTimeout(1500);
  expect(takeCspViolations(display)).toEqual([]);
  expect(await plantScripts(page)).toEqual({ inline: false, evaluated: 'EvalError', handler: false });
  takeCspViolations(display);

  // frame-ancestors 'none' (header only): another page cannot show the app in a frame.
  const other = await display.context.newPage();
  try {
    await other.setContent(`<iframe id="app" src="${env.base}/affichage"></iframe>`);
    await other.waitForTimeout(1500);
    const framed = other.frames().find((f) => f !== other.mainFrame());
    // Chromium puts its error page in the frame instead of the app.
    expect(framed?.url()).toMatch(/^chrome-error:/);
    const shown = await framed?.evaluate(() => document.querySelector('meta[content="#004a8f"]') !== null).catch(() => false);
    expect(shown ?? false).toBe(false);
    expect(takeCspViolations(display).some((v) => /frame-ancestors/.test(v))).toBe(true);
  } finally {
    await other.close();
    takeCspViolations(display);
  }
});
