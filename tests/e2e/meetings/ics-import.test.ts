import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { enrol, useStack, waitForServiceWorker } from '../support/harness';

const env = useStack(1);

/** Today in Paris as "YYYYMMDD", so the imported meetings are on today's board. */
function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()).replace(/-/g, '');
}

function zimbraExport(): Buffer {
  const day = parisToday();
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:Zimbra-Calendar-Provider',
    'X-WR-CALNAME:Salles HdV',
    'BEGIN:VEVENT',
    'UID:import-e2e-1@zimbra',
    'SUMMARY:Jury du concours des maisons fleuries',
    'LOCATION:Hôtel de Ville - Salon d’honneur',
    'ORGANIZER;CN=Espaces verts:mailto:espaces-verts@chambery.fr',
    `DTSTART;TZID=Europe/Paris:${day}T000100`,
    `DTEND;TZID=Europe/Paris:${day}T235800`,
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:import-e2e-2@zimbra',
    'SUMMARY:Réunion sans salle',
    'LOCATION:Ailleurs',
    `DTSTART;TZID=Europe/Paris:${day}T100000`,
    `DTEND;TZID=Europe/Paris:${day}T110000`,
    'END:VEVENT',
    'END:VCALENDAR',
    ''
  ].join('\r\n');
  return Buffer.from(ics, 'utf8');
}

it('imports a Zimbra .ics export at the desk, offline too, and importing it again changes nothing', async () => {
  const { page, context } = env.tablets[0]!;
  await enrol(page, env.base, DEMO_DEVICES.deskHdv.name, DEMO_DEVICES.deskHdv.password);
  await page.goto(`${env.base}/reunions`);
  await page.getByRole('heading', { name: /Réunions · Hôtel de Ville/ }).waitFor();
  // Offline: the parser is loaded on demand, from the service worker's precache.
  expect(await waitForServiceWorker(page)).toBe(true);
  await context.setOffline(true);

  await page.getByRole('button', { name: 'Importer un fichier .ics' }).click();
  const panel = page.getByTestId('ics-import');
  await panel.getByLabel('Fichier .ics').setInputFiles({ name: 'salles.ics', mimeType: 'text/calendar', buffer: zimbraExport() });
  const preview = panel.getByTestId('import-preview');
  await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toMatch(/1 réunion\(s\) à importer depuis « Salles HdV »/);
  expect(await preview.textContent()).toMatch(/Salon d'honneur : 1/);
  expect(await preview.textContent()).toMatch(/1 réunion\(s\) sans salle reconnue/);

  await panel.getByRole('button', { name: /^Importer 1 réunion/ }).click();
  await expect.poll(() => panel.getByTestId('import-result').textContent()).toMatch(/1 ajoutée\(s\), 0 mise\(s\) à jour, 0 inchangée\(s\)/);
  const row = page.getByTestId('board-meeting').filter({ hasText: 'Jury du concours des maisons fleuries' });
  await row.waitFor();
  expect(await row.textContent()).toMatch(/Espaces verts · Import \.ics/);

  await panel.getByLabel('Fichier .ics').setInputFiles({ name: 'salles.ics', mimeType: 'text/calendar', buffer: zimbraExport() });
  await expect.poll(() => preview.textContent()).toMatch(/1 réunion\(s\) à importer/);
  await panel.getByRole('button', { name: /^Importer 1 réunion/ }).click();
  await expect.poll(() => panel.getByTestId('import-result').textContent()).toMatch(/0 ajoutée\(s\), 0 mise\(s\) à jour, 1 inchangée\(s\)/);
  expect(await page.getByTestId('board-meeting').filter({ hasText: 'Jury du concours' }).count()).toBe(1);

  // Not an iCalendar: a clear message, nothing imported.
  await panel.getByLabel('Fichier .ics').setInputFiles({ name: 'note.ics', mimeType: 'text/calendar', buffer: Buffer.from('<html>Session expirée</html>') });
  await panel.getByText('Ce fichier n’est pas un agenda iCalendar lisible (.ics). Rien n’a été importé.').waitFor();

  // Back online, the import reaches the server.
  await context.setOffline(false);
  const server = env.stack.server;
  const auth = `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`;
  await expect
    .poll(async () => {
      const res = await fetch(`${server.url}/planning/_all_docs?include_docs=true&startkey=%22meeting:hdv:ics:%22&endkey=%22meeting:hdv:ics:%EF%BF%B0%22`, { headers: { Authorization: auth } });
      const body = (await res.json()) as { rows: { doc: { title: string; source: string } }[] };
      return body.rows.map((r) => `${r.doc.source}:${r.doc.title}`);
    }, { timeout: 30_000 })
    .toEqual(['ics:Jury du concours des maisons fleuries']);
});
