import { describe, expect, it } from 'vitest';
import { estimateFr, estimateWaitMinutes } from './estimate';

const NOW = new Date('2025-03-10T10:00:00.000Z');
const sample = (calledMinAgo: number, waited: number) => {
  const called = NOW.getTime() - calledMinAgo * 60_000;
  return { calledAt: new Date(called).toISOString(), issuedAt: new Date(called - waited * 60_000).toISOString() };
};

describe('estimated wait', () => {
  it('is null without recent calls', () => {
    expect(estimateWaitMinutes([], NOW)).toBeNull();
    expect(estimateWaitMinutes([sample(180, 10)], NOW)).toBeNull();
  });
  it('takes the median of recent waits, rounded up to 5 minutes', () => {
    expect(estimateWaitMinutes([sample(5, 8), sample(10, 12), sample(20, 90)], NOW)).toBe(15);
    expect(estimateWaitMinutes([sample(5, 1)], NOW)).toBe(5);
  });
  it('counts only the last ten calls', () => {
    const old = Array.from({ length: 10 }, (_, i) => sample(60 + i, 60));
    const recent = Array.from({ length: 10 }, (_, i) => sample(i, 4));
    expect(estimateWaitMinutes([...old, ...recent], NOW)).toBe(5);
  });
  it('says it in French', () => {
    expect(estimateFr(15)).toContain('environ 15 min');
    expect(estimateFr(75)).toContain('1 h 15');
    expect(estimateFr(null)).toContain('peu d’attente');
  });
});
