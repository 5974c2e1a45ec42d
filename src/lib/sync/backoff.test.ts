import { describe, expect, it } from 'vitest';
import { backoff, MAX_BACKOFF_MS } from './backoff';

const middle = () => 0.5; // no jitter
const low = () => 0;
const high = () => 0.999999;

describe('backoff', () => {
  it('waits a second before the first retry (PouchDB passes 0)', () => {
    expect(backoff(0, middle)).toBe(1000);
    expect(backoff(-5, middle)).toBe(1000);
  });

  it('doubles the previous delay', () => {
    const delays: number[] = [];
    let d = 0;
    for (let i = 0; i < 6; i++) delays.push((d = backoff(d, middle)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
  });

  it('never waits more than a minute', () => {
    expect(MAX_BACKOFF_MS).toBe(60_000);
    expect(backoff(32_000, middle)).toBe(60_000);
    expect(backoff(60_000, high)).toBe(60_000);
    let d = 0;
    for (let i = 0; i < 50; i++) {
      d = backoff(d);
      expect(d).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    }
    expect(d).toBeGreaterThanOrEqual(0.8 * MAX_BACKOFF_MS);
  });

  it('jitters by at most 20 % either way', () => {
    expect(backoff(0, low)).toBe(800);
    expect(backoff(0, high)).toBe(1200);
    expect(backoff(4000, low)).toBe(6400);
    expect(backoff(4000, high)).toBe(9600);
    for (let i = 0; i < 200; i++) {
      const d = backoff(5000);
      expect(d).toBeGreaterThanOrEqual(8000);
      expect(d).toBeLessThanOrEqual(12000);
    }
  });

  it('spreads the retries of devices that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoff(8000)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
