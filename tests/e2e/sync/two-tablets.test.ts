import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { enrol, registerVisitor, useStack, type Tablet } from '../support/harness';

const env = useStack(2);

it('the Curial and Hôtel de Ville tablets see each other’s visitors', async () => {
  const [curial, hdv] = env.tablets as [Tablet, Tablet];
  const base = env.base;
  await enrol(curial.page, base, DEMO_DEVICES.deskCurial.name, DEMO_DEVICES.deskCurial.password);
  await enrol(hdv.page, base, DEMO_DEVICES.deskHdv.name, DEMO_DEVICES.deskHdv.password);

  await registerVisitor(curial.page, 'Alice Curial');
  await hdv.page.getByRole('button', { name: /^Curial/ }).click();
  await expect.poll(() => hdv.page.getByTestId('present-row').filter({ hasText: 'Alice Curial' }).count(), { timeout: 15_000 }).toBe(1);

  await registerVisitor(hdv.page, 'Bruno Hôtel de Ville', 'etat civil');
  await curial.page.getByRole('button', { name: /^Hôtel de Ville/ }).click();
  await expect.poll(() => curial.page.getByTestId('present-row').filter({ hasText: 'Bruno Hôtel de Ville' }).count(), { timeout: 15_000 }).toBe(1);

  // Checking out at one desk removes the visitor from the other's present list.
  await curial.page.getByRole('button', { name: /^Curial/ }).click();
  await curial.page.getByRole('button', { name: 'Enregistrer la sortie de Alice Curial' }).click();
  await expect.poll(() => hdv.page.getByTestId('present-row').filter({ hasText: 'Alice Curial' }).count(), { timeout: 15_000 }).toBe(0);
});
