import { describe, expect, it } from 'vitest';
import type { MeetingRow } from '$lib/db/read-model';
import { burnInShift, currentPage, isOpen, PAGE_MS, pageStarts, titleScale, upcomingMeetings } from './display';

const m = (id: string, start: string, end: string, extra: Partial<MeetingRow> = {}) => ({ id, start, end, ...extra }) as MeetingRow;

describe('hallway display', () => {
  it('keeps meetings under way and to come, drops those over', () => {
    const now = new Date('2026-11-29T10:00:00.000Z');
    const rows = [m('over', '2026-11-29T08:00:00.000Z', '2026-11-29T10:00:00.000Z'), m('live', '2026-11-29T09:30:00.000Z', '2026-11-29T10:30:00.000Z'), m('later', '2026-11-29T14:00:00.000Z', '2026-11-29T15:00:00.000Z')];
    expect(upcomingMeetings(rows, now).map((r) => r.id)).toEqual(['live', 'later']);
  });

  it('turns pages of a long board and wraps around', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const starts = [0, 3, 6];
    expect(currentPage(items, starts, 0)).toEqual({ items: [0, 1, 2], page: 1, pages: 3 });
    expect(currentPage(items, starts, PAGE_MS)).toEqual({ items: [3, 4, 5], page: 2, pages: 3 });
    expect(currentPage(items, starts, 2 * PAGE_MS + 1)).toEqual({ items: [6], page: 3, pages: 3 });
    expect(currentPage(items, starts, 3 * PAGE_MS).page).toBe(1);
    expect(currentPage(items, [0], 5 * PAGE_MS)).toEqual({ items, page: 1, pages: 1 });
    expect(currentPage([], [0], 0)).toEqual({ items: [], page: 1, pages: 1 });
  });

  it('rows of a fixed height cut titles: pages hold the wrapped rows that fit, a taller one alone', () => {
    // 1000 px, 10 px apart: 300 + 400 + 280 (+ 20 of gaps) = 1000 fit; the next starts a page.
    expect(pageStarts([300, 400, 280, 300], 1000, 10)).toEqual([0, 3]);
    expect(pageStarts([300, 400, 281, 300], 1000, 10)).toEqual([0, 2]);
    // Taller than the screen: on its own page, never dropped.
    expect(pageStarts([1200, 100, 100], 1000, 10)).toEqual([0, 1]);
    expect(pageStarts([100, 1200, 100], 1000, 10)).toEqual([0, 1, 2]);
    expect(pageStarts([], 1000, 10)).toEqual([0]);
  });

  it('a title too long for the screen was cut: its row is scaled down until it fits, others keep their size', () => {
    expect(titleScale(800, 400, 1000)).toBe(1);
    const scale = titleScale(1200, 800, 1000);
    // The title, 800 px high, must lose 200: its height goes as the square of the scale.
    expect(800 * scale ** 2).toBeLessThanOrEqual(600);
    expect(scale).toBeGreaterThan(0.8);
    expect(titleScale(5000, 800, 1000)).toBe(0.35);
  });

  it('drifts a few pixels every minute and comes back', () => {
    const positions = Array.from({ length: 12 }, (_, i) => burnInShift(i * 60_000));
    expect(new Set(positions.map((p) => `${p.x},${p.y}`)).size).toBe(12);
    for (const p of positions) expect(Math.max(Math.abs(p.x), Math.abs(p.y))).toBeLessThanOrEqual(8);
    expect(burnInShift(12 * 60_000)).toEqual(burnInShift(0));
    expect(burnInShift(30_000)).toEqual(burnInShift(0));
  });
});

describe('opening hours on the display', () => {
  const site = { openingHours: [{ weekday: 1, open: '08:30', close: '17:00' }] };
  it('dims outside opening hours, in Paris time', () => {
    // Monday 2 March 2026: Paris is UTC+1.
    expect(isOpen(site, new Date('2026-03-02T07:29:00.000Z'))).toBe(false);
    expect(isOpen(site, new Date('2026-03-02T07:30:00.000Z'))).toBe(true);
    expect(isOpen(site, new Date('2026-03-02T15:59:00.000Z'))).toBe(true);
    expect(isOpen(site, new Date('2026-03-02T16:00:00.000Z'))).toBe(false);
    expect(isOpen(site, new Date('2026-03-03T10:00:00.000Z'))).toBe(false);
    expect(isOpen(undefined, new Date())).toBe(true);
  });
});
