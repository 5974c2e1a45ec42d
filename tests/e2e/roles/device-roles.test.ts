import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { enrol, useStack, type Tablet } from '../support/harness';

const env = useStack(2);

it('a kiosk is locked on /borne and cannot open desk routes', async () => {
  const [kiosk] = env.tablets as [Tablet];
  const base = env.base;
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
  const display = env.tablets[1]!;
  const base = env.base;
  await enrol(display.page, base, DEMO_DEVICES.displayHdv.name, DEMO_DEVICES.displayHdv.password);
  await display.page.waitForURL(/\/affichage$/);
  await display.page.goto(`${base}/`);
  await display.page.waitForURL(/\/affichage$/);
  await display.page.getByRole('heading', { name: /Réunions du jour/ }).waitFor();
});
