import { describe, expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { useCouchStack } from '../../e2e/support/couchdb-stack';
import { enrol, goToSection, registerVisitor, type Tablet } from '../../e2e/support/harness';
import { checkIn } from '../../e2e/support/kiosk';

/** "HH:MM" in Paris, `minutes` from now (as tests/e2e/meetings/board.test.ts). */
function parisClock(minutes: number): { day: string; time: string } {
  const at = new Date(Date.now() + minutes * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value])
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * The PWA in Chromium with the sync server in CouchDB mode, as production runs it: one server,
 * its workers on, four tablets (the two desks, the Curial kiosk, the Hôtel de Ville display).
 */
describe('the app on Apache CouchDB', () => {
  const env = useCouchStack(4, { workers: true });
  const tablets = () => env.tablets as [Tablet, Tablet, Tablet, Tablet];

  it('a visitor registered at Curial is seen at the Hôtel de Ville, and the check-out comes back', async () => {
    const [curial, hdv] = tablets();
    await enrol(curial.page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
    await enrol(hdv.page, env.base, DEVICES.deskHdv.name, DEVICES.deskHdv.password);

    await registerVisitor(curial.page, 'Alice Curial');
    await hdv.page.getByRole('button', { name: /^Curial/ }).click();
    await expect.poll(() => hdv.page.getByTestId('present-row').filter({ hasText: 'Alice Curial' }).count(), { timeout: 30_000 }).toBe(1);

    await hdv.page.getByRole('button', { name: 'Enregistrer la sortie de Alice Curial' }).click();
    await expect.poll(() => curial.page.getByTestId('present-row').filter({ hasText: 'Alice Curial' }).count(), { timeout: 30_000 }).toBe(0);
  });

  it('a check-in at the Curial kiosk reaches the Curial desk’s queue (the intake worker)', async () => {
    const [curial, , kiosk] = tablets();
    await enrol(kiosk.page, env.base, DEVICES.kioskCurial.name, DEVICES.kioskCurial.password);
    await kiosk.page.waitForURL(/\/borne$/);
    await curial.page.goto(`${env.base}/file`);
    await checkIn(kiosk.page, 'Zoé Kiosque');
    expect(await kiosk.page.getByTestId('kiosk-ticket').textContent()).toBe('K1');
    await curial.page.getByText('Zoé Kiosque').first().waitFor({ timeout: 60_000 });
    expect(await curial.page.getByText('K1', { exact: true }).count()).toBeGreaterThan(0);
  });

  it('a meeting added at the Hôtel de Ville desk is on the hallway display', async () => {
    const [, hdv, , display] = tablets();
    await enrol(display.page, env.base, DEVICES.displayHdv.name, DEVICES.displayHdv.password);
    await display.page.waitForURL(/\/affichage$/);
    await goToSection(hdv.page, 'Réunions');
    await hdv.page.getByRole('heading', { name: /Réunions · Hôtel de Ville/ }).waitFor();

    const today = parisClock(0).day;
    const from = parisClock(-30).day === today ? parisClock(-30).time : '00:00';
    const to = parisClock(30).day === today ? parisClock(30).time : '23:59';
    await hdv.page.getByRole('button', { name: 'Ajouter une réunion' }).click();
    const form = hdv.page.getByTestId('meeting-form');
    await form.getByLabel('Intitulé').fill('Comité de quartier CouchDB');
    await form.getByLabel('Service organisateur').fill('Vie des quartiers');
    await form.getByLabel('Salle').selectOption({ label: 'Salle des commissions (2e étage)' });
    await form.getByLabel('Jour').fill(today);
    await form.getByLabel('Début').fill(from);
    await form.getByLabel('Fin').fill(to);
    await form.getByLabel(/Participants attendus/).fill('15');
    await hdv.page.getByRole('button', { name: 'Enregistrer' }).click();
    await hdv.page.getByTestId('board-meeting').filter({ hasText: 'Comité de quartier CouchDB' }).waitFor();

    const shown = display.page.getByTestId('display-meeting').filter({ hasText: 'Comité de quartier CouchDB' });
    await expect.poll(() => shown.count(), { timeout: 30_000 }).toBe(1);
    expect(await shown.textContent()).toMatch(/En cours.*Comité de quartier CouchDB.*Salle des commissions/);
  });
});
