import { tooManyRequests } from '../errors';

export interface BudgetOptions {
  /** Documents a device may write per second, on average. */
  docsPerSecond: number;
  /** Documents a device may write at once after a quiet while (a tablet back online). */
  burst: number;
  /** Write requests one device may have in progress at once. */
  concurrentWrites: number;
  now?: () => number;
}

// A tablet pushes to up to four databases at once, one batch each.
export const DEFAULT_BUDGET: BudgetOptions = { docsPerSecond: 1000, burst: 10_000, concurrentWrites: 4 };

interface Bucket {
  tokens: number;
  at: number;
  inFlight: number;
}

/**
 * Per-device bounds on writes: a token bucket of documents, and a cap on write requests in
 * progress. A device that floods the server is answered 429 with `Retry-After` (PouchDB and
 * our sync engine back off and retry) while the other devices keep being served. Buckets are
 * keyed by account name: one per device, so memory stays bounded by the number of accounts.
 */
export class DeviceBudget {
  private buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly o: BudgetOptions = DEFAULT_BUDGET) {
    this.now = o.now ?? Date.now;
  }

  private bucket(name: string): Bucket {
    const now = this.now();
    let b = this.buckets.get(name);
    if (!b) {
      b = { tokens: this.o.burst, at: now, inFlight: 0 };
      this.buckets.set(name, b);
    }
    b.tokens = Math.min(this.o.burst, b.tokens + ((now - b.at) / 1000) * this.o.docsPerSecond);
    b.at = now;
    return b;
  }

  /** Takes `docs` from the device's budget and a write slot; returns the release of the slot. Throws 429 otherwise. */
  enterWrite(name: string, docs: number): () => void {
    const b = this.bucket(name);
    if (b.inFlight >= this.o.concurrentWrites) {
      throw tooManyRequests(`at most ${this.o.concurrentWrites} write requests at a time per device`, 1);
    }
    const cost = Math.max(1, docs);
    // A request larger than the whole burst would never fit: it goes through on a full bucket
    // and leaves it in debt, which the next requests wait out.
    const needed = Math.min(cost, this.o.burst);
    if (needed > b.tokens) {
      const wait = Math.ceil((needed - b.tokens) / this.o.docsPerSecond);
      throw tooManyRequests(`this device writes too fast: at most ${this.o.docsPerSecond} documents per second`, wait);
    }
    b.tokens -= cost;
    b.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      b.inFlight -= 1;
    };
  }
}
