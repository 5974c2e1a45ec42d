import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEVICES } from '../../support/devices';
import { enrol, useStack } from '../support/harness';

const env = useStack(1);

/**
 * Form errors on the desk were not announced and focus stayed on the submit button. After a
 * refused submit: the focused element is a field marked invalid, its aria-describedby points
 * to a visible error text, and an alert announces the errors. Returns the focused field's id.
 */
async function expectErrorsAnnounced(page: Page, submit: Locator): Promise<string> {
  await submit.click();
  let verdict = '';
  await expect
    .poll(async () => {
      verdict = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return 'nothing focused';
        if (el.getAttribute('aria-invalid') !== 'true' && !el.hasAttribute('data-invalid')) return `focus on a valid ${el.tagName}#${el.id}`;
        const described = (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id))
          .filter((d): d is HTMLElement => !!d && d.classList.contains('error') && d.getClientRects().length > 0 && !!d.textContent?.trim());
        return described.length > 0 ? `ok:${el.id}` : `#${el.id} has no visible error text`;
      });
      return verdict.startsWith('ok:');
    })
    .toBe(true);
  expect(await page.getByRole('alert').filter({ hasText: 'Le formulaire contient' }).count(), 'an alert announces the errors').toBeGreaterThan(0);
  return verdict.slice(3);
}

it('submitting each desk form empty moves focus to the first invalid field, tied to a visible error, and alerts', async () => {
  const { page } = env.tablets[0]!;
  const base = env.base;
  await enrol(page, base, DEVICES.coordinator.name, DEVICES.coordinator.password);

  // Visitors: the name first; the door and the Vigipirate messages tied to their fields.
  await page.goto(`${base}/`);
  await page.getByLabel('Nom du visiteur').waitFor();
  await page.getByLabel('Porte ouverte par').fill('');
  expect(await expectErrorsAnnounced(page, page.getByRole('button', { name: "Enregistrer l'arrivée" }))).toBe('visitor-name');
  await expect.poll(() => page.locator('#door-opened-by').getAttribute('aria-describedby')).toBe('door-opened-by-error');
  await expect.poll(() => page.getByLabel('Identité contrôlée').getAttribute('aria-describedby')).toBe('id-checked-error');

  // Receipts.
  await page.goto(`${base}/recepisses`);
  await page.getByRole('heading', { name: 'Nouveau récépissé' }).waitFor();
  expect(await expectErrorsAnnounced(page, page.getByRole('button', { name: 'Enregistrer le récépissé' }))).toBe('receipt-person');

  // Appointments: the booking form of the first bookable slot.
  await page.goto(`${base}/rendez-vous`);
  await page.waitForURL(/\/rendez-vous$/);
  await expect.poll(() => page.locator('#service-select option[value="service:titres-identite"]').count()).toBe(1);
  await page.locator('#service-select').selectOption('service:titres-identite');
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    if ((await page.getByRole('button', { name: /^Réserver : / }).count()) > 0) found = true;
    else await page.getByRole('button', { name: 'Jour suivant' }).click();
  }
  expect(found, 'a bookable slot').toBe(true);
  await page.getByRole('button', { name: /^Réserver : / }).first().click();
  expect(await expectErrorsAnnounced(page, page.getByRole('button', { name: 'Réserver', exact: true }))).toBe('booking-name');

  // Equipment loan: an item is added, then lent with an empty form.
  await page.goto(`${base}/materiel`);
  await page.getByRole('button', { name: 'Ajouter un équipement' }).click();
  await page.getByLabel('Type').selectOption({ index: 1 });
  await page.getByLabel("Nom de l'équipement").fill('PC formulaire E2E');
  await page.getByRole('button', { name: "Ajouter l'équipement" }).click();
  await page.getByRole('button', { name: 'Prêter PC formulaire E2E' }).click();
  expect(await expectErrorsAnnounced(page, page.getByRole('button', { name: 'Enregistrer le prêt' }))).toBe('loan-agent');

  // Meetings.
  await page.goto(`${base}/reunions`);
  await page.getByRole('button', { name: 'Ajouter une réunion' }).click();
  const meeting = page.getByTestId('meeting-form');
  expect(await expectErrorsAnnounced(page, meeting.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe('meeting-title');

  // Coordination: a device without a name.
  await page.goto(`${base}/coordination`);
  await page.getByRole('heading', { name: 'Appareils' }).waitFor();
  expect(await expectErrorsAnnounced(page, page.getByRole('button', { name: "Créer l'appareil" }))).toBe('dev-label');
});
