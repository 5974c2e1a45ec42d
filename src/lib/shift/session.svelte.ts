/* eslint-disable svelte/prefer-svelte-reactivity -- the Dates here are instants handed to writes, never reactive state */
import type { AdviserRow, EnrolmentRow, ReadModel } from '$lib/db/read-model';
import type { LocalStore } from '$lib/db/store';
import type { ShiftEndReason } from '$lib/domain/adviser';
import { verifyPin } from '$lib/domain/pin';
import { lockedUntil, recordFailure, recordSuccess } from './attempts';
import { endShift, startShift } from './repo';

/** Who works on this tablet now. Device-local: it names the shift document. */
export interface CurrentShift {
  shiftId: string;
  adviserId: string;
  adviserName: string;
  startedAt: string;
}

export type SignInResult = { ok: true } | { ok: false; lockedUntil: number };

const SHIFT_KEY = 'shift';
const IDLE_KEY = 'idle-minutes';
export const IDLE_CHOICES = [5, 10, 15, 30, 60] as const;
export const DEFAULT_IDLE_MINUTES = 15;
/** The warning before an idle sign-out, so that an adviser reading a screen can stay. */
export const IDLE_WARNING_MS = 30_000;
/** Activity is saved at most this often: a reload then knows how long the tablet was idle. */
const SAVE_ACTIVITY_MS = 20_000;

interface Saved extends CurrentShift {
  lastActivity: number;
}

/**
 * The shift sign-in of one tablet: which adviser is signed in, the PIN check (offline, against
 * the adviser's salted hash), the idle time-out. The shift itself is a replicated document
 * (coordinators see the history); what is current is device-local.
 */
export class ShiftSession {
  current = $state<CurrentShift | null>(null);
  /** True once `restore` ran: until then the tablet does not know whether someone is signed in. */
  ready = $state(false);
  idleMinutes = $state(DEFAULT_IDLE_MINUTES);
  /** Set when the idle sign-out is near: the time it will happen. */
  idleWarningAt = $state<number | null>(null);
  private lastActivity = Date.now();
  private savedActivity = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly rm: ReadModel,
    private readonly store: () => LocalStore | null,
    private readonly device: () => EnrolmentRow | null
  ) {}

  get idleMs(): number {
    return this.idleMinutes * 60_000;
  }

  /** Picks up the shift a reload interrupted, unless the tablet stayed idle past the time-out. */
  async restore(now = Date.now()): Promise<void> {
    const minutes = Number((await this.rm.syncState.get(IDLE_KEY))?.value);
    if ((IDLE_CHOICES as readonly number[]).includes(minutes)) this.idleMinutes = minutes;
    const saved = await this.load();
    if (saved && now - saved.lastActivity < this.idleMs) {
      const { lastActivity, ...current } = saved;
      this.current = current;
      this.lastActivity = lastActivity;
    } else if (saved) {
      await this.close(saved, 'idle', saved.lastActivity);
    }
    this.ready = true;
    this.startTimer();
  }

  /** Checks the PIN on the tablet; on success ends the previous adviser's shift and opens one. */
  async signIn(adviser: AdviserRow, pin: string, now = new Date()): Promise<SignInResult> {
    const locked = await lockedUntil(this.rm, adviser.id, now.getTime());
    if (locked) return { ok: false, lockedUntil: locked };
    if (!(await verifyPin(pin, adviser.pin))) {
      const until = await recordFailure(this.rm, adviser.id, now.getTime());
      console.warn(`[shift] wrong PIN for ${adviser.id}${until ? `, locked until ${new Date(until).toISOString()}` : ''}`);
      return { ok: false, lockedUntil: until };
    }
    await recordSuccess(this.rm, adviser.id);
    const store = this.store();
    const device = this.device();
    if (!store || !device) throw new Error('no running device to sign in on');
    const previous = await this.load();
    if (previous) await this.close(previous, previous.adviserId === adviser.id ? 'sign-out' : 'takeover', now.getTime());
    const shift = await startShift(store, { id: adviser.id, name: adviser.name }, { name: device.name, site: device.site }, now);
    const current = { shiftId: shift._id, adviserId: adviser.id, adviserName: adviser.name, startedAt: shift.startedAt };
    this.lastActivity = now.getTime();
    await this.save({ ...current, lastActivity: this.lastActivity });
    this.current = current;
    this.idleWarningAt = null;
    return { ok: true };
  }

  /** Ends the shift (the adviser leaves, or the tablet was idle) and returns to the sign-in. */
  async signOut(reason: ShiftEndReason = 'sign-out', at = Date.now()): Promise<void> {
    const saved = await this.load();
    this.current = null;
    this.idleWarningAt = null;
    if (saved) await this.close(saved, reason, at);
  }

  /** The adviser did something: the idle time-out starts again. */
  touch(now = Date.now()): void {
    this.lastActivity = now;
    this.idleWarningAt = null;
    if (this.current && now - this.savedActivity > SAVE_ACTIVITY_MS) {
      this.savedActivity = now;
      void this.save({ ...this.current, lastActivity: now }).catch((err) => console.warn('[shift] could not save activity', err));
    }
  }

  async setIdleMinutes(minutes: number): Promise<void> {
    if (!(IDLE_CHOICES as readonly number[]).includes(minutes)) throw new Error(`idle time ${minutes} min is not offered`);
    this.idleMinutes = minutes;
    await this.rm.syncState.put({ key: IDLE_KEY, value: String(minutes) });
  }

  /** Checks the idle time-out; runs every few seconds, and from tests with a given time. */
  async tick(now = Date.now()): Promise<void> {
    if (!this.current) return;
    const idle = now - this.lastActivity;
    if (idle >= this.idleMs) await this.signOut('idle', this.lastActivity);
    else if (idle >= this.idleMs - IDLE_WARNING_MS) this.idleWarningAt = this.lastActivity + this.idleMs;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The device is forgotten or closed: no timer, nobody signed in (the shift doc stays as it was). */
  reset(): void {
    this.stop();
    this.current = null;
    this.idleWarningAt = null;
  }

  private startTimer(): void {
    this.stop();
    this.timer = setInterval(() => void this.tick().catch((err) => console.error('[shift] idle check failed', err)), 5000);
  }

  private async close(saved: Saved, reason: ShiftEndReason, at: number): Promise<void> {
    await this.rm.syncState.delete(SHIFT_KEY);
    const store = this.store();
    // A revoked device writes nothing: its shift ends on the tablet only.
    if (store) await endShift(store, saved.shiftId, reason, new Date(at)).catch((err) => console.warn(`[shift] could not close ${saved.shiftId}`, err));
  }

  private async load(): Promise<Saved | null> {
    const row = await this.rm.syncState.get(SHIFT_KEY);
    if (!row) return null;
    try {
      return JSON.parse(row.value) as Saved;
    } catch {
      return null;
    }
  }

  private async save(saved: Saved): Promise<void> {
    await this.rm.syncState.put({ key: SHIFT_KEY, value: JSON.stringify(saved) });
  }
}
