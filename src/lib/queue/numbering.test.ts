import { describe, expect, it } from 'vitest';
import { ticketDoc } from '$lib/domain/ticket';
import { nextNumber, pickSeries, sequenceOf, seriesOf } from './numbering';

describe('ticket numbering', () => {
  it('counts in its own series only, from 1 every day', () => {
    expect(nextNumber('A', [])).toBe('A1');
    expect(nextNumber('A', ['A1', 'A2', 'B7', 'K40'])).toBe('A3');
    expect(nextNumber('B', ['A1', 'A2', 'B7', 'K40'])).toBe('B8');
    expect(nextNumber('A', ['A9', 'A10'])).toBe('A11');
  });
  it('picks the first letter no other device uses, never K (the kiosk), I or O', () => {
    expect(pickSeries([])).toBe('A');
    expect(pickSeries(['A', 'B', 'K'])).toBe('C');
    expect(pickSeries(['H'])).toBe('A');
    const letters = new Set<string>();
    for (let i = 0; i < 30; i++) letters.add(pickSeries(letters));
    expect([...letters]).not.toContain('K');
    expect([...letters]).not.toContain('I');
    expect([...letters]).not.toContain('O');
  });
  it('reads series and sequence back', () => {
    expect(seriesOf('K12')).toBe('K');
    expect(sequenceOf('K12')).toBe(12);
  });
  it('refuses to run past 999 rather than make a longer number', () => {
    expect(() => nextNumber('A', ['A999'])).toThrow(/full/);
  });
  it('accepts the numbers it makes in the schema', () => {
    const base = {
      _id: 'ticket:curial:2025-03-10:A12', type: 'ticket', v: 1, site: 'curial', day: '2025-03-10', number: 'A12', category: 'general',
      source: 'desk', issuedAt: '2025-03-10T08:00:00.000Z', status: 'waiting', createdBy: 'd', updatedAt: '2025-03-10T08:00:00.000Z', updatedBy: 'd', fieldGen: {}
    };
    expect(ticketDoc.safeParse(base).success).toBe(true);
    expect(ticketDoc.safeParse({ ...base, number: 'A012' }).success).toBe(false);
    expect(ticketDoc.safeParse({ ...base, number: 'I3' }).success).toBe(false);
    expect(ticketDoc.safeParse({ ...base, status: 'called' }).success).toBe(false);
  });
});
