import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack } from '../support/harness';

const env = useStack(1);

it('the enrolment, visitor desk, device and coordination screens have no serious accessibility violation', async () => {
  const { page } = env.tablets[0]!;
  const base = env.base;
  await page.goto(base);
  await page.waitForURL(/\/enrolement/);
  expect(await seriousViolations(page)).toEqual([]);

  await enrol(page, base, DEMO_DEVICES.coordinator.name, DEMO_DEVICES.coordinator.password);
  await page.getByLabel('Nom du visiteur').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  for (const path of ['/appareil', '/coordination']) {
    await page.goto(`${base}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }
});

it('the kiosk screens have no serious accessibility violation, in both languages', async () => {
  const { page } = env.tablets[0]!;
  await page.goto(`${env.base}/appareil`);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Oublier cet appareil' }).click();
  await page.waitForURL(/\/enrolement/);
  await enrol(page, env.base, DEMO_DEVICES.kioskCurial.name, DEMO_DEVICES.kioskCurial.password);
  await page.waitForURL(/\/borne$/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: "Je n'ai pas de rendez-vous" }).click();
  await page.getByRole('button', { name: 'Autre demande' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Autre demande' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('Your data').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});
