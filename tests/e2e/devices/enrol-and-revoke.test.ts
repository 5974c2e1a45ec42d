import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { DEVICES } from '../../support/devices';
import { adminAuth, enrol, registerVisitor, signInIfAsked, useStack, type Tablet } from '../support/harness';

const env = useStack(2);

/** What the tablet's browser still holds: PouchDB databases and the read model's visits. */
const localData = (t: Tablet) =>
  t.page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '');
    const rm = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('accueil-read-model');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const count = (table: string) =>
      new Promise<number>((resolve) => {
        if (!rm.objectStoreNames.contains(table)) return resolve(-1);
        const req = rm.transaction(table).objectStore(table).count();
        req.onsuccess = () => resolve(req.result);
      });
    const counts = { visits: await count('visits'), pending: await count('pending'), handover: await count('handover') };
    rm.close();
    return { pouchDbs: names.filter((n) => n.startsWith('_pouch_')), ...counts };
  });

it('the coordinator creates a device and it enrols with the one-time code, once', async () => {
  const [coordinator, tablet] = env.tablets as [Tablet, Tablet];
  const base = env.base;
  const c = coordinator.page;
  await enrol(c, base, DEVICES.coordinator.name, DEVICES.coordinator.password);
  await c.goto(`${base}/coordination`);
  await c.getByLabel("Nom de l'appareil").fill('Tablette accueil 2');
  await c.getByLabel('Bâtiment').selectOption('hdv');
  await c.getByLabel('Rôle').selectOption('desk');
  await c.getByRole('button', { name: "Créer l'appareil" }).click();
  const code = (await c.getByTestId('enrolment-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{8}$/);

  const t = tablet.page;
  await t.goto(base);
  await t.waitForURL(/\/enrolement/);
  await t.getByLabel("Code d'enrôlement").fill(code.toLowerCase());
  await t.getByRole('button', { name: 'Enrôler', exact: true }).click();
  await t.waitForURL((u) => u.pathname === '/');
  await signInIfAsked(t);
  await expect.poll(() => t.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toBe('Synchronisé');
  await expect.poll(() => t.locator('.brand').textContent()).toContain('Hôtel de Ville');

  const again = await fetch(`${base}/api/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(again.ok).toBe(false);
});

it('revocation: the revoked tablet wipes its visits, stops taking registrations and keeps its unsent change for export', async () => {
  const [coordinator, tablet] = env.tablets as [Tablet, Tablet];
  const c = coordinator.page;
  const t = tablet.page;
  await registerVisitor(t, 'Déjà Envoyée', 'etat civil');
  await expect.poll(() => t.getByTestId('sync-state').textContent(), { timeout: 30_000 }).toBe('Synchronisé');

  // Registered while the Wi-Fi is down: this one exists only on the tablet.
  await tablet.context.setOffline(true);
  await registerVisitor(t, 'Jamais Envoyée', 'etat civil');

  c.on('dialog', (d) => void d.accept());
  await c.reload();
  await c.getByRole('button', { name: 'Révoquer Tablette accueil 2' }).click();
  await expect.poll(() => c.getByTestId('device-row').filter({ hasText: 'Tablette accueil 2' }).textContent(), { timeout: 15_000 }).toContain('Révoqué');

  // Back online, the tablet learns it on its next request, or its 30 s check at the latest.
  await tablet.context.setOffline(false);
  await t.getByTestId('revoked').waitFor({ timeout: 75_000 });
  await expect(t.getByLabel('Nom du visiteur').count()).resolves.toBe(0);
  await expect.poll(() => t.getByTestId('handover-count').textContent()).toContain('1 modification');
  const left = await localData(tablet);
  expect(left).toEqual({ pouchDbs: [], visits: 0, pending: 0, handover: 1 });

  const [download] = await Promise.all([t.waitForEvent('download'), t.getByRole('button', { name: 'Exporter les modifications non envoyées' }).click()]);
  const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as { format: string; changes: { db: string; doc: { visitorName?: string } }[] };
  expect(file.format).toBe('accueil-handover');
  expect(file.changes.map((ch) => ch.doc.visitorName)).toEqual(['Jamais Envoyée']);

  // A reload shows the same screen: the tablet does not come back to life.
  await t.reload();
  await t.getByTestId('revoked').waitFor();
  expect((await localData(tablet)).pouchDbs).toEqual([]);

  // The coordinator takes the change over: it reaches the server from there.
  await c.getByLabel('Fichier exporté (.json)').setInputFiles((await download.path())!);
  await expect.poll(() => c.getByTestId('handover-result').textContent()).toContain('1 modification(s) reprise(s)');
  await expect
    .poll(async () => {
      const res = await fetch(`${env.stack.server.url}/accueil/_all_docs?include_docs=true`, { headers: { Authorization: adminAuth(env.stack.server) } });
      const body = (await res.json()) as { rows: { doc?: { visitorName?: string } }[] };
      return body.rows.some((r) => r.doc?.visitorName === 'Jamais Envoyée');
    }, { timeout: 30_000 })
    .toBe(true);
});
