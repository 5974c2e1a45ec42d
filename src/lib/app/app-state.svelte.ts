import { getContext, setContext } from 'svelte';
import type { DbName } from '$lib/domain/common';
import type { EnrolmentRow } from '$lib/db/read-model';
import { ReadModel } from '$lib/db/read-model';
import type { SyncSnapshot } from '$lib/sync/engine';
import { isRevoked, loadEnrolment, saveEnrolment } from '$lib/device/enrolment';
import type { Actor } from '$lib/visitors/repo';
import { Runtime } from './runtime';

export const API_BASE = '/api';
const KEY = Symbol('app');

/** Turns any failure into a French message for the adviser and a precise log line. */
export function handleError(error: unknown, message: string, app?: AppState): void {
  console.error(`[accueil] ${message}`, error);
  app?.toast(message, 'error');
}

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'success' | 'error';
}

/**
 * The app's shared state: enrolment, the running runtime, sync state and toasts. One
 * instance, created by the root layout and handed down by context (no module state).
 */
export class AppState {
  readonly rm = new ReadModel();
  enrolment = $state<EnrolmentRow | null>(null);
  /** Who writes from this device: its account and its label (the desk's name). */
  readonly actor: Actor = $derived({ device: this.enrolment?.name ?? 'inconnu', adviser: this.enrolment?.label ?? '' });
  runtime = $state.raw<Runtime | null>(null);
  sync = $state<SyncSnapshot>({ state: 'starting', lastSyncAt: null, lastError: null, perDb: {}, firstSync: null });
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  loaded = $state(false);
  revoked = $state(false);
  progress = $state<{ db: DbName; done: number } | null>(null);
  updateAvailable = $state(false);
  toasts = $state<Toast[]>([]);
  private nextToast = 1;
  private unsubscribe: (() => void) | null = null;
  applyUpdate: () => void = () => location.reload();

  /** Loads the enrolment and, if there is one, starts the runtime. */
  async boot(): Promise<void> {
    this.enrolment = await loadEnrolment(this.rm);
    this.loaded = true;
    if (this.enrolment) await this.startRuntime(this.enrolment);
  }

  /** Saves a new enrolment (replacing any previous one and its local data) and starts. */
  async enrol(e: EnrolmentRow): Promise<void> {
    await this.forget();
    await saveEnrolment(this.rm, e);
    this.enrolment = e;
    await this.startRuntime(e);
  }

  /** Forgets this device: stops sync, deletes local databases and the read model's data. */
  async forget(): Promise<void> {
    this.unsubscribe?.();
    if (this.runtime) await this.runtime.destroy();
    this.runtime = null;
    await Promise.all(this.rm.tables.map((t) => t.clear()));
    this.enrolment = null;
    this.revoked = false;
  }

  toast(text: string, kind: Toast['kind'] = 'info'): void {
    const id = this.nextToast++;
    this.toasts.push({ id, text, kind });
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), kind === 'error' ? 8000 : 4000);
  }

  private async startRuntime(e: EnrolmentRow): Promise<void> {
    const { browserPouch, browserRemote } = await import('$lib/db/pouch-browser');
    const runtime = await Runtime.start(
      {
        enrolment: e,
        rm: this.rm,
        pouch: browserPouch,
        remote: browserRemote(`${location.origin}/db`, e.name, e.password),
        onUnauthorized: () => void this.checkRevoked()
      },
      (db, done) => (this.progress = { db, done })
    );
    this.progress = null;
    this.runtime = runtime;
    this.unsubscribe = runtime.engine.subscribe((s) => (this.sync = s));
    void navigator.storage?.persist?.().catch(() => undefined);
  }

  /** The browser's network state changed; back online, the sync retries at once. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.runtime?.engine.reconnect();
  }

  private async checkRevoked(): Promise<void> {
    if (!this.enrolment || this.revoked) return;
    const revoked = await isRevoked(API_BASE, this.enrolment);
    if (revoked) {
      this.revoked = true;
      await this.runtime?.engine.stop();
    }
  }
}

export function provideApp(app: AppState): AppState {
  return setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
