import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { adminAuth, enrol, registerVisitor, useStack } from '../support/harness';

const env = useStack(1);

it('checkout without undo: a mistaken « Sortie » is undone by keyboard, the visitor is back on the evacuation list, and the history keeps both', async () => {
  const { page } = env.tablets[0]!;
  await enrol(page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  await registerVisitor(page, 'Marc Erreur');
  const row = page.getByTestId('present-row').filter({ hasText: 'Marc Erreur' });
  await row.getByRole('button', { name: 'Enregistrer la sortie de Marc Erreur' }).click();
  await expect.poll(() => row.count()).toBe(0);

  // The offer is announced and focused: Enter undoes.
  const offer = page.getByTestId('checkout-undo');
  await offer.waitFor();
  expect(await offer.getAttribute('role')).toBe('status');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Annuler la sortie de Marc Erreur');
  await page.keyboard.press('Enter');
  await row.waitFor();
  expect(await row.getByTestId('checkout-undone').textContent()).toMatch(/Sortie annulée à \d\d:\d\d/);

  await page.goto(`${env.base}/evacuation`);
  await page.getByTestId('present-row').filter({ hasText: 'Marc Erreur' }).waitFor();

  // The server's copy holds the checkout and its undo.
  await expect
    .poll(
      async () => {
        const res = await fetch(`${env.stack.server.url}/accueil/_all_docs?include_docs=true&startkey="visit:"&endkey="visit:\uffff"`, { headers: { Authorization: adminAuth(env.stack.server) } });
        const rows = ((await res.json()) as { rows: { doc: { visitorName: string; checkedOutAt?: string; history?: { event: string }[] } }[] }).rows;
        const v = rows.find((r) => r.doc.visitorName === 'Marc Erreur')?.doc;
        return v ? { out: v.checkedOutAt ?? null, events: v.history?.map((h) => h.event) } : null;
      },
      { timeout: 30_000 }
    )
    .toEqual({ out: null, events: ['checkout', 'checkout-undone'] });

  // Left alone, the offer ends by itself.
  await page.goto(`${env.base}/`);
  const again = page.getByTestId('present-row').filter({ hasText: 'Marc Erreur' });
  await again.getByRole('button', { name: 'Enregistrer la sortie de Marc Erreur' }).click();
  await page.getByTestId('checkout-undo').waitFor();
  await page.getByTestId('checkout-undo').waitFor({ state: 'detached', timeout: 15_000 });
  expect(await again.count()).toBe(0);
});
