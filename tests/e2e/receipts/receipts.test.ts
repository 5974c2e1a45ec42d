import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { adminAuth, enrol, reapplyOffline, useStack, waitForServiceWorker, goToSection } from '../support/harness';

const env = useStack(1);

/** Draws a signature on the pad with the mouse, as a finger would. */
async function sign(page: Page): Promise<void> {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('no signature pad');
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 15, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 3 });
  await page.mouse.up();
}

/** Fills and saves a dossier receipt for `name` with two checklist items ticked. */
async function depositDossier(page: Page, name: string): Promise<void> {
  await page.getByLabel('Dépôt de dossier').check();
  await page.getByLabel('Nom du déposant').fill(name);
  await page.getByLabel('Identité vérifiée').check();
  await page.getByLabel('Démarche').selectOption({ label: 'Permis de construire' });
  await page.getByLabel('Formulaire Cerfa n° 13406 ou 13409').check();
  await page.getByLabel('Plan de situation du terrain (PCMI 1)').check();
  await expect.poll(() => page.getByTestId('missing-items').textContent()).toContain('Plan de masse (PCMI 2)');
  await sign(page);
  await page.getByRole('button', { name: 'Enregistrer le récépissé' }).click();
  await page.getByTestId('receipt-row').filter({ hasText: name }).first().waitFor();
}

/**
 * « Page crashed » twice when printing: the PDF was printed from a hidden iframe at once. Now
 * printing is an explicit step that opens the saved PDF in a tab of its own; the desk's page
 * must survive it and the tab must hold the PDF.
 */
async function printLast(page: Page): Promise<void> {
  let crashed = false;
  page.once('crash', () => (crashed = true));
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('print-receipt').click()]);
  await tab.waitForLoadState('load').catch(() => undefined);
  expect(tab.url()).toMatch(/^blob:/);
  // The desk's policy forbids fetching a blob: the tab's own document says what it shows.
  expect(await tab.evaluate(() => document.contentType)).toBe('application/pdf');
  await tab.close();
  expect(crashed).toBe(false);
  await page.getByRole('heading', { name: 'Nouveau récépissé' }).waitFor();
}

type ReceiptOnServer = { type?: string; number?: string; person?: { name: string }; dossier?: { items: { present: boolean }[] }; _attachments?: Record<string, { content_type: string; length: number }> };
async function serverReceipts(env: { stack: { server: { url: string } & Parameters<typeof adminAuth>[0] } }): Promise<ReceiptOnServer[]> {
  const res = await fetch(`${env.stack.server.url}/accueil/_all_docs?include_docs=true`, { headers: { Authorization: adminAuth(env.stack.server) } });
  const body = (await res.json()) as { rows: { doc: ReceiptOnServer }[] };
  return body.rows.map((r) => r.doc).filter((d) => d.type === 'receipt');
}

it('takes in a dossier with a drawn signature, online then offline, and the receipts reach the server with their PDF', async () => {
  const { page, context } = env.tablets[0]!;
  const { stack, base } = env;
  const d = DEMO_DEVICES.deskCurial;
  await enrol(page, base, d.name, d.password);
  expect(await waitForServiceWorker(page)).toBe(true);
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');

  await goToSection(page, 'Récépissés');
  await page.getByRole('heading', { name: 'Nouveau récépissé' }).waitFor();
  // The demo checklists have reached the tablet.
  await expect.poll(() => page.getByLabel('Démarche').locator('option').count()).toBeGreaterThan(4);
  expect(await seriousViolations(page)).toEqual([]);

  // Saving without a signature is refused.
  await page.getByLabel('Nom du déposant').fill('Sans Signature');
  await page.getByRole('button', { name: 'Enregistrer le récépissé' }).click();
  await page.getByText('Faites signer la personne sur la tablette.').waitFor();

  await depositDossier(page, 'Camille En-Ligne');
  const row = page.getByTestId('receipt-row').filter({ hasText: 'Camille En-Ligne' });
  expect(await row.textContent()).toMatch(/C-\d{4}-[A-Z2-9]{4}-0001/);
  // 8 items, 6 of them required, 2 ticked: 4 required pieces missing (optional ones do not count).
  await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('4');
  await page.getByTestId('last-receipt').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await printLast(page);

  await expect.poll(async () => (await serverReceipts(env)).length, { timeout: 30_000 }).toBe(1);
  const [online] = await serverReceipts(env);
  expect(online?.person?.name).toBe('Camille En-Ligne');
  expect(online?.dossier?.items.filter((i) => i.present)).toHaveLength(2);
  expect(online?._attachments?.['signature.png']).toMatchObject({ content_type: 'image/png' });
  expect(online?._attachments?.['recepisse.pdf']).toMatchObject({ content_type: 'application/pdf' });
  expect(online?._attachments?.['recepisse.pdf']?.length).toBeGreaterThan(1000);

  // The network goes down: the receipt is still made, numbered and listed.
  await stack.stop();
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Nouveau récépissé' }).waitFor();
  await reapplyOffline(context);
  await expect.poll(() => page.getByTestId('sync-state').textContent()).toBe('Hors ligne');
  await expect.poll(() => page.getByLabel('Démarche').locator('option').count()).toBeGreaterThan(4);
  await depositDossier(page, 'Hugo Hors-Ligne');
  expect(await page.getByTestId('receipt-row').filter({ hasText: 'Hugo Hors-Ligne' }).textContent()).toMatch(/C-\d{4}-[A-Z2-9]{4}-0002/);
  await expect.poll(() => page.getByTestId('receipt-row').count()).toBe(2);

  // Reprint works offline from the attached PDF.
  await page.getByRole('button', { name: /Réimprimer le récépissé .*-0001/ }).click();
  await expect.poll(() => page.getByTestId('last-receipt').textContent()).toContain('-0001');
  await printLast(page);

  await stack.restart();
  await context.setOffline(false);
  await expect.poll(async () => (await serverReceipts(env)).map((r) => r.person?.name).sort(), { timeout: 90_000 }).toEqual(['Camille En-Ligne', 'Hugo Hors-Ligne']);
});
