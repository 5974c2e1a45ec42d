import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parisDay } from '$lib/domain/dates';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { adminAuth, enrol, reapplyOffline, useStack, waitForServiceWorker, type Tablet, goToSection, signInIfAsked } from '../support/harness';

const env = useStack(2);

type LoanOnServer = { _id: string; agent: string; equipmentId: string; dueAt: string; returnedAt?: string };

/** Loans as the server holds them (admin read). */
async function serverLoans(): Promise<LoanOnServer[]> {
  const { server } = env.stack;
  const res = await fetch(`${server.url}/accueil/_all_docs?include_docs=true&startkey="loan:"&endkey="loan:\uffff"`, { headers: { Authorization: adminAuth(server) } });
  const body = (await res.json()) as { rows: { doc: LoanOnServer }[] };
  return body.rows.map((r) => r.doc);
}

/** A second desk account of the same building, as the coordinator would create it. */
async function secondCurialDesk(): Promise<{ name: string; password: string }> {
  const { server } = env.stack;
  const res = await fetch(`${server.url}/api/devices`, {
    method: 'POST',
    headers: { Authorization: adminAuth(server), 'Content-Type': 'application/json' },
    body: JSON.stringify({ label: 'Accueil Curial 2', site: 'curial', role: 'desk' })
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { name: string; password: string };
}

async function addItem(page: Page, kind: string, label: string, reference = ''): Promise<void> {
  await page.getByRole('button', { name: 'Ajouter un équipement' }).click();
  await page.getByLabel('Type').selectOption({ label: kind });
  await page.getByLabel("Nom de l'équipement").fill(label);
  await page.getByLabel("Référence ou n° d'inventaire").fill(reference);
  await page.getByRole('button', { name: "Ajouter l'équipement" }).click();
  await expect.poll(() => page.getByTestId('equipment-status').textContent()).toContain(`${label} ajouté`);
}

/** Lends an item from the inventory; `dueDay` keeps the form's default when not given. */
async function lendItem(page: Page, label: string, agent: string, dueDay?: string): Promise<void> {
  await page.getByRole('button', { name: `Prêter ${label}` }).click();
  await page.getByLabel("Nom de l'agent").fill(agent);
  await page.getByLabel('Service').fill('Urbanisme');
  if (dueDay) await page.getByLabel('Date').fill(dueDay);
  await page.getByRole('button', { name: 'Enregistrer le prêt' }).click();
  await expect.poll(() => page.getByTestId('equipment-status').textContent()).toContain(`${label} prêté à ${agent}`);
}

const stateOf = (page: Page, label: string) => page.getByTestId('equipment-row').filter({ hasText: label }).getByTestId('equipment-state').textContent();
const loanRows = (page: Page, label: string) => page.getByTestId('loan-row').filter({ hasText: label });

it('lends equipment, a second tablet of the building sees it, offline too, and the desk home lists it once overdue until it comes back', async () => {
  const [a, b] = env.tablets as [Tablet, Tablet];
  const { stack, base } = env;
  await enrol(a.page, base, DEMO_DEVICES.deskCurial.name, DEMO_DEVICES.deskCurial.password);
  const second = await secondCurialDesk();
  await enrol(b.page, base, second.name, second.password);
  expect(await waitForServiceWorker(a.page)).toBe(true);
  await expect.poll(() => a.page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');

  // Tablet A adds a laptop and lends it for two days.
  await goToSection(a.page, 'Matériel');
  await a.page.getByRole('heading', { name: /Inventaire/ }).waitFor();
  await addItem(a.page, 'PC portable', 'PC portable E2E', 'INV-E2E-1');
  await expect.poll(() => stateOf(a.page, 'PC portable E2E')).toBe('Disponible');
  // The form refuses missing fields beside them, and keeps what was typed.
  await a.page.getByRole('button', { name: 'Prêter PC portable E2E' }).click();
  await a.page.getByLabel("Nom de l'agent").fill('Agnès Prêt');
  await a.page.getByRole('button', { name: 'Enregistrer le prêt' }).click();
  await a.page.getByText('Indiquez la date de retour prévue.').waitFor();
  expect(await a.page.getByLabel("Nom de l'agent").inputValue()).toBe('Agnès Prêt');
  await a.page.getByRole('button', { name: 'Annuler' }).click();
  const inTwoDays = parisDay(Date.now() + 2 * 86_400_000);
  await lendItem(a.page, 'PC portable E2E', 'Agnès Prêt', inTwoDays);
  await expect.poll(() => stateOf(a.page, 'PC portable E2E')).toMatch(/^Prêté à Agnès Prêt jusqu/);
  expect(await loanRows(a.page, 'PC portable E2E').count()).toBe(1);

  // Tablet B, same building, sees the loan once synced.
  await b.page.goto(`${base}/materiel`);
  await expect.poll(() => loanRows(b.page, 'PC portable E2E').count(), { timeout: 30_000 }).toBe(1);
  expect(await loanRows(b.page, 'PC portable E2E').textContent()).toContain('Agnès Prêt');

  // The network goes down: tablet A still adds a key and lends it (today 17:00 or tomorrow).
  await stack.stop();
  await a.context.setOffline(true);
  await a.page.reload();
  await a.page.getByRole('heading', { name: /Inventaire/ }).waitFor();
  await reapplyOffline(a.context);
  await expect.poll(() => a.page.getByTestId('sync-state').textContent()).toBe('Hors ligne');
  await addItem(a.page, 'Clé', 'Clé E2E hors ligne');
  await lendItem(a.page, 'Clé E2E hors ligne', 'Olivier Horsligne');
  await expect.poll(async () => (await a.page.getByTestId('sync-pending').textContent())?.trim()).toBe('2 modifications à envoyer');

  // Back online: the loan reaches the server and tablet B.
  await stack.restart();
  await a.context.setOffline(false);
  await expect.poll(async () => (await serverLoans()).map((l) => l.agent), { timeout: 90_000 }).toContain('Olivier Horsligne');
  await expect.poll(() => loanRows(b.page, 'Clé E2E hors ligne').count(), { timeout: 60_000 }).toBe(1);

  // An hour after the laptop was due (tablet B's clock moved on), the desk home lists it.
  const laptop = (await serverLoans()).find((l) => l.agent === 'Agnès Prêt')!;
  await b.context.clock.setFixedTime(new Date(Date.parse(laptop.dueAt) + 3600_000));
  await b.page.goto(base);
  // Two days idle: the shift has ended, an adviser signs in again.
  await signInIfAsked(b.page);
  const overdue = b.page.getByTestId('overdue-loans');
  await overdue.getByRole('heading', { name: /Matériel en retard/ }).waitFor({ timeout: 30_000 });
  await expect.poll(() => loanRows(b.page, 'PC portable E2E').textContent()).toContain('Agnès Prêt');
  expect(await loanRows(b.page, 'PC portable E2E').textContent()).toContain('1 h 00');

  // « Retour » in one tap: confirmed, gone from the list, returned on the server and on tablet A.
  await b.page.getByRole('button', { name: 'Retour de PC portable E2E (Agnès Prêt)' }).click();
  await b.page.getByRole('status').filter({ hasText: 'Retour enregistré : PC portable E2E (Agnès Prêt).' }).waitFor();
  await expect.poll(() => loanRows(b.page, 'PC portable E2E').count()).toBe(0);
  await expect.poll(async () => (await serverLoans()).find((l) => l._id === laptop._id)?.returnedAt, { timeout: 30_000 }).toBeTruthy();
  await expect.poll(() => stateOf(a.page, 'PC portable E2E'), { timeout: 30_000 }).toBe('Disponible');

  // Its history keeps the loan.
  await a.page.getByRole('button', { name: 'Détails et historique de PC portable E2E' }).click();
  await expect.poll(() => a.page.getByTestId('history-row').first().textContent()).toContain('Agnès Prêt');
});
