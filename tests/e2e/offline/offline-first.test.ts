import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { adminAuth, enrol, reapplyOffline, registerVisitor, useStack, waitForServiceWorker } from '../support/harness';

const env = useStack(1);

it('works with the network off after its first load, and syncs what was done offline', async () => {
  const { page, context } = env.tablets[0]!;
  const { stack, base } = env;
  const d = DEMO_DEVICES.deskCurial;
  await enrol(page, base, d.name, d.password);
  expect(await waitForServiceWorker(page)).toBe(true);
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');

  // The network goes down: the server is gone and the browser knows it is offline.
  await stack.stop();
  await context.setOffline(true);
  await page.reload();
  await page.getByLabel('Nom du visiteur').waitFor();
  await reapplyOffline(context);
  await expect.poll(() => page.getByTestId('sync-state').textContent()).toBe('Hors ligne');

  await registerVisitor(page, 'Hors-Ligne Hélène');
  await expect.poll(() => page.getByTestId('present-row').filter({ hasText: 'Hors-Ligne Hélène' }).count()).toBe(1);
  await expect.poll(() => page.getByTestId('sync-pending').textContent()).toContain('1 modification à envoyer');

  // A deep link also opens offline, from the service worker.
  await page.goto(`${base}/appareil`);
  await page.getByRole('heading', { name: 'Cet appareil' }).waitFor();
  await page.goto(base);

  // Back online: the visit reaches the server and nothing is left pending.
  await stack.restart();
  await context.setOffline(false);
  await expect.poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 90_000 }).toContain('Tout est envoyé');
  const res = await fetch(`${stack.server.url}/accueil/_all_docs?include_docs=true`, { headers: { Authorization: adminAuth(stack.server) } });
  const body = (await res.json()) as { rows: { doc: { visitorName?: string } }[] };
  expect(body.rows.filter((r) => r.doc.visitorName === 'Hors-Ligne Hélène')).toHaveLength(1);
});
