import { describe, expect, it } from 'vitest';
import { DeviceBudget } from '../../../sync-server/src/door/limits';
import { HttpError } from '../../../sync-server/src/errors';

/** The 429 the budget throws, or a failure when it let the write through. */
function refusal(write: () => unknown): HttpError {
  try {
    write();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(429);
    return err as HttpError;
  }
  throw new Error('the write was let through');
}

/** The per-device write budget (issue 8, finding 8), on a clock the test moves. */
describe('device write budget', () => {
  const make = () => {
    let now = 0;
    const budget = new DeviceBudget({ docsPerSecond: 100, burst: 1000, concurrentWrites: 2, now: () => now });
    return { budget, tick: (ms: number) => (now += ms) };
  };

  it('lets a burst through, then asks to wait for as long as the documents take to refill', () => {
    const { budget, tick } = make();
    budget.enterWrite('desk-a', 1000)();
    expect(refusal(() => budget.enterWrite('desk-a', 250)).headers['Retry-After']).toBe('3');
    tick(2500);
    budget.enterWrite('desk-a', 250)();
  });

  it('a request larger than the burst goes through on a full bucket and leaves it in debt', () => {
    const { budget, tick } = make();
    budget.enterWrite('desk-a', 1500)();
    tick(4000); // 400 back: still 100 in debt
    refusal(() => budget.enterWrite('desk-a', 1));
    tick(1100);
    budget.enterWrite('desk-a', 1)();
  });

  it('one device flooding leaves the others their whole budget', () => {
    const { budget } = make();
    budget.enterWrite('desk-a', 1000)();
    refusal(() => budget.enterWrite('desk-a', 1));
    expect(() => budget.enterWrite('desk-b', 1000)()).not.toThrow();
  });

  it('caps the write requests in progress per device, and frees the slot once released', () => {
    const { budget } = make();
    const first = budget.enterWrite('desk-a', 1);
    const second = budget.enterWrite('desk-a', 1);
    expect(refusal(() => budget.enterWrite('desk-a', 1)).reason).toMatch(/at most 2 write requests/);
    first();
    first(); // releasing twice frees one slot only
    budget.enterWrite('desk-a', 1);
    refusal(() => budget.enterWrite('desk-a', 1));
    second();
  });
});
