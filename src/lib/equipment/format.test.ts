import { describe, expect, it } from 'vitest';
import { dueText, shortInstant, untilText } from './format';

// 12:00 UTC on Tuesday 2 June 2025 is 14:00 in Paris.
const NOW = new Date('2025-06-02T12:00:00.000Z');

describe('due dates, as advisers say them', () => {
  it('says today, tomorrow, a weekday or a date with its year, on the Paris clock', () => {
    expect(dueText('2025-06-02T15:00:00.000Z', NOW)).toBe("aujourd'hui à 17:00");
    expect(untilText('2025-06-02T15:00:00.000Z', NOW)).toBe("jusqu'à 17:00");
    expect(untilText('2025-06-03T15:00:00.000Z', NOW)).toBe("jusqu'à demain 17:00");
    expect(untilText('2025-06-12T15:00:00.000Z', NOW)).toBe("jusqu'au jeudi 12 juin à 17:00");
    expect(dueText('2026-01-05T16:00:00.000Z', NOW)).toBe('5 janvier 2026 à 17:00');
    // 22:30 UTC on 2 June is already 3 June in Paris.
    expect(dueText('2025-06-02T22:30:00.000Z', NOW)).toBe('demain à 00:30');
  });

  it('dates the history', () => {
    expect(shortInstant('2025-06-02T22:30:00.000Z')).toBe('03/06/2025 00:30');
  });
});
