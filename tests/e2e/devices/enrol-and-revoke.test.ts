import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { enrol, registerVisitor, useStack, type Tablet } from '../support/harness';

const env = useStack(2);

it('the coordinator creates a device, it enrols with the one-time code, and stops syncing once revoked', async () => {
  const [coordinator, tablet] = env.tablets as [Tablet, Tablet];
  const base = env.base;
  const c = coordinator.page;
  await enrol(c, base, DEVICES.coordinator.name, DEVICES.coordinator.password);
  await c.goto(`${base}/coordination`);
  await c.getByLabel("Nom de l'appareil").fill('Tablette accueil 2');
  await c.getByLabel('Bâtiment').selectOption('hdv');
  await c.getByLabel('Rôle').selectOption('desk');
  await c.getByRole('button', { name: "Créer l'appareil" }).click();
  const code = (await c.getByTestId('enrolment-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{8}$/);

  const t = tablet.page;
  await t.goto(base);
  await t.waitForURL(/\/enrolement/);
  await t.getByLabel("Code d'enrôlement").fill(code.toLowerCase());
  await t.getByRole('button', { name: 'Enrôler', exact: true }).click();
  await t.waitForURL((u) => u.pathname === '/');
  await expect.poll(() => t.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');
  await expect.poll(() => t.locator('.brand').textContent()).toContain('Hôtel de Ville');

  // The code works once only.
  const again = await fetch(`${base}/api/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(again.ok).toBe(false);

  // Revoked: the tablet is told and stops syncing; what it records stays on the tablet.
  c.on('dialog', (d) => void d.accept());
  await c.reload();
  await c.getByRole('button', { name: 'Révoquer Tablette accueil 2' }).click();
  await expect.poll(() => c.getByTestId('device-row').filter({ hasText: 'Tablette accueil 2' }).textContent()).toContain('Révoqué');

  await registerVisitor(t, 'Après Révocation', 'etat civil');
  await t.getByRole('alert').filter({ hasText: 'révoqué' }).waitFor({ timeout: 60_000 });
  await expect.poll(() => t.getByTestId('sync-state').textContent()).toBe('Appareil révoqué');
  await expect.poll(() => t.getByTestId('sync-pending').textContent()).toContain('1 modification à envoyer');
});
