import type { Page } from 'playwright-core';

/** Draws a signature with the mouse in the kiosk's signature box. */
export async function drawSignature(page: Page) {
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 40);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 25, box.y + 40 + (i % 2) * 50, { steps: 3 });
  await page.mouse.up();
}

/** Goes through the kiosk flow as a visitor would, up to the privacy notice and the signature box. */
export async function toSignature(page: Page, name: string) {
  await page.getByRole('button', { name: "Je n'ai pas de rendez-vous" }).click();
  await page.getByRole('button', { name: 'Acte de naissance' }).or(page.getByRole('button', { name: 'Autre demande' })).first().click();
  await page.getByLabel('Votre nom').fill(name);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByText('Vos données').waitFor();
}

/** Goes through the kiosk flow as a visitor would, signature drawn with the mouse. */
export async function checkIn(page: Page, name: string) {
  await toSignature(page, name);
  // A banner arriving with the first sync (« L'accueil est fermé ») can move the signature box
  // between measuring it and drawing, so the strokes miss it: draw again if the kiosk asks.
  for (let attempt = 1; ; attempt++) {
    await drawSignature(page);
    await page.getByRole('button', { name: 'Valider mon arrivée' }).click();
    try {
      await page.getByTestId('kiosk-done').waitFor({ timeout: attempt < 3 ? 10_000 : 30_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
