import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { enrol, useStack, waitForServiceWorker, type Tablet } from '../support/harness';

const env = useStack(2);

it('a visitor sent to the other building is expected there, received, and on its evacuation list offline', async () => {
  const [curial, hdv] = env.tablets as [Tablet, Tablet];
  await enrol(curial.page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  await enrol(hdv.page, env.base, DEVICES.deskHdv.name, DEVICES.deskHdv.password);

  // At Curial: the service (Élections) is at the Hôtel de Ville.
  const c = curial.page;
  await c.getByLabel('Nom du visiteur').fill('Denise Envoyée');
  await c.getByRole('searchbox', { name: 'Service' }).fill('procuration');
  await c.getByRole('list', { name: 'Services correspondants' }).getByRole('button', { name: /Élections/ }).click();
  await expect.poll(() => c.getByTestId('sent-to').textContent()).toContain('Hôtel de Ville');
  await c.getByLabel('Identité contrôlée').check();
  await c.getByLabel('Porte ouverte par').fill('Agent Curial');
  await c.getByRole('button', { name: "Enregistrer l'arrivée" }).click();
  await c.getByText('Arrivée enregistrée sur la tablette.').first().waitFor();
  expect(await c.getByTestId('present-row').filter({ hasText: 'Denise Envoyée' }).count()).toBe(0);

  // At the Hôtel de Ville: expected, then received.
  const h = hdv.page;
  await h.getByTestId('expected-row').filter({ hasText: 'Denise Envoyée' }).waitFor({ timeout: 15_000 });
  await h.getByRole('button', { name: 'Accueillir Denise Envoyée' }).click();
  await h.getByTestId('present-row').filter({ hasText: 'Denise Envoyée' }).waitFor();
  await expect.poll(() => h.getByTestId('expected').count()).toBe(0);
  await c.getByRole('button', { name: /^Hôtel de Ville/ }).click();
  await c.getByTestId('present-row').filter({ hasText: 'Denise Envoyée' }).waitFor({ timeout: 15_000 });

  // The link between the buildings is down: the evacuation list still comes from the tablet
  // (once the service worker holds the app; on a loaded machine it may still be installing).
  expect(await waitForServiceWorker(h)).toBe(true);
  await env.stack.stop();
  await hdv.context.setOffline(true);
  await h.goto(`${env.base}/evacuation`);
  await h.getByRole('heading', { name: 'Personnes présentes — Hôtel de Ville' }).waitFor();
  await expect.poll(() => h.getByTestId('evacuation-count').textContent()).toBe('1 visiteur(s) présent(s)');
  expect(await h.getByTestId('present-row').filter({ hasText: 'Denise Envoyée' }).count()).toBe(1);
  expect(await h.getByTestId('evacuation-stamp').textContent()).toContain('copie locale');
  await hdv.context.setOffline(false);
  await env.stack.restart();
});
