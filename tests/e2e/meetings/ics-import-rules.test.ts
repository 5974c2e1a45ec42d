import { expect, it } from 'vitest';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';
import { enrol, useStack } from '../support/harness';

const env = useStack(1);

/** Today in Paris as "YYYYMMDD". */
function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()).replace(/-/g, '');
}

/** An export with an empty RRULE, two revisions of one meeting and a school-year BYMONTH rule. */
function awkwardExport(): Buffer {
  const day = parisToday();
  const event = (...props: string[]) => ['BEGIN:VEVENT', 'LOCATION:Salon d’honneur', ...props, 'END:VEVENT'];
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:Zimbra-Calendar-Provider',
    ...event('UID:empty-rule@zimbra', 'SUMMARY:Permanence des élus', `DTSTART;TZID=Europe/Paris:${day}T000300`, `DTEND;TZID=Europe/Paris:${day}T235600`, 'RRULE:'),
    ...event('UID:revised@zimbra', 'SEQUENCE:0', 'SUMMARY:Conseil d’école (ancien)', `DTSTART;TZID=Europe/Paris:${day}T000200`, `DTEND;TZID=Europe/Paris:${day}T235700`),
    ...event('UID:revised@zimbra', 'SEQUENCE:1', 'SUMMARY:Conseil d’école', `DTSTART;TZID=Europe/Paris:${day}T000200`, `DTEND;TZID=Europe/Paris:${day}T235700`),
    // Every month in school-year order, from today: ical.js 2.2.1 alone stopped after December.
    ...event('UID:monthly@zimbra', 'SUMMARY:Commission scolaire', `DTSTART;TZID=Europe/Paris:${day}T000400`, `DTEND;TZID=Europe/Paris:${day}T000500`,
      'RRULE:FREQ=MONTHLY;BYMONTH=9,10,11,12,1,2,3,4,5,6,7,8;COUNT=4'),
    'END:VCALENDAR',
    ''
  ].join('\r\n');
  return Buffer.from(ics, 'utf8');
}

it('an empty RRULE is told to the adviser in French, and only the latest revision of a meeting is imported', async () => {
  const { page } = env.tablets[0]!;
  await enrol(page, env.base, DEMO_DEVICES.deskHdv.name, DEMO_DEVICES.deskHdv.password);
  await page.goto(`${env.base}/reunions`);
  await page.getByRole('heading', { name: /Réunions · Hôtel de Ville/ }).waitFor();
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });

  await page.getByRole('button', { name: 'Importer un fichier .ics' }).click();
  const panel = page.getByTestId('ics-import');
  await panel.getByLabel('Période importée').selectOption({ label: 'Un an' });
  // The rooms reach the tablet by replication after enrolment: wait for the building's list.
  await expect.poll(() => panel.getByLabel('Salle par défaut').locator('option', { hasText: 'Salon d' }).count(), { timeout: 15_000 }).toBe(1);
  await panel.getByLabel('Fichier .ics').setInputFiles({ name: 'salles.ics', mimeType: 'text/calendar', buffer: awkwardExport() });
  const preview = panel.getByTestId('import-preview');
  // 1 (empty rule: its DTSTART) + 1 (latest revision) + 4 (monthly, in a year whatever today is).
  await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toMatch(/6 réunion\(s\) à importer/);
  const notices = panel.getByTestId('import-notices');
  expect(await notices.textContent()).toMatch(/1 réunion\(s\) à vérifier/);
  expect(await notices.getByRole('listitem').textContent()).toMatch(/^« Permanence des élus » \(.+ à 00:03\) : la règle de répétition est vide dans le fichier ; seule cette date est importée\./);
  await expect.poll(() => warnings.join('\n')).toMatch(/RRULE \{\} has no FREQ/);

  await panel.getByRole('button', { name: /^Importer 6 réunion/ }).click();
  await expect.poll(() => panel.getByTestId('import-result').textContent()).toMatch(/6 ajoutée\(s\)/);
  await page.getByTestId('board-meeting').filter({ hasText: 'Permanence des élus' }).waitFor();
  const school = page.getByTestId('board-meeting').filter({ hasText: 'Conseil d’école' });
  await school.waitFor();
  expect(await school.count()).toBe(1);
  expect(await school.textContent()).not.toMatch(/ancien/);
});
