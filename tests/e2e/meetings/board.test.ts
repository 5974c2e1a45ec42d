import { extractText, getDocumentProxy } from 'unpdf';
import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack, waitForServiceWorker, type Tablet } from '../support/harness';

const env = useStack(2);

/** "HH:MM" in Paris, `minutes` from now, kept within today so the form takes it. */
function parisClock(minutes: number): { day: string; time: string } {
  const at = new Date(Date.now() + minutes * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value])
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

it('a meeting added at the desk is on the hallway display of its building within seconds, and on the printed A4 board', async () => {
  const [desk, display] = env.tablets as [Tablet, Tablet];
  await enrol(display.page, env.base, DEMO_DEVICES.displayHdv.name, DEMO_DEVICES.displayHdv.password);
  await display.page.waitForURL(/\/affichage$/);
  await enrol(desk.page, env.base, DEMO_DEVICES.deskHdv.name, DEMO_DEVICES.deskHdv.password);

  await desk.page.goto(`${env.base}/reunions`);
  await desk.page.getByRole('heading', { name: /Réunions · Hôtel de Ville/ }).waitFor();
  expect(await seriousViolations(desk.page)).toEqual([]);

  // Under way now (started a little earlier, ends a little later), always within today.
  const today = parisClock(0).day;
  const from = parisClock(-30).day === today ? parisClock(-30).time : '00:00';
  const to = parisClock(30).day === today ? parisClock(30).time : '23:59';
  await desk.page.getByRole('button', { name: 'Ajouter une réunion' }).click();
  const form = desk.page.getByTestId('meeting-form');
  await form.getByLabel('Intitulé').fill('Comité de quartier E2E');
  await form.getByLabel('Service organisateur').fill('Vie des quartiers');
  await form.getByLabel('Salle').selectOption({ label: 'Salle des commissions (2e étage)' });
  await form.getByLabel('Jour').fill(today);
  await form.getByLabel('Début').fill(from);
  await form.getByLabel('Fin').fill(to);
  await form.getByLabel(/Participants attendus/).fill('15');
  expect(await seriousViolations(desk.page)).toEqual([]);
  await desk.page.getByRole('button', { name: 'Enregistrer' }).click();
  await desk.page.getByTestId('board-meeting').filter({ hasText: 'Comité de quartier E2E' }).waitFor();

  const shown = display.page.getByTestId('display-meeting').filter({ hasText: 'Comité de quartier E2E' });
  await expect.poll(() => shown.count(), { timeout: 15_000 }).toBe(1);
  // The display's row: when and its state first, then the title, the room and its directions.
  expect(await shown.textContent()).toMatch(/En cours.*Comité de quartier E2E.*Salle des commissions/);
  expect(await seriousViolations(display.page)).toEqual([]);

  // Printing records the board; the printed page is the A4 board, not the screen.
  // The browser's print dialog is its own chrome: the test records the call and prints to PDF.
  await desk.page.evaluate(() => {
    window.print = () => void ((window as unknown as { printed: number }).printed = 1);
  });
  await desk.page.getByTestId('print-board-button').click();
  await expect.poll(() => desk.page.getByTestId('print-status').textContent()).toMatch(/Imprimé à .* À jour/);
  expect(await desk.page.evaluate(() => (window as unknown as { printed?: number }).printed)).toBe(1);
  await desk.page.emulateMedia({ media: 'print' });
  const pdf = await desk.page.pdf({ format: 'A4', printBackground: true });
  await desk.page.emulateMedia({ media: 'screen' });
  const extracted = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  // Table cells wrap: compare with single spaces.
  const text = extracted.text.replace(/\s+/g, ' ');
  const totalPages = extracted.totalPages;
  expect(text).toContain('Ville de Chambéry');
  expect(text).toContain('Réunions du jour');
  expect(text).toContain('Comité de quartier E2E');
  expect(text).toContain('Salle des commissions');
  expect(text).not.toContain('Ajouter une réunion');
  expect(totalPages).toBeGreaterThanOrEqual(1);

  // A change after printing is highlighted on the desk board until the next print.
  const row = desk.page.getByTestId('board-meeting').filter({ hasText: 'Comité de quartier E2E' });
  await row.getByRole('button', { name: /Modifier/ }).click();
  await form.getByLabel('Salle').selectOption({ label: 'Salle du conseil (1er étage)' });
  await desk.page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(() => row.getByTestId('board-change').textContent()).toBe('Modifiée : salle');
  expect(await desk.page.getByTestId('print-status').textContent()).toMatch(/1 changement depuis/);
  await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toMatch(/Salle du conseil/);
});

it('the display offline keeps its board, says since when, and recovers by itself', async () => {
  const [desk, display] = env.tablets as [Tablet, Tablet];
  expect(await waitForServiceWorker(display.page)).toBe(true);
  await display.context.setOffline(true);
  await display.page.getByTestId('display-offline').waitFor({ timeout: 15_000 });
  expect(await display.page.getByTestId('display-offline').textContent()).toMatch(/Hors ligne depuis \d\d:\d\d/);
  // Reloaded with no network, from the service worker and the local databases.
  await display.page.reload();
  await display.page.getByTestId('display-meeting').filter({ hasText: 'Comité de quartier E2E' }).waitFor({ timeout: 15_000 });
  await display.page.getByTestId('display-offline').waitFor();

  // Meanwhile the desk adds a meeting: it arrives once the display is back online.
  await desk.page.getByRole('button', { name: 'Ajouter une réunion' }).click();
  const form = desk.page.getByTestId('meeting-form');
  const today = parisClock(0).day;
  await form.getByLabel('Intitulé').fill('Point presse E2E');
  await form.getByLabel('Jour').fill(today);
  await form.getByLabel('Début').fill(parisClock(-10).day === today ? parisClock(-10).time : '00:00');
  await form.getByLabel('Fin').fill(parisClock(40).day === today ? parisClock(40).time : '23:59');
  await desk.page.getByRole('button', { name: 'Enregistrer' }).click();
  await desk.page.getByTestId('board-meeting').filter({ hasText: 'Point presse E2E' }).waitFor();

  await display.context.setOffline(false);
  await expect.poll(() => display.page.getByTestId('display-offline').count(), { timeout: 60_000 }).toBe(0);
  await expect.poll(() => display.page.getByTestId('display-meeting').filter({ hasText: 'Point presse E2E' }).count(), { timeout: 30_000 }).toBe(1);
});
