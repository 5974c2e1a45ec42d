// Starts the sync server with the built app on free ports, and Chromium tablets with their
// own empty profiles. Everything is removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startSyncServer } from '../../support/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BUILD = join(process.cwd(), 'build');

export type Server = Awaited<ReturnType<typeof startSyncServer>>;

export interface Stack {
  server: Server;
  dataDir: string;
  /** Stops the server (the network is "down" for every tablet). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** `workers`: run the server's background workers (kiosk intake, retention) as `npm start` does. */
export async function startStack(opts: { workers?: boolean } = {}): Promise<Stack> {
  if (!existsSync(join(BUILD, 'index.html'))) throw new Error('build/ is missing: run `npx vite build` first');
  const dataDir = await mkdtemp(join(tmpdir(), 'accueil-e2e-'));
  const first = await startSyncServer({ port: 0, webPort: 0, webRoot: BUILD, dataDir, demo: true, log: false, workers: opts.workers });
  const ports = { port: first.port, webPort: Number(new URL(first.webUrl!).port) };
  const stack: Stack = {
    server: first,
    dataDir,
    async stop() {
      await stack.server.close();
    },
    async restart() {
      stack.server = await startSyncServer({ ...ports, webRoot: BUILD, dataDir, demo: true, log: false, workers: opts.workers });
    },
    async dispose() {
      await stack.server.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  return stack;
}

export interface Tablet {
  context: BrowserContext;
  page: Page;
  /**
   * Content-Security-Policy violations seen in any page or frame of the tablet since the last
   * `takeCspViolations` (the `securitypolicyviolation` events, and Chromium's CSP console errors).
   * `useStack` fails every test that leaves one behind.
   */
  csp: string[];
  close(): Promise<void>;
}

/** Empties and returns the tablet's recorded CSP violations. */
export const takeCspViolations = (t: Tablet): string[] => t.csp.splice(0);

/** Reports every `securitypolicyviolation` of every document (frames included) to the test. */
const CSP_LISTENER = `(() => {
  const report = (e) => {
    const binding = globalThis.__e2eCspViolation;
    if (typeof binding === 'function') binding([e.effectiveDirective || e.violatedDirective, e.blockedURI || '(inline)', e.sourceFile ? e.sourceFile + ':' + e.lineNumber : '', location.href].join(' | '));
  };
  document.addEventListener('securitypolicyviolation', report, true);
})();`;

/** Records CSP violations of every page of `context` into `into`. */
async function watchCsp(context: BrowserContext, into: string[]): Promise<void> {
  await context.exposeBinding('__e2eCspViolation', (_source, text: string) => {
    into.push(`violation: ${text}`);
  });
  await context.addInitScript({ content: CSP_LISTENER });
  context.on('console', (msg) => {
    if (/content security policy/i.test(msg.text())) into.push(`console ${msg.type()}: ${msg.text()}`);
  });
}

/** A fresh Chromium profile, as a newly unboxed tablet. */
export async function openTablet(): Promise<Tablet> {
  const profile = await mkdtemp(join(tmpdir(), 'accueil-chromium-'));
  const tablet = await launchOnProfile(profile);
  return {
    ...tablet,
    async close() {
      await tablet.close();
      await rm(profile, { recursive: true, force: true });
    }
  };
}

/**
 * Chromium on an existing profile folder, which `close` keeps: a tablet switched off and on
 * again (tests of what the profile holds on disk).
 */
export async function launchOnProfile(profile: string): Promise<Tablet> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  const csp: string[] = [];
  await watchCsp(context, csp);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => console.error('[page error]', err));
  return {
    context,
    page,
    csp,
    async close() {
      await context.close();
    }
  };
}

/** Enrols the tablet with a device account's name and password, as an adviser would. */
export async function enrol(page: Page, baseUrl: string, name: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.waitForURL(/\/enrolement/);
  await page.getByRole('button', { name: 'Identifiant et mot de passe' }).click();
  await page.getByLabel("Identifiant de l'appareil").fill(name);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Enrôler', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/enrolement'));
  await signInIfAsked(page);
}

/** The demo's advisers all have this PIN (sync-server/src/setup/demo-advisers.ts). */
export const DEMO_PIN = '1234';

/**
 * Signs an adviser in for the shift (« Prise de poste »): picks the name, types the PIN.
 * The tablet must be showing the sign-in.
 */
export async function signIn(page: Page, adviser = 'Chloé Martin', pin = DEMO_PIN): Promise<void> {
  const screen = page.getByTestId('shift-signin');
  await screen.getByRole('button', { name: adviser, exact: true }).click({ timeout: 60_000 });
  await page.getByLabel(`Code personnel de ${adviser}`).fill(pin);
  await page.getByRole('button', { name: 'Commencer mon poste' }).click();
  await page.getByTestId('shift-badge').waitFor();
}

/**
 * After enrolment a desk or coordinator tablet asks who is at the desk; a kiosk or a display
 * goes to its own screen. Waits for whichever comes, and signs the demo adviser in on a desk.
 */
export async function signInIfAsked(page: Page, adviser = 'Chloé Martin'): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const path = new URL(page.url()).pathname;
    if (path.startsWith('/borne') || path.startsWith('/affichage')) return;
    if (await page.getByTestId('shift-badge').isVisible()) return;
    if (await page.getByTestId('shift-signin').getByRole('button', { name: adviser, exact: true }).isVisible()) return signIn(page, adviser);
    await page.waitForTimeout(200);
  }
  throw new Error(`enrol: neither the shift sign-in nor a kiosk/display screen appeared (at ${page.url()})`);
}

/**
 * Re-applies the emulated offline state to the page now shown. Chromium 150 leaves
 * `navigator.onLine` true in a document the service worker served after `setOffline(true)`
 * (checked: it is false before the reload, true after); toggling makes the page see it, as a
 * tablet whose Wi-Fi is down does.
 */
export async function reapplyOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
  await context.setOffline(true);
}

/** Waits until the service worker controls the page (the app is then available offline). */
export async function waitForServiceWorker(page: Page, timeoutMs = 60_000): Promise<boolean> {
  // Generous: the precache downloads beside a first sync, and took over 20 s once in CI; a
  // worker in control returns at once.
  return page.evaluate(
    (ms) =>
      Promise.race([
        navigator.serviceWorker.ready.then(async () => {
          // Controlled once clientsClaim has run.
          const deadline = Date.now() + ms;
          while (!navigator.serviceWorker.controller && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
          return !!navigator.serviceWorker.controller;
        }),
        new Promise<boolean>((r) => setTimeout(() => r(false), ms))
      ]),
    timeoutMs
  );
}

/**
 * Registers a visitor through the desk form. The service must be in the tablet's building
 * (in the demo, Urbanisme is at Curial, État civil at the Hôtel de Ville), or the visitor is
 * sent to the other building and waits there instead of appearing in this present list.
 */
export async function registerVisitor(page: Page, name: string, serviceQuery = 'urbanisme'): Promise<void> {
  await page.getByLabel('Nom du visiteur').fill(name);
  await page.getByRole('searchbox', { name: 'Service' }).fill(serviceQuery);
  await page.getByRole('list', { name: 'Services correspondants' }).getByRole('button').first().click();
  await page.getByLabel('Identité contrôlée').check();
  await page.getByLabel('Porte ouverte par').fill('Agent E2E');
  await page.getByRole('button', { name: "Enregistrer l'arrivée" }).click();
  await page.getByTestId('present-row').filter({ hasText: name }).first().waitFor();
}

/**
 * Opens a desk section through the header, as an adviser taps it: its group's menu first
 * when the section is not in view (the groups fold into one « Menu » on a narrow screen).
 */
export async function goToSection(page: Page, label: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  const link = nav.locator('a[data-section]').filter({ has: page.locator('.label', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  if (!(await link.isVisible())) {
    const panel = await link.evaluate((a) => a.closest('[data-nav-panel]')?.id ?? '');
    await nav.locator(`button[aria-controls="${panel}"]`).click();
  }
  await link.click();
}

export const adminAuth = (s: Server) => `Basic ${Buffer.from(`${s.admin.name}:${s.admin.password}`).toString('base64')}`;

/**
 * One server with the built app and `tabletCount` fresh tablets for a test file, started
 * before its tests and removed after them. Fields are filled in `beforeAll`.
 */
export function useStack(tabletCount = 1, opts: { workers?: boolean } = {}): { stack: Stack; tablets: Tablet[]; base: string } {
  const env = { tablets: [] as Tablet[] } as { stack: Stack; tablets: Tablet[]; base: string };
  beforeAll(async () => {
    env.stack = await startStack(opts);
    env.base = env.stack.server.webUrl!;
    env.tablets = await Promise.all(Array.from({ length: tabletCount }, () => openTablet()));
  });
  // The app runs under a strict CSP (svelte.config.js, sync-server/src/web/static.ts): any
  // violation is a broken feature in production, so it fails the test that caused it.
  afterEach(() => {
    expect(env.tablets.flatMap(takeCspViolations), 'Content-Security-Policy violations').toEqual([]);
  });
  afterAll(async () => {
    await Promise.all(env.tablets.map((t) => t.close()));
    await env.stack?.dispose();
  });
  return env;
}
