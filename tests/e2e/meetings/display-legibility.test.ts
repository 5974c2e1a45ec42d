// The hallway display at its real size: with the calls panel shown and long titles and room
// names, nothing is cut, the text is large enough to read from five metres, the board uses the
// whole height of the screen, and long boards still turn pages.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parisWallClock } from '../../../src/lib/domain/zoned';
import { DEVICES } from '../../support/devices';
import { adminAuth, enrol, useStack, type Tablet } from '../support/harness';

const env = useStack(1);

/**
 * The minimum capital height, in CSS px, for reading at 5 m on a 55-inch 16:9 panel: 1 inch of
 * capital height per 10 feet of distance (see the rule in src/routes/affichage/+page.svelte),
 * i.e. 41.7 mm, divided by the pixel pitch (panel width / horizontal pixels).
 */
function minCapPx(widthPx: number): number {
  const panelWidthMm = 55 * 25.4 * (16 / Math.hypot(16, 9));
  const capMm = (5000 / 3048) * 25.4;
  return capMm / (panelWidthMm / widthPx);
}

const LONG_TITLE = 'Commission intercommunale d’aménagement des berges du lac du Bourget';
/** Longer than a screen holds at the five-metre size: shown whole, scaled down (the one exception). */
const OVERLONG_TITLE = `Réunion publique de concertation sur ${'le projet de réaménagement du quartier, '.repeat(3)}ses commerces et ses équipements`;

async function put(db: string, doc: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${env.stack.server.url}/${db}/${encodeURIComponent(doc._id as string)}`, {
    method: 'PUT',
    headers: { Authorization: adminAuth(env.stack.server), 'Content-Type': 'application/json' },
    body: JSON.stringify(doc)
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** Every shown title, room name and direction: its font's measured capital height and whether it is cut. */
function measure(page: Page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const ctx = document.createElement('canvas').getContext('2d')!;
    const section = document.querySelector('section.meetings')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('[data-testid="display-title"], [data-testid="display-room"], [data-testid="display-directions"]')].map((el) => {
      const cs = getComputedStyle(el);
      // The font the browser actually uses, measured: capital H and x as drawn.
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const row = el.closest('li')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      // Directions flow after the room name: an inline box has no scroll size, its paragraph has.
      const block = cs.display === 'inline' ? el.closest('p')! : el;
      return {
        kind: el.dataset.testid!,
        text: el.textContent ?? '',
        cap: ctx.measureText('H').actualBoundingBoxAscent,
        xHeight: ctx.measureText('x').actualBoundingBoxAscent,
        ellipsis: cs.textOverflow === 'ellipsis',
        cutAcross: block.scrollWidth > block.clientWidth,
        // Taller than its box only cuts where the box clips (the glyphs' ascent and descent pass a 1.1 line).
        cutDown: (getComputedStyle(block).overflowY !== 'visible' && block.scrollHeight > block.clientHeight + 1) || box.bottom > row.bottom + 1 || row.bottom > section.bottom + 1,
        detail: `${block.scrollHeight}/${block.clientHeight} ${box.bottom}/${row.bottom}/${section.bottom}`
      };
    });
  });
}

async function expectLegible(page: Page, widthPx: number): Promise<void> {
  const shown = await measure(page);
  expect(shown.filter((s) => s.kind === 'display-directions').length).toBeGreaterThan(0);
  for (const s of shown) {
    if (s.text !== OVERLONG_TITLE) expect(s.cap, `${s.kind} « ${s.text} »: capital height`).toBeGreaterThanOrEqual(minCapPx(widthPx));
    expect({ text: s.text, ellipsis: s.ellipsis, cutAcross: s.cutAcross, cutDown: s.cutDown }, s.detail).toEqual({ text: s.text, ellipsis: false, cutAcross: false, cutDown: false });
  }
}

it('room names and titles were cut (« Salle Lac du Bou… ») and directions too small at 1920×1080: all whole, readable at 5 m, using the whole screen, pages turning', async () => {
  const [display] = env.tablets as [Tablet];
  await display.page.setViewportSize({ width: 1920, height: 1080 });
  // Under way now, whatever the time of day: on the board until the test is over.
  const from = parisWallClock(Date.now() - 10 * 60_000);
  const now = new Date().toISOString();
  const start = new Date(Date.now() - 10 * 60_000).toISOString();
  const end = new Date(Date.now() + 3 * 3600_000).toISOString();
  for (const [i, room] of ['salle-lac-du-bourget', 'salle-de-chartreuse', 'salle-lac-du-bourget', 'salle-du-forum'].entries()) {
    await put('planning', {
      _id: `meeting:curial:e2e-long-${i}`, type: 'meeting', v: 1, site: 'curial', roomId: `room:curial:${room}`,
      title: `${LONG_TITLE} (${i + 1})`, organiser: 'Direction de l’aménagement', start, end, source: 'manual'
    });
  }
  await put('planning', {
    _id: 'meeting:curial:e2e-overlong', type: 'meeting', v: 1, site: 'curial', roomId: 'room:curial:salle-des-bauges',
    title: OVERLONG_TITLE, organiser: 'Urbanisme', start, end, source: 'manual'
  });
  // A call, so the calls panel takes its share of the width.
  await put('planning', {
    _id: `call:curial:${from.day}:A12:desk-curial`, type: 'call', v: 1, site: 'curial', day: from.day, number: 'A12', guichet: 3,
    calledAt: now, issuedAt: now, device: 'desk-curial'
  });

  await enrol(display.page, env.base, DEVICES.displayCurial.name, DEVICES.displayCurial.password);
  await display.page.waitForURL(/\/affichage$/);
  await display.page.getByTestId('called-latest').waitFor({ timeout: 15_000 });
  await expect.poll(() => display.page.getByTestId('display-page').count(), { timeout: 15_000 }).toBe(1);

  if (process.env.E2E_SHOT) await display.page.screenshot({ path: '/tmp/wt-display-1080.png' });
  await expectLegible(display.page, 1920);
  const rooms = await display.page.getByTestId('display-room').allTextContents();
  expect(rooms.length).toBeGreaterThan(0);

  // More meetings than fit: the rows fill the screen down into its lower half.
  // Polled: the pages are cut from measured row heights, settled once the fonts are in.
  const lastBottom = () => display.page.getByTestId('display-meeting').last().evaluate((el) => el.getBoundingClientRect().bottom);
  await expect.poll(lastBottom, { timeout: 15_000 }).toBeGreaterThan(1080 / 2);

  // Pages turn (every 12 s); each page is as legible, the overlong title is on one of them, whole.
  const pages = Number((await display.page.getByTestId('display-page').textContent())!.match(/\/ (\d+)/)![1]);
  expect(pages).toBeGreaterThan(1);
  const seen = new Set<string>();
  for (let i = 0; i < pages; i++) {
    const label = (await display.page.getByTestId('display-page').textContent())!;
    await expectLegible(display.page, 1920);
    for (const t of await display.page.getByTestId('display-title').allTextContents()) seen.add(t);
    if (i < pages - 1) await expect.poll(() => display.page.getByTestId('display-page').textContent(), { timeout: 15_000 }).not.toBe(label);
  }
  expect(seen).toContain(OVERLONG_TITLE);
  for (let i = 0; i < 4; i++) expect(seen).toContain(`${LONG_TITLE} (${i + 1})`);

  // A 720p panel of the same size: the same physical size, fewer pixels; still whole.
  await display.page.setViewportSize({ width: 1280, height: 720 });
  await display.page.waitForTimeout(500);
  await expectLegible(display.page, 1280);
  await expect.poll(lastBottom, { timeout: 15_000 }).toBeGreaterThan(720 / 2);
});
