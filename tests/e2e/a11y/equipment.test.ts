import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack } from '../support/harness';

const env = useStack(1);

it('the equipment screens and the desk home with overdue equipment have no serious accessibility violation', async () => {
  const { page } = env.tablets[0]!;
  const base = env.base;
  await enrol(page, base, DEMO_DEVICES.deskCurial.name, DEMO_DEVICES.deskCurial.password);

  // The demo lends a badge at Curial that was due yesterday.
  await page.getByTestId('overdue-loans').getByRole('heading', { name: /Matériel en retard/ }).waitFor({ timeout: 30_000 });
  // The directory has synced: the empty service search lists every service as buttons.
  await page.getByRole('list', { name: 'Services correspondants' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Voir tous les prêts' }).click();
  await page.getByRole('heading', { name: /Inventaire/ }).waitFor();
  await page.getByTestId('loan-row').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  // The add form, with its errors shown.
  await page.getByRole('button', { name: 'Ajouter un équipement' }).click();
  await page.getByRole('button', { name: "Ajouter l'équipement" }).click();
  await page.getByText("Indiquez le nom de l'équipement.").waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Annuler' }).click();

  // The lend form, with its errors shown.
  await page.getByRole('button', { name: 'Prêter PC portable n° 1' }).click();
  await page.getByRole('button', { name: 'Enregistrer le prêt' }).click();
  await page.getByText("Indiquez le nom de l'agent.").waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Annuler' }).click();

  // An item's details and loan history.
  await page.getByRole('button', { name: 'Détails et historique de Badge prestataire 1' }).click();
  await page.getByTestId('history-row').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});
