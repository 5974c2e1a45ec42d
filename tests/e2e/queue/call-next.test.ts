import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { enrol, useStack, type Tablet, goToSection } from '../support/harness';
import { adminHeader } from '../../support/server';

// The server is its own TypeScript program (see tests/support/server.ts): its intake worker is
// loaded through a module path held in a variable and run once, as its schedule would.
const INTAKE_MODULE = new URL('../../../sync-server/src/workers/intake.ts', import.meta.url).href;
const CLIENT_MODULE = new URL('../../../sync-server/src/couch-client.ts', import.meta.url).href;
async function runIntakeOnce(server: { url: string; admin: { name: string; password: string } }): Promise<{ moved: number }> {
  const { runIntake } = (await import(/* @vite-ignore */ INTAKE_MODULE)) as { runIntake(client: unknown): Promise<{ moved: number }> };
  const { CouchClient } = (await import(/* @vite-ignore */ CLIENT_MODULE)) as { CouchClient: new (url: string, admin: { name: string; password: string }) => unknown };
  return runIntake(new CouchClient(server.url, server.admin));
}

const env = useStack(3);

it('the desk calls the next ticket and the display of its building shows the number and guichet within seconds', async () => {
  const [desk, displayCurial, displayHdv] = env.tablets as [Tablet, Tablet, Tablet];
  await enrol(desk.page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  await enrol(displayCurial.page, env.base, DEVICES.displayCurial.name, DEVICES.displayCurial.password);
  await enrol(displayHdv.page, env.base, DEVICES.displayHdv.name, DEVICES.displayHdv.password);

  await goToSection(desk.page, 'File d’attente');
  await desk.page.getByTestId('issue-ticket').click();
  const number = (await desk.page.getByTestId('issued-number').textContent())?.trim() ?? '';
  expect(number).toMatch(/^[A-HJ-NP-Z]1$/);
  await expect.poll(() => desk.page.getByTestId('waiting-ticket').filter({ hasText: number }).count()).toBe(1);

  await desk.page.getByTestId('guichet').selectOption('3');
  await desk.page.getByTestId('call-next').click();
  await expect.poll(() => desk.page.getByTestId('called-ticket').filter({ hasText: number }).count()).toBe(1);

  await displayCurial.page.goto(`${env.base}/affichage`);
  const latest = displayCurial.page.getByTestId('called-latest');
  await expect.poll(async () => ((await latest.count()) ? await latest.textContent() : ''), { timeout: 15_000 }).toMatch(new RegExp(`${number}\\s*guichet\\s*3`));

  // The other building's display shows nothing of Curial's queue.
  await displayHdv.page.goto(`${env.base}/affichage`);
  // A building with no call today shows no queue panel at all (it may not use the queue).
  await displayHdv.page.getByRole('heading', { name: /Réunions du jour · Hôtel de Ville/ }).waitFor();
  await displayCurial.page.waitForTimeout(1_000);
  expect(await displayHdv.page.getByTestId('called-latest').count()).toBe(0);
  expect(await displayHdv.page.getByRole('heading', { name: 'Appels' }).count()).toBe(0);

  // The desk remembers its guichet.
  await desk.page.reload();
  await expect.poll(() => desk.page.getByTestId('guichet').inputValue()).toBe('3');
});

it('a kiosk check-in moved by the intake worker waits in the queue with its K ticket; admitted, the visitor is present', async () => {
  const desk = env.tablets[0] as Tablet;
  const createdAt = new Date().toISOString();
  const checkin = { _id: `checkin:curial:${createdAt}:e2e`, type: 'checkin', v: 1, site: 'curial', visitorName: 'Zoé Borne', reason: 'Passeport', createdAt, kiosk: 'kiosk-curial' };
  const pushed = await fetch(`${env.stack.server.url}/borne/${encodeURIComponent(checkin._id)}`, {
    method: 'PUT',
    headers: { Authorization: adminHeader(env.stack.server), 'Content-Type': 'application/json' },
    body: JSON.stringify(checkin)
  });
  expect(pushed.status).toBe(201);
  expect((await runIntakeOnce(env.stack.server)).moved).toBe(1);

  await desk.page.goto(`${env.base}/file`);
  const row = desk.page.getByTestId('waiting-ticket').filter({ hasText: 'Zoé Borne' });
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  expect(await row.textContent()).toContain('K1');
  await row.getByRole('button', { name: 'Admettre Zoé Borne, identité contrôlée' }).click();
  await expect.poll(() => row.count()).toBe(0);
  await goToSection(desk.page, 'Visiteurs');
  await expect.poll(() => desk.page.getByTestId('present-row').filter({ hasText: 'Zoé Borne' }).count(), { timeout: 10_000 }).toBe(1);
});
