import { describe, expect, it } from 'vitest';
import type { CallRow } from '$lib/db/read-model';
import { call } from '$lib/testing/queue-fixtures';
import { latestCalls } from './queries';

const row = (o: Partial<CallRow>): CallRow => ({ ...call(), id: 'x', conflicted: 0, ...o }) as CallRow;

describe('calls on the display', () => {
  it('shows each number once, at the guichet of its earliest call, latest calls first', () => {
    const rows = [
      row({ id: 'a', number: 'A1', guichet: 4, calledAt: '2025-03-10T08:06:00.000Z', device: 'desk-1' }),
      row({ id: 'b', number: 'A1', guichet: 2, calledAt: '2025-03-10T08:05:00.000Z', device: 'desk-2' }),
      row({ id: 'c', number: 'K1', guichet: 1, calledAt: '2025-03-10T08:10:00.000Z' })
    ];
    expect(latestCalls(rows).map((c) => [c.number, c.guichet])).toEqual([
      ['K1', 1],
      ['A1', 2]
    ]);
  });
});
