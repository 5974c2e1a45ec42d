import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEVICES } from '../../support/devices';
import { adminAuth, enrol, reapplyOffline, useStack, waitForServiceWorker, type Tablet, goToSection } from '../support/harness';

// Two tablets of Curial: the desk and the coordinator's (a desk with more rights).
const env = useStack(2);

const ITEMS = ['Lumières', 'Fenêtres', 'Portes', 'Équipements', 'Propreté et rangement'];

/** A camera-sized picture drawn by the browser itself, as a PNG file. */
async function cameraPicture(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1800;
    const ctx = canvas.getContext('2d')!;
    const gradient = ctx.createLinearGradient(0, 0, 2400, 1800);
    gradient.addColorStop(0, '#8a4b00');
    gradient.addColorStop(1, '#004a8f');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 2400, 1800);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  for (let i = 2; i + 9 < bytes.length; ) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  return null;
}

const roomForm = (page: Page, name: string) => page.getByRole('form', { name });

/** Answers the five items of a room (OK unless told otherwise) and saves it. */
async function checkRoom(page: Page, name: string, answers: Record<string, string> = {}): Promise<Locator> {
  const form = roomForm(page, name);
  for (const item of ITEMS) await form.getByRole('group', { name: item }).getByText(answers[item] ?? 'OK', { exact: true }).click();
  await form.getByRole('button', { name: /Enregistrer la salle/ }).click();
  await expect.poll(() => form.getByRole('status').textContent()).toContain('vérification enregistrée sur la tablette');
  return form;
}

async function openRounds(page: Page): Promise<void> {
  await goToSection(page, 'Salles');
  await page.getByRole('heading', { name: 'Salles maintenant' }).waitFor();
  await expect.poll(() => page.getByTestId('room-now').count(), { timeout: 20_000 }).toBe(4);
  await page.getByRole('button', { name: "Tournée d'ouverture" }).click();
  await page.getByRole('heading', { level: 2, name: "Tournée d'ouverture" }).waitFor();
}

type Doc = { _id: string; type?: string; status?: string; items?: Record<string, string>; _attachments?: Record<string, { content_type: string; length: number }> };
async function serverDocs(type: string): Promise<Doc[]> {
  const { server } = env.stack;
  const res = await fetch(`${server.url}/accueil/_all_docs?include_docs=true`, { headers: { Authorization: adminAuth(server) } });
  const body = (await res.json()) as { rows: { doc: Doc }[] };
  return body.rows.map((r) => r.doc).filter((d) => d.type === type);
}

it('an opening round with a problem reported with a photo, seen on the other Curial tablet, then fixed', async () => {
  const [desk, other] = env.tablets as [Tablet, Tablet];
  const { page } = desk;
  await enrol(page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');
  await openRounds(page);
  for (const text of await page.getByTestId('room-now').allTextContents()) expect(text).toMatch(/places.*(Libre|Occupée)/);
  await expect.poll(() => page.getByTestId('round-progress').textContent()).toContain('0 / 4 salles vérifiées');

  // Salle du Forum: the door is a problem.
  const forum = await checkRoom(page, 'Salle du Forum', { Portes: 'Problème' });
  await expect.poll(() => page.getByTestId('round-progress').textContent()).toContain('1 / 4 salles vérifiées');
  expect(await page.locator('#round-progress').getAttribute('value')).toBe('1');
  await forum.getByRole('button', { name: /Signaler ce problème/ }).click();

  // The report form is filled in with the room and the item; the photo comes from the camera.
  const report = page.getByRole('form', { name: 'Signaler un problème' });
  expect(await report.getByLabel('Salle').inputValue()).toBe('room:curial:salle-du-forum');
  expect(await report.getByLabel('Ce qui pose problème').inputValue()).toBe('doors');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('issue-description');
  await page.keyboard.type('La porte côté couloir ne ferme plus à clé');
  await report.getByLabel('Photo (facultative)').setInputFiles({ name: 'IMG_0042.png', mimeType: 'image/png', buffer: await cameraPicture(page) });
  await report.getByTestId('issue-photo-preview').waitFor();
  await report.getByRole('button', { name: 'Enregistrer le problème' }).click();
  await expect.poll(() => report.getByRole('status').last().textContent()).toContain('Problème signalé pour Salle du Forum, avec sa photo');

  // Followed in « Problèmes en cours », with its thumbnail, and flagged on the room.
  const card = page.getByTestId('issue-card').filter({ hasText: 'ne ferme plus à clé' });
  await card.waitFor();
  expect(await card.textContent()).toMatch(/Salle du Forum — Portes.*Signalé aujourd'hui à \d\d:\d\d par Chloé Martin/s);
  const thumb = card.getByTestId('issue-photo');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280);
  expect(await page.getByTestId('room-now').filter({ hasText: 'Salle du Forum' }).getByTestId('room-issues').textContent()).toBe('1 problème en cours');

  // On the server: the check, and the problem with its shrunk JPEG.
  await expect.poll(async () => (await serverDocs('roomissue')).length, { timeout: 30_000 }).toBe(1);
  const [issue] = await serverDocs('roomissue');
  expect(issue?._attachments?.['photo.jpg']?.content_type).toBe('image/jpeg');
  const photo = Buffer.from(await (await fetch(`${env.stack.server.url}/accueil/${encodeURIComponent(issue!._id)}/photo.jpg`, { headers: { Authorization: adminAuth(env.stack.server) } })).arrayBuffer());
  expect(jpegSize(photo)).toEqual({ width: 1280, height: 960 });
  expect(photo.length).toBeLessThan(300_000);
  expect((await serverDocs('roomcheck')).map((c) => [c._id, c.items?.doors])).toEqual([[expect.stringMatching(/^roomcheck:curial:\d{4}-\d\d-\d\d:opening:room:curial:salle-du-forum$/), 'issue']]);

  // The other tablet of Curial sees the problem and its photo after sync.
  await enrol(other.page, env.base, DEVICES.coordinator.name, DEVICES.coordinator.password);
  await expect.poll(() => other.page.getByTestId('sync-state').textContent(), { timeout: 30_000 }).toBe('Synchronisé');
  await openRounds(other.page);
  const seen = other.page.getByTestId('issue-card').filter({ hasText: 'ne ferme plus à clé' });
  await seen.waitFor({ timeout: 30_000 });
  await expect.poll(() => seen.getByTestId('issue-photo').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 }).toBe(1280);
  await expect.poll(() => other.page.getByTestId('round-progress').textContent(), { timeout: 15_000 }).toContain('1 / 4');

  // Fixed at the desk: gone from both lists, kept among the fixed ones.
  await card.getByRole('button', { name: /Marquer comme réglé/ }).click();
  await card.getByLabel('Ce qui a été fait (facultatif)').fill('Gâche remplacée par les services techniques');
  await card.getByRole('button', { name: 'Confirmer : problème réglé' }).click();
  await expect.poll(() => card.count()).toBe(0);
  await expect.poll(() => seen.count(), { timeout: 30_000 }).toBe(0);
  await other.page.getByLabel('Afficher aussi les problèmes réglés').check();
  const fixed = other.page.getByTestId('issue-card').filter({ hasText: 'ne ferme plus à clé' });
  await expect.poll(() => fixed.textContent()).toMatch(/Réglé aujourd'hui à \d\d:\d\d par Chloé Martin : Gâche remplacée/);
  await expect.poll(async () => (await serverDocs('roomissue'))[0]?.status, { timeout: 30_000 }).toBe('fixed');
  expect((await serverDocs('roomissue'))[0]?._attachments?.['photo.jpg']).toBeDefined();
});

it('a room checked with the network off is kept, and reaches the server once back', async () => {
  const { page, context } = env.tablets[0]!;
  const { stack } = env;
  expect(await waitForServiceWorker(page)).toBe(true);

  await stack.stop();
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Salles maintenant' }).waitFor();
  await reapplyOffline(context);
  await expect.poll(() => page.getByTestId('sync-state').textContent()).toBe('Hors ligne');
  await expect.poll(() => page.getByTestId('room-now').count()).toBe(4);
  await page.getByRole('button', { name: "Tournée d'ouverture" }).click();
  await checkRoom(page, 'Salle des Bauges', { Fenêtres: 'Sans objet' });
  await expect.poll(() => page.getByTestId('round-progress').textContent()).toContain('2 / 4 salles vérifiées');

  // Still there after a reload, offline: it is in the tablet's database.
  await page.reload();
  await page.getByRole('button', { name: "Tournée d'ouverture" }).click();
  await expect.poll(() => page.getByTestId('round-progress').textContent()).toContain('2 / 4 salles vérifiées');
  expect(await roomForm(page, 'Salle des Bauges').getByTestId('room-checked').textContent()).toMatch(/Vérifiée à \d\d:\d\d/);
  expect(await roomForm(page, 'Salle des Bauges').getByRole('group', { name: 'Fenêtres' }).getByLabel('Sans objet').isChecked()).toBe(true);

  await stack.restart();
  await context.setOffline(false);
  await expect
    .poll(async () => (await serverDocs('roomcheck')).filter((c) => c._id.endsWith(':opening:room:curial:salle-des-bauges')).map((c) => c.items?.windows), { timeout: 90_000 })
    .toEqual(['na']);
});

it('answers not yet saved survive a switch to the other round and back', async () => {
  const { page } = env.tablets[0] as Tablet;
  await page.goto(`${env.base}/salles`);
  await page.getByRole('button', { name: "Tournée d'ouverture" }).click();
  const lights = roomForm(page, 'Salle des Bauges').getByRole('group', { name: 'Lumières' });
  await lights.getByText('Sans objet', { exact: true }).click();
  await page.getByRole('button', { name: 'Tournée de fermeture' }).click();
  await page.getByRole('heading', { level: 2, name: 'Tournée de fermeture' }).waitFor();
  await page.getByRole('button', { name: "Tournée d'ouverture" }).click();
  expect(await lights.getByRole('radio', { name: 'Sans objet' }).isChecked()).toBe(true);
});
