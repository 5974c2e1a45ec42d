import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack, type Tablet, goToSection } from '../support/harness';

const env = useStack(2);

/** Opens the agenda of a service on its first day with a bookable slot. */
async function openAgenda(page: Page, serviceId: string, via: 'link' | 'url'): Promise<void> {
  await page.getByLabel('Nom du visiteur').waitFor();
  if (via === 'link') await goToSection(page, 'Rendez-vous');
  // Loading the page also cuts short the enrolment's closing navigation home.
  else await page.goto(`${env.base}/rendez-vous`);
  await page.waitForURL(/\/rendez-vous$/);
  await page.locator('#service-select').selectOption(serviceId);
  for (let i = 0; i < 10; i++) {
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    if ((await page.getByRole('button', { name: /^Réserver : / }).count()) > 0) return;
    await page.getByRole('button', { name: 'Jour suivant' }).click();
  }
  throw new Error(`no bookable day for ${serviceId}`);
}

async function book(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: /^Réserver : / }).first().click();
  await page.getByLabel('Nom de la personne').fill(name);
  await page.getByRole('textbox', { name: 'Motif' }).fill('Passeport (rendez-vous)');
  await page.getByRole('button', { name: 'Réserver', exact: true }).click();
  await page.getByTestId('confirmation').filter({ hasText: name }).waitFor();
}

const bookingRow = (page: Page, name: string) => page.getByTestId('booking').filter({ hasText: name });

it('books from the desk with a printable confirmation, records an arrival as a visit and a no-show; the agenda is accessible', async () => {
  const { page } = env.tablets[0]!;
  await enrol(page, env.base, DEMO_DEVICES.deskCurial.name, DEMO_DEVICES.deskCurial.password);
  await openAgenda(page, 'service:titres-identite', 'url');
  await expect.poll(() => page.getByTestId('walkins').textContent()).toContain('visiteur');

  await book(page, 'Camille Rendez-vous');
  const confirmation = page.getByTestId('confirmation');
  expect(await confirmation.textContent()).toContain('Rez-de-chaussée, hall B');
  expect(await confirmation.textContent()).toContain("Photo d'identité de moins de 6 mois");
  expect(await page.getByTestId('confirmation-code').textContent()).toMatch(/^[A-HJ-NP-Z2-9]{7}$/);
  // Printing shows the confirmation alone.
  await page.emulateMedia({ media: 'print' });
  expect(await confirmation.isVisible()).toBe(true);
  expect(await page.getByRole('navigation', { name: 'Navigation principale' }).isVisible()).toBe(false);
  expect(await page.getByRole('region', { name: 'Agenda' }).isVisible()).toBe(false);
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Fermer' }).click();

  await expect.poll(() => bookingRow(page, 'Camille Rendez-vous').getByTestId('booking-status').textContent()).toBe('Réservé');
  expect(await seriousViolations(page)).toEqual([]);

  // Arrival: the appointment turns into a visit at the desk.
  await bookingRow(page, 'Camille Rendez-vous').getByRole('button', { name: 'Arrivé' }).click();
  await expect.poll(() => bookingRow(page, 'Camille Rendez-vous').getByTestId('booking-status').textContent()).toBe('Arrivé');

  // No-show.
  await book(page, 'Dominique Absent');
  await page.getByRole('button', { name: 'Fermer' }).click();
  await bookingRow(page, 'Dominique Absent').getByRole('button', { name: 'Absent' }).click();
  await expect.poll(() => bookingRow(page, 'Dominique Absent').getByTestId('booking-status').textContent()).toBe('Absent');

  // Cancelling frees the seat.
  await book(page, 'Eva Annule');
  await page.getByRole('button', { name: 'Fermer' }).click();
  await bookingRow(page, 'Eva Annule').getByRole('button', { name: 'Annuler' }).click();
  await expect.poll(() => bookingRow(page, 'Eva Annule').count()).toBe(0);

  await goToSection(page, 'Visiteurs');
  await page.getByTestId('present-row').filter({ hasText: 'Camille Rendez-vous' }).waitFor();
});

it('a double booking made on two offline tablets is detected after reconnection, shown at the desk and settled', async () => {
  const [curial, hdv] = env.tablets as [Tablet, Tablet];
  await enrol(hdv.page, env.base, DEMO_DEVICES.deskHdv.name, DEMO_DEVICES.deskHdv.password);
  await openAgenda(curial.page, 'service:etat-civil', 'link');
  await openAgenda(hdv.page, 'service:etat-civil', 'url');

  // The network goes down for both.
  await env.stack.stop();
  await curial.context.setOffline(true);
  await hdv.context.setOffline(true);
  await book(curial.page, 'Gilles Curial');
  await book(hdv.page, 'Hélène Hotel');

  await env.stack.restart();
  await curial.context.setOffline(false);
  await hdv.context.setOffline(false);

  for (const t of [curial, hdv]) {
    await expect.poll(() => t.page.getByText('Double réservation', { exact: true }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
  }
  await curial.page.getByRole('button', { name: 'Examiner la double réservation' }).first().click();
  await expect.poll(() => curial.page.getByTestId('double-booking-entry').count()).toBe(2);
  await curial.page.getByRole('button', { name: 'Garder la réservation de Hélène Hotel' }).click();

  for (const t of [curial, hdv]) {
    await expect.poll(() => t.page.getByText('Double réservation', { exact: true }).count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => bookingRow(t.page, 'Gilles Curial').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => bookingRow(t.page, 'Hélène Hotel').count()).toBe(1);
  }
});
