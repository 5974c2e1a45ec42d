import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { adminAuth, DEMO_PIN, enrol, signIn, useStack, type Tablet } from '../support/harness';

const env = useStack(2);

type VisitBody = { visitorName?: string; createdBy?: string; vigipirate?: { doorOpenedBy?: string } };
async function serverDocs<T>(type: string): Promise<T[]> {
  const res = await fetch(`${env.stack.server.url}/accueil/_all_docs?include_docs=true`, { headers: { Authorization: adminAuth(env.stack.server) } });
  const body = (await res.json()) as { rows: { doc?: T & { type?: string } }[] };
  return body.rows.map((r) => r.doc).filter((d): d is T & { type: string } => d?.type === type);
}

it('an adviser signs in with their PIN at 1024×768; the visitor form names them as the door opener, and the visit reaches the server with it', async () => {
  const [desk] = env.tablets as [Tablet];
  const p = desk.page;
  await p.setViewportSize({ width: 1024, height: 768 });
  await p.goto(env.base);
  await p.waitForURL(/\/enrolement/);
  await p.getByRole('button', { name: 'Identifiant et mot de passe' }).click();
  await p.getByLabel("Identifiant de l'appareil").fill(DEVICES.deskCurial.name);
  await p.getByLabel('Mot de passe').fill(DEVICES.deskCurial.password);
  await p.getByRole('button', { name: 'Enrôler', exact: true }).click();

  const screen = p.getByTestId('shift-signin');
  await screen.getByRole('button', { name: 'Chloé Martin', exact: true }).waitFor({ timeout: 60_000 });
  expect(await p.getByLabel('Nom du visiteur').count(), 'no desk before the sign-in').toBe(0);
  expect(await seriousViolations(p)).toEqual([]);

  await screen.getByRole('button', { name: 'Chloé Martin', exact: true }).click();
  await p.getByLabel('Code personnel de Chloé Martin').fill('9999');
  await p.getByRole('button', { name: 'Commencer mon poste' }).click();
  await expect.poll(() => p.getByRole('alert').filter({ hasText: 'Code incorrect' }).count()).toBe(1);
  expect(await p.getByLabel('Code personnel de Chloé Martin').getAttribute('aria-invalid')).toBe('true');
  expect(await seriousViolations(p)).toEqual([]);

  await p.getByLabel('Code personnel de Chloé Martin').fill(DEMO_PIN);
  await p.getByRole('button', { name: 'Commencer mon poste' }).click();
  await expect.poll(() => p.getByTestId('shift-badge').textContent()).toContain('Chloé M.');
  await expect.poll(() => p.getByLabel('Porte ouverte par').inputValue()).toBe('Chloé Martin');
  // One header row at 1024×768, the adviser and the sync status in it.
  const header = (await p.locator('header').boundingBox())!;
  expect(header.height).toBeLessThanOrEqual(64);
  for (const id of ['shift-badge', 'sync-state']) {
    const box = (await p.getByTestId(id).boundingBox())!;
    expect(box.y + box.height, id).toBeLessThanOrEqual(header.y + header.height);
  }

  await p.getByLabel('Nom du visiteur').fill('Paul Prise');
  await p.getByRole('searchbox', { name: 'Service' }).fill('urbanisme');
  await p.getByRole('list', { name: 'Services correspondants' }).getByRole('button').first().click();
  await p.getByLabel('Identité contrôlée').check();
  await p.getByRole('button', { name: "Enregistrer l'arrivée" }).click();
  await p.getByTestId('present-row').filter({ hasText: 'Paul Prise' }).waitFor();
  await expect
    .poll(async () => (await serverDocs<VisitBody>('visit')).find((v) => v.visitorName === 'Paul Prise')?.vigipirate?.doorOpenedBy, { timeout: 30_000 })
    .toBe('Chloé Martin');

  // A reload (an app update, a crash) keeps the adviser signed in.
  await p.reload();
  await expect.poll(() => p.getByTestId('shift-badge').textContent(), { timeout: 30_000 }).toContain('Chloé M.');
});

it('a colleague takes over the tablet: the first shift ends, records name the new adviser, and the coordinator sees both shifts', async () => {
  const [desk, coordinator] = env.tablets as [Tablet, Tablet];
  const p = desk.page;
  await p.getByTestId('shift-badge').click();
  await p.getByRole('button', { name: 'Changer de conseiller' }).click();
  await p.getByTestId('shift-signin').waitFor();
  await signIn(p, 'Karim Benali');
  await expect.poll(() => p.getByLabel('Porte ouverte par').inputValue()).toBe('Karim Benali');

  await expect
    .poll(async () => (await serverDocs<{ adviserName: string; endReason?: string }>('shift')).map((s) => `${s.adviserName}:${s.endReason ?? 'open'}`).sort(), { timeout: 30_000 })
    .toEqual(['Chloé Martin:takeover', 'Karim Benali:open']);

  const c = coordinator.page;
  await enrol(c, env.base, DEVICES.coordinator.name, DEVICES.coordinator.password);
  await c.goto(`${env.base}/coordination`);
  const history = c.getByTestId('shift-history');
  await expect.poll(() => history.getByTestId('shift-row').filter({ hasText: 'Karim Benali' }).textContent(), { timeout: 30_000 }).toContain('en poste');
  await expect.poll(() => history.getByTestId('shift-row').filter({ hasText: 'Chloé Martin' }).filter({ hasText: 'desk-curial' }).textContent()).toContain('relève');
});

it('the server refuses a desk writing an adviser or another tablet’s shift, whatever its UI does', async () => {
  const auth = `Basic ${Buffer.from(`${DEVICES.deskCurial.name}:${DEVICES.deskCurial.password}`).toString('base64')}`;
  const [chloe] = await serverDocs<{ _id: string; _rev: string; name: string }>('adviser');
  const put = (doc: { _id: string } & Record<string, unknown>) =>
    fetch(`${env.base}/db/accueil/${encodeURIComponent(doc._id)}`, { method: 'PUT', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
  expect((await put({ ...chloe!, name: 'Usurpé' })).status).toBe(403);
  const startedAt = '2026-12-01T08:00:00.000Z';
  const forged = { _id: `shift:hdv:desk-hdv:${Date.parse(startedAt)}`, type: 'shift', v: 1, site: 'hdv', device: 'desk-hdv', adviserId: 'adviser:chloe-martin', adviserName: 'Chloé Martin', startedAt };
  expect((await put(forged)).status).toBe(403);
});
