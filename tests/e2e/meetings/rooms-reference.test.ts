import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack } from '../support/harness';

const env = useStack(1);

it('a coordinator adds a room with its Zimbra address (never a login in it); it reaches the server', async () => {
  const { page } = env.tablets[0]!;
  await enrol(page, env.base, DEMO_DEVICES.coordinator.name, DEMO_DEVICES.coordinator.password);
  await page.goto(`${env.base}/salles`);
  const editor = page.getByRole('region', { name: 'Salles du bâtiment' });
  await expect.poll(() => editor.getByTestId('room-ref').count(), { timeout: 20_000 }).toBeGreaterThan(0);

  await editor.getByRole('button', { name: 'Ajouter une salle' }).click();
  await editor.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await editor.getByText('Indiquez le nom de la salle.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await editor.getByLabel('Nom').fill('Salle Nivolet');
  await editor.getByLabel('Étage').fill('4e étage');
  await editor.getByLabel('Capacité (places)').fill('30');
  await editor.getByLabel(/Équipements/).fill('Écran, Visioconférence');
  await editor.getByLabel('Accès (affiché aux visiteurs)').fill('Ascenseur B, à droite');
  await editor.getByLabel(/Adresse de l’agenda Zimbra/).fill('https://agent:secret@zimbra.example.fr/home/salles/nivolet?fmt=ics');
  await editor.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await editor.getByText(/Pas d’identifiant dans l’adresse/).waitFor();
  await editor.getByLabel(/Adresse de l’agenda Zimbra/).fill('https://zimbra.example.fr/home/salles/nivolet?fmt=ics');
  await editor.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await editor.getByTestId('room-ref').filter({ hasText: 'Salle Nivolet' }).waitFor();
  expect(await editor.getByTestId('room-ref').filter({ hasText: 'Salle Nivolet' }).textContent()).toMatch(/Pas encore relevé/);

  const server = env.stack.server;
  const auth = `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`;
  await expect
    .poll(async () => (await fetch(`${server.url}/planning/room:curial:salle-nivolet`, { headers: { Authorization: auth } })).json(), { timeout: 20_000 })
    .toMatchObject({ name: 'Salle Nivolet', capacity: 30, equipment: ['Écran', 'Visioconférence'], calendarUrl: 'https://zimbra.example.fr/home/salles/nivolet?fmt=ics' });
});
