import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { datedCode } from '$lib/domain/appointment-code';
import { parisDay } from '$lib/domain/dates';
import { addDays } from '$lib/domain/holidays';
import { parisInstant } from '$lib/domain/zoned';
import { appointmentDayText } from '$lib/kiosk/format';
import { KIOSK_TEXTS } from '$lib/kiosk/texts';
import { DEMO_SERVICES } from '../../../sync-server/src/setup/demo-reference';
import { DEVICES } from '../../support/devices';
import { seriousViolations } from '../support/axe';
import { enrol, useStack, waitForServiceWorker, type Tablet } from '../support/harness';
import { toSignature } from '../support/kiosk';

// With the server's workers: the intake moves check-ins to the desk's queue.
const env = useStack(2, { workers: true });

const words = (s: string) => s.toLowerCase().match(/\p{L}{4,}/gu) ?? [];
const ENGLISH = new Set([...Object.values(KIOSK_TEXTS.en), ...DEMO_SERVICES.flatMap((s) => s.reasonsEn ?? [])].flatMap(words));
/** Every word of the French texts table and of the directory's French reasons that English does not share. */
const FRENCH_WORDS = new Set(
  [...Object.values(KIOSK_TEXTS.fr), ...DEMO_SERVICES.flatMap((s) => s.reasons), 'Appels guichet Temps attente estimé Réouverture']
    .flatMap(words)
    .filter((w) => !ENGLISH.has(w) && !['chambéry', 'ville'].includes(w))
);

/** The texts a visitor sees, not marked as French (`lang="fr"`), that hold a French word. */
function frenchSeen(page: Page): Promise<string[]> {
  return page
    .evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !n.textContent?.trim() || !el.checkVisibility()) continue;
        if (el.closest('[lang]')?.getAttribute('lang') !== 'en') continue;
        out.push(n.textContent);
      }
      return [...out, document.title];
    })
    .then((texts) => texts.filter((t) => words(t).some((w) => FRENCH_WORDS.has(w))));
}

const focusedHeading = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim()}`);

it('the English kiosk shows no French string the visitor reads, at any step', async () => {
  const [kiosk] = env.tablets as [Tablet];
  const { page } = kiosk;
  await enrol(page, env.base, DEVICES.kioskCurial.name, DEVICES.kioskCurial.password);
  await page.waitForURL(/\/borne$/);
  // Once the service worker controls the page, nothing reloads it under the test (a reload is French again).
  await waitForServiceWorker(page);
  await page.goto(`${env.base}/borne`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'I have no appointment' }).waitFor();
  expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['en', 'Check-in kiosk']);
  expect(await frenchSeen(page)).toEqual([]);

  await page.getByRole('button', { name: 'I have an appointment' }).click();
  await page.getByLabel('Your appointment confirmation code').fill('ab1');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('The code has 6 or 7 letters or digits.').waitFor();
  expect(await frenchSeen(page)).toEqual([]);
  const nextWeek = addDays(parisDay(new Date()), 7);
  await page.getByLabel('Your appointment confirmation code').fill(datedCode(parisInstant(nextWeek, '10:30')!.toISOString()));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('kiosk-not-today').waitFor();
  expect(await frenchSeen(page)).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Choose a reason for your visit' }).click();
  await page.getByRole('button', { name: 'Birth certificate' }).or(page.getByRole('button', { name: 'Something else' })).first().waitFor();
  expect(await frenchSeen(page)).toEqual([]);
  await page.getByRole('button', { name: 'Something else' }).click();
  await page.getByLabel('Your name').fill('Ada Lovelace');
  expect(await frenchSeen(page)).toEqual([]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('Your data').waitFor();
  await page.getByRole('button', { name: 'Confirm my arrival' }).click();
  await page.getByText('Please sign in the box.').waitFor();
  expect(await frenchSeen(page)).toEqual([]);
  await page.getByRole('button', { name: 'I cannot sign: I will give my consent to the reception staff' }).click();
  await page.getByTestId('kiosk-done').waitFor();
  await page.getByTestId('estimated-wait').waitFor();
  expect(await frenchSeen(page)).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Done' }).click();
  expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['fr', "Borne d'accueil"]);
});

it('a code for another day is refused with its date, and the visitor is offered the reasons instead', async () => {
  const { page } = env.tablets[0]!;
  await page.goto(`${env.base}/borne`);
  const today = parisDay(new Date());
  const day = addDays(today, 6);
  await page.getByRole('button', { name: "J'ai un rendez-vous" }).click();
  await page.getByLabel('Code de confirmation de votre rendez-vous').fill(datedCode(parisInstant(day, '10:30')!.toISOString()).toLowerCase());
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByText("Votre rendez-vous n'est pas aujourd'hui.").waitFor();
  const expected = appointmentDayText('fr', { day, time: '10:30' }, today);
  expect(expected).toMatch(/^Votre rendez-vous est le \p{L}+ \d{1,2} \p{L}+ à 10 h 30\.$/u);
  expect(await page.getByText(expected).count()).toBe(1);
  // No check-in from that code: the normal reasons path, without the appointment.
  await page.getByRole('button', { name: 'Choisir un motif de visite' }).click();
  await page.getByRole('button', { name: 'Autre demande' }).waitFor();
  // Today's code goes on to the name, as before.
  await page.getByRole('button', { name: 'Retour' }).click();
  await page.getByRole('button', { name: "J'ai un rendez-vous" }).click();
  await page.getByLabel('Code de confirmation de votre rendez-vous').fill(datedCode(parisInstant(today, '23:55')!.toISOString()));
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByLabel('Votre nom').waitFor();
});

it('focus moves to the step heading at each step instead of falling to <body>', async () => {
  const { page } = env.tablets[0]!;
  await page.goto(`${env.base}/borne`);
  await page.getByRole('button', { name: "Je n'ai pas de rendez-vous" }).click();
  await expect.poll(() => focusedHeading(page)).toBe('H2 Quel est le motif de votre visite ?');
  await page.getByRole('button', { name: 'Autre demande' }).click();
  await expect.poll(() => focusedHeading(page)).toBe('H2 Autre demande');
  await page.getByLabel('Votre nom').fill('Zoé Focus');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect.poll(() => focusedHeading(page)).toBe('H2 Vos données');
  // The signature box is reached with the keyboard and has a name.
  expect(await page.getByRole('group', { name: 'Signez dans le cadre pour confirmer' }).getByLabel('Zone de signature').getAttribute('tabindex')).toBe('0');
  await page.getByRole('button', { name: 'Retour' }).click();
  await expect.poll(() => focusedHeading(page)).toBe('H2 Autre demande');
});

it('the no-signature path reaches the ticket and the desk shows the consent to record, which the adviser records', async () => {
  const [kiosk, desk] = env.tablets as [Tablet, Tablet];
  await kiosk.page.goto(`${env.base}/borne`);
  await enrol(desk.page, env.base, DEVICES.deskCurial.name, DEVICES.deskCurial.password);
  await desk.page.goto(`${env.base}/file`);
  await toSignature(kiosk.page, 'Nina Sanssignature');
  await kiosk.page.getByRole('button', { name: "Je ne peux pas signer : je donnerai mon accord à l'agent d'accueil" }).click();
  await kiosk.page.getByTestId('kiosk-ticket').waitFor();
  await kiosk.page.getByText("Votre accord sera recueilli par l'agent d'accueil.").waitFor();

  const row = desk.page.getByTestId('waiting-ticket').filter({ hasText: 'Nina Sanssignature' });
  await row.getByTestId('consent-to-record').waitFor({ timeout: 30_000 });
  expect(await seriousViolations(desk.page)).toEqual([]);
  await row.getByRole('button', { name: 'Accord recueilli : Nina Sanssignature' }).click();
  await row.getByText(/Accord recueilli par/).waitFor();
  expect(await row.getByTestId('consent-to-record').count()).toBe(0);
});

it('the timeout warning appears before the reset, is announced, and « Continuer » keeps the form', async () => {
  const { page } = env.tablets[0]!;
  await page.clock.install();
  await page.goto(`${env.base}/borne`);
  await page.getByRole('button', { name: "Je n'ai pas de rendez-vous" }).click();
  await page.getByRole('button', { name: 'Autre demande' }).click();
  await page.getByLabel('Votre nom').fill('Léa Lente');
  await page.clock.runFor(41_000);
  const dialog = page.getByRole('dialog', { name: 'Besoin de plus de temps ?' });
  await dialog.waitFor();
  await expect.poll(() => focusedHeading(page)).toBe('BUTTON Continuer');
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Continuer' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await page.getByLabel('Votre nom').inputValue()).toBe('Léa Lente');
  // Without an answer, the kiosk resets 20 s after the warning.
  await page.clock.runFor(41_000);
  await dialog.waitFor();
  await page.clock.runFor(21_000);
  await page.getByRole('button', { name: "Je n'ai pas de rendez-vous" }).waitFor();
  expect(await page.getByText('Léa Lente').count()).toBe(0);
});

it('after hours the kiosk says the building is closed and when it reopens, and still takes the check-in', async () => {
  const { page } = env.tablets[0]!;
  // Friday 4 December 2026, 18:00 in Paris: Curial reopens on Monday at 08:00.
  await page.clock.setFixedTime(new Date('2026-12-04T17:00:00Z'));
  await page.goto(`${env.base}/borne`);
  await page.getByText("L'accueil est fermé. Réouverture lundi à 8 h 00.").waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('Reception is closed. Reopens Monday at 08:00.').waitFor();
  await page.getByRole('button', { name: 'Français' }).click();
  await toSignature(page, 'Marc Tardif');
  await page.getByRole('button', { name: "Je ne peux pas signer : je donnerai mon accord à l'agent d'accueil" }).click();
  await page.getByTestId('kiosk-ticket').waitFor();
});
