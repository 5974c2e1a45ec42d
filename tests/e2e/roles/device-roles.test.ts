import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { enrol, openTablet, startStack, type Stack, type Tablet } from '../support/harness';

let stack: Stack;
let kiosk: Tablet;
let display: Tablet;

beforeAll(async () => {
  stack = await startStack();
  [kiosk, display] = await Promise.all([openTablet(), openTablet()]);
});
afterAll(async () => {
  await kiosk?.close();
  await display?.close();
  await stack?.dispose();
});

it('a kiosk is locked on /borne and cannot open desk routes', async () => {
  const base = stack.server.webUrl!;
  await enrol(kiosk.page, base, DEMO_DEVICES.kioskCurial.name, DEMO_DEVICES.kioskCurial.password);
  await kiosk.page.waitForURL(/\/borne$/);
  for (const path of ['/', '/coordination', '/appareil', '/affichage']) {
    await kiosk.page.goto(`${base}${path}`);
    await kiosk.page.waitForURL(/\/borne$/);
    await kiosk.page.getByRole('heading', { name: /Bienvenue/ }).waitFor();
    expect(await kiosk.page.getByLabel('Nom du visiteur').count()).toBe(0);
  }
  // Even a hand-made request for visitor data is refused by the server.
  const status = await kiosk.page.evaluate(async ([n, p]) => {
    const res = await fetch('/db/accueil/_all_docs', { headers: { Authorization: `Basic ${btoa(`${n}:${p}`)}` } });
    return res.status;
  }, [DEMO_DEVICES.kioskCurial.name, DEMO_DEVICES.kioskCurial.password]);
  expect([401, 403]).toContain(status);
});

it('a display is locked on /affichage and shows the day’s meetings', async () => {
  const base = stack.server.webUrl!;
  await enrol(display.page, base, DEMO_DEVICES.displayHdv.name, DEMO_DEVICES.displayHdv.password);
  await display.page.waitForURL(/\/affichage$/);
  await display.page.goto(`${base}/`);
  await display.page.waitForURL(/\/affichage$/);
  await display.page.getByRole('heading', { name: /Réunions du jour/ }).waitFor();
});
