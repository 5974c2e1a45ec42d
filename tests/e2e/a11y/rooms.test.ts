import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack } from '../support/harness';

const env = useStack(1);

it('the rooms and rounds screen has no serious accessibility violation, blank, with errors and with a problem open', async () => {
  const { page } = env.tablets[0]!;
  await enrol(page, env.base, DEVICES.deskHdv.name, DEVICES.deskHdv.password);
  await page.goto(`${env.base}/salles`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expect.poll(() => page.getByTestId('room-now').count(), { timeout: 20_000 }).toBe(4);
  expect(await seriousViolations(page)).toEqual([]);

  // Errors beside the fields, and the report button of an item marked « Problème ».
  const room = page.getByRole('form', { name: 'Salle du conseil' });
  await room.getByRole('group', { name: 'Portes' }).getByText('Problème', { exact: true }).click();
  await room.getByRole('button', { name: /Enregistrer la salle/ }).click();
  await room.getByText('Choisissez OK, Problème ou Sans objet pour « Lumières ».').waitFor();
  await page.getByRole('button', { name: 'Enregistrer le problème' }).click();
  await page.getByText('Décrivez le problème.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  // A problem open, the fix form unfolded, the fixed ones shown.
  await room.getByRole('button', { name: /Signaler ce problème/ }).click();
  await page.getByLabel('Description').fill('Poignée cassée');
  await page.getByRole('button', { name: 'Enregistrer le problème' }).click();
  const card = page.getByTestId('issue-card').filter({ hasText: 'Poignée cassée' });
  await card.getByRole('button', { name: /Marquer comme réglé/ }).click();
  await page.getByLabel('Afficher aussi les problèmes réglés').check();
  await page.getByText('Aucun problème réglé.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});
