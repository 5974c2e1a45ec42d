import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type CouchClient, docPath } from '../couch-client';
import type { Logger } from '../log';
import { ADMIN_ONLY } from '../setup/security';
import type { WorkerStatus } from './schedule';

/** Where the lease lives: a small admin-only database of the sync servers' own. */
export const LEASE_DB = 'sync_server';
export const LEASE_ID = 'lease:workers';
/** How long a lease holds without renewal: the time the workers may stand still after their host dies. */
export const DEFAULT_LEASE_MS = 30_000;

export interface LeaseDoc {
  _id: string;
  _rev?: string;
  holder: string;
  expiresAt: string;
  renewedAt: string;
  /** The holder's workers' last rounds, so any process's health endpoint can show them. */
  lastRuns?: WorkerStatus;
}

export interface LeaseState {
  /** This process's id in the lease (`host:pid:random`). */
  me: string;
  held: boolean;
  /** The lease as last read or written (another process's when it holds it). */
  doc: LeaseDoc | null;
}

/**
 * The workers' lease: one document in CouchDB with a holder and an expiry, taken and renewed by
 * a compare-and-swap on `_rev` (a write naming the `_rev` it read; CouchDB refuses it with 409
 * when another process wrote first). The holder renews every third of the lease time; a process
 * that finds the lease expired takes it over, so when the holder's host dies the workers stop
 * for at most the lease time (plus one check). Stopping cleanly releases it at once.
 * Clocks: expiries are compared with this host's clock, so hosts must keep time (NTP); a skew
 * shorter than the lease time is harmless.
 */
export class WorkerLease {
  readonly state: LeaseState;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly client: CouchClient,
    private readonly log: Logger,
    private readonly o: { leaseMs?: number; me?: string; onAcquired?: () => void; status?: WorkerStatus } = {}
  ) {
    this.state = { me: o.me ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, held: false, doc: null };
  }

  get leaseMs(): number {
    return this.o.leaseMs ?? DEFAULT_LEASE_MS;
  }

  get held(): boolean {
    // A lease this process could not renew in time is no longer its own, whatever it last knew.
    return this.state.held && !!this.state.doc && Date.parse(this.state.doc.expiresAt) > Date.now();
  }

  /** Creates the lease database (admin only) if needed, takes or watches the lease, and keeps doing so. */
  async start(): Promise<void> {
    const res = await this.client.request('PUT', `/${LEASE_DB}`);
    if (res.status !== 201 && res.status !== 202 && res.status !== 412) throw new Error(`lease: PUT /${LEASE_DB} -> ${res.status}`);
    await this.client.put(`/${LEASE_DB}/_security`, ADMIN_ONLY);
    await this.tick();
    const every = Math.max(50, Math.floor(this.leaseMs / 3));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** One check: renew the lease if held, take it if free or expired, else note who holds it. */
  tick(): Promise<void> {
    this.ticking ??= this.check().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    const path = docPath(LEASE_DB, LEASE_ID);
    try {
      const current = await this.client.find<LeaseDoc>(path);
      const now = Date.now();
      const mine = current?.holder === this.state.me;
      if (current && !mine && Date.parse(current.expiresAt) > now) {
        this.lose(current);
        return;
      }
      const next: LeaseDoc = {
        _id: LEASE_ID,
        ...(current?._rev ? { _rev: current._rev } : {}),
        holder: this.state.me,
        expiresAt: new Date(now + this.leaseMs).toISOString(),
        renewedAt: new Date(now).toISOString(),
        lastRuns: this.o.status ?? {}
      };
      const res = await this.client.request<{ rev?: string }>('PUT', path, next);
      if (this.stopped) return;
      // 202: written on fewer copies than the quorum (a node down): the write may lose to another, so not counted as taken.
      if (res.status === 201 && res.body.rev) {
        const wasHeld = this.state.held;
        this.state.doc = { ...next, _rev: res.body.rev };
        this.state.held = true;
        if (!wasHeld) {
          this.log.info(`lease: ${this.state.me} runs the workers${current && !mine ? ` (taken over from ${current.holder})` : ''}`);
          this.o.onAcquired?.();
        }
      } else if (res.status === 202) {
        if (this.state.held) this.log.warn('lease: renewal written on too few CouchDB nodes (202): workers paused until the cluster has a quorum');
        this.state.held = false;
        this.state.doc = res.body.rev ? { ...next, _rev: res.body.rev } : next;
      } else {
        this.lose(await this.client.find<LeaseDoc>(path));
      }
    } catch (err) {
      // CouchDB unreachable: the lease will expire on its own; `held` already says so from its expiry.
      this.log.warn(`lease: check failed: ${String(err)}`);
    }
  }

  private lose(doc: LeaseDoc | null): void {
    if (this.state.held) this.log.info(`lease: ${this.state.me} no longer runs the workers (held by ${doc?.holder ?? 'nobody'})`);
    this.state.held = false;
    this.state.doc = doc;
  }

  /** Stops renewing. `release` (a clean stop) hands the lease over at once; without it (a crash) the others wait for the expiry. */
  async stop(release = true): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    const doc = this.state.doc;
    if (release && this.state.held && doc?._rev) {
      await this.client.request('PUT', docPath(LEASE_DB, LEASE_ID), { ...doc, expiresAt: new Date(0).toISOString() }).catch(() => undefined);
    }
    this.state.held = false;
  }
}
