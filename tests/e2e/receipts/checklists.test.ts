import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { adminAuth, enrol, useStack } from '../support/harness';

const env = useStack(1);

it('a coordinator creates a checklist that reaches the server, and it is offered for dossiers', async () => {
  const { page } = env.tablets[0]!;
  const { stack, base } = env;
  const c = DEMO_DEVICES.coordinator;
  await enrol(page, base, c.name, c.password);
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');

  await page.goto(`${base}/recepisses`);
  await page.getByRole('link', { name: 'Listes de pièces' }).click();
  await page.getByRole('heading', { name: 'Listes de pièces par démarche' }).waitFor();
  await page.getByRole('button', { name: /Passeport/ }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Nouvelle liste' }).click();
  await page.getByLabel('Démarche', { exact: true }).fill('Carte de stationnement résident');
  await page.getByLabel('Pièce 1', { exact: true }).fill('Carte grise du véhicule');
  await page.getByRole('button', { name: 'Ajouter une pièce' }).click();
  await page.getByLabel('Pièce 2', { exact: true }).fill('Justificatif de domicile');
  await page.getByRole('button', { name: 'Enregistrer la liste' }).click();
  await page.getByRole('button', { name: /Carte de stationnement résident/ }).waitFor();

  await expect
    .poll(async () => {
      const res = await fetch(`${stack.server.url}/referentiel/checklist:carte-de-stationnement-resident`, { headers: { Authorization: adminAuth(stack.server) } });
      return res.ok ? ((await res.json()) as { items: { label: string }[] }).items.map((i) => i.label) : null;
    }, { timeout: 30_000 })
    .toEqual(['Carte grise du véhicule', 'Justificatif de domicile']);

  await page.goto(`${base}/recepisses`);
  await page.getByLabel('Démarche').selectOption({ label: 'Carte de stationnement résident' });
  await expect.poll(() => page.getByTestId('missing-items').textContent()).toContain('Carte grise du véhicule');
});
