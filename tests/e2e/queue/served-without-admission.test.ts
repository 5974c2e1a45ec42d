import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { enrol, useStack, type Tablet } from '../support/harness';
import { checkIn } from '../support/kiosk';

// With the server's workers, as `npm start` runs: the intake moves the check-in to the desk.
const env = useStack(2, { workers: true });

it('evacuation gap: a kiosk arrival served without « Admettre » appears on the evacuation list, by service name', async () => {
  const [kiosk, desk] = env.tablets as [Tablet, Tablet];
  await enrol(kiosk.page, env.base, DEVICES.kioskCurial.name, DEVICES.kioskCurial.password);
  await kiosk.page.waitForURL(/\/borne$/);
  await enrol(desk.page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  await desk.page.goto(`${env.base}/file`);

  await checkIn(kiosk.page, 'Léa Servie');
  const waiting = desk.page.getByTestId('waiting-ticket').filter({ hasText: 'Léa Servie' });
  await waiting.waitFor({ timeout: 30_000 });
  // Called and served straight away, as an adviser in a hurry does: nobody pressed « Admettre ».
  await desk.page.getByTestId('call-next').click();
  const called = desk.page.getByTestId('called-ticket').filter({ hasText: 'Léa Servie' });
  await called.waitFor();
  await called.getByRole('button', { name: 'Servi' }).click();

  // « Servi » asks for the identity check before the visitor is received.
  const step = called.getByTestId('admit-step');
  await step.waitFor();
  await expect.poll(() => desk.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
  await step.getByRole('button', { name: 'Admettre et marquer servi' }).click();
  await step.getByRole('alert').waitFor();
  await step.getByLabel('Identité contrôlée').check();
  await step.getByRole('button', { name: 'Admettre et marquer servi' }).click();
  await expect.poll(() => called.count()).toBe(0);

  await desk.page.goto(`${env.base}/evacuation`);
  const row = desk.page.getByTestId('present-row').filter({ hasText: 'Léa Servie' });
  await row.waitFor({ timeout: 15_000 });
  // The service is named, never shown as its id (service:accueil for a kiosk check-in).
  expect(await desk.page.locator('main, body').first().textContent()).not.toContain('service:');
});
