import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { enrol, useStack } from '../support/harness';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const env = useStack(1);

/** Runs axe-core in the page; returns the serious and critical violations, readable. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

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
