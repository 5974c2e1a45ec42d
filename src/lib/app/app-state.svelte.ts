/* eslint-disable svelte/prefer-svelte-reactivity -- the Dates here are instants handed to writes, never reactive state */
import { getContext, setContext } from 'svelte';
import type { DbName } from '$lib/domain/common';
import type { EnrolmentRow } from '$lib/db/read-model';
import { ReadModel } from '$lib/db/read-model';
import type { SyncSnapshot } from '$lib/sync/engine';
import { isRevoked, loadEnrolment, saveEnrolment } from '$lib/device/enrolment';
import { handoverExport, keepUnsent, wipeReadModel } from '$lib/device/revocation';
import { clearMarker, detectEviction, markerFor, readMarker, requestPersistence, watchUnsent, writeMarker, type Eviction } from '$lib/device/storage';
import { isQuotaError } from '$lib/db/errors';
import { saveFailureText } from '$lib/ui/save-errors';
import { ShiftSession } from '$lib/shift/session.svelte';
import type { Actor } from '$lib/visitors/repo';
import { Runtime } from './runtime';

/** While online, the tablet asks the server this often whether it was revoked. */
const REVOCATION_CHECK_MS = 30_000;

export const API_BASE = '/api';
const KEY = Symbol('app');

/**
 * Turns any failure into a French message for the adviser and a precise log line. A full
 * disk is said the same way by every form, as an alert that stays until read: the form keeps
 * what was typed, and the save did not happen.
 */
export function handleError(error: unknown, message: string, app?: AppState): void {
  console.error(`[accueil] ${message}`, error);
  if (!app) return;
  if (isQuotaError(error)) app.storageFull++;
  else app.toast(saveFailureText(error, message), 'error');
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
  runtime = $state.raw<Runtime | null>(null);
  /** Who is signed in on this tablet for the shift (desks and coordinators). */
  readonly shift = new ShiftSession(
    this.rm,
    () => (this.revoked ? null : (this.runtime?.store ?? null)),
    () => this.enrolment
  );
  /** Who writes from this device: its account, and the adviser signed in (else the device's label). */
  readonly actor: Actor = $derived({ device: this.enrolment?.name ?? 'inconnu', adviser: this.shift.current?.adviserName ?? this.enrolment?.label ?? '' });
  sync = $state<SyncSnapshot>({ state: 'starting', lastSyncAt: null, lastError: null, perDb: {}, firstSync: null });
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  loaded = $state(false);
  revoked = $state(false);
  progress = $state<{ db: DbName; done: number } | null>(null);
  updateAvailable = $state(false);
  toasts = $state<Toast[]>([]);
  /** Counts writes refused for lack of space since the alert was last closed (0: no alert). */
  storageFull = $state(0);
  /** The browser wiped this tablet's databases; told until someone acknowledges it. */
  evicted = $state<Eviction | null>(null);
  /** Whether the browser keeps this site's storage under disk pressure (null: cannot say). */
  persisted = $state<boolean | null>(null);
  private unwatchUnsent: (() => void) | null = null;
  private nextToast = 1;
  private unsubscribe: (() => void) | null = null;
  private revocationTimer: ReturnType<typeof setInterval> | null = null;
  applyUpdate: () => void = () => location.reload();

  /** Loads the enrolment and, if there is one, starts the runtime. */
  async boot(): Promise<void> {
    const marker = readMarker();
    let enrolment = await loadEnrolment(this.rm);
    this.evicted = detectEviction(marker, enrolment);
    if (!enrolment && marker && this.evicted) {
      // Enrolled, but IndexedDB is empty: the browser evicted it. Enrolled again from the
      // marker, the tablet syncs everything the server has, as on its first day.
      enrolment = marker.enrolment;
      await saveEnrolment(this.rm, enrolment);
      writeMarker({ ...marker, unsent: 0, evicted: this.evicted });
      console.warn(`[accueil] local databases evicted by the browser; ${this.evicted.unsent} unsent change(s) lost`);
    }
    this.enrolment = enrolment;
    this.revoked = !!this.enrolment?.revokedAt;
    this.loaded = true;
    if (this.enrolment && !this.revoked) await this.startRuntime(this.enrolment);
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
    this.stopRevocationChecks();
    this.stopWatchingUnsent();
    clearMarker();
    this.evicted = null;
    this.shift.reset();
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
    const { workerIndexer } = await import('$lib/db/indexer-browser');
    const runtime = await Runtime.start(
      {
        enrolment: e,
        rm: this.rm,
        pouch: browserPouch,
        remote: browserRemote(`${location.origin}/db`, e.name, e.password),
        indexer: workerIndexer,
        onUnauthorized: () => void this.checkRevoked()
      },
      (db, done) => (this.progress = { db, done })
    );
    this.progress = null;
    this.runtime = runtime;
    this.unsubscribe = runtime.engine.subscribe((s) => (this.sync = s));
    void requestPersistence().then((p) => (this.persisted = p));
    this.watchUnsent(e);
    if (e.role === 'desk' || e.role === 'coordinator') await this.shift.restore();
    this.stopRevocationChecks();
    // A live replication can hold its connection for a minute: the tablet asks by itself.
    this.revocationTimer = setInterval(() => {
      if (this.online) void this.checkRevoked().catch((err) => console.warn('[accueil] revocation check failed', err));
    }, REVOCATION_CHECK_MS);
  }

  /** Someone read the eviction notice: it is not shown again. */
  acknowledgeEviction(): void {
    this.evicted = null;
    const marker = readMarker();
    if (marker) writeMarker({ ...marker, evicted: undefined });
  }

  /** Keeps the marker outside IndexedDB in step with the count of unsent changes. */
  private watchUnsent(e: EnrolmentRow): void {
    this.stopWatchingUnsent();
    this.unwatchUnsent = watchUnsent(this.rm, (n) => writeMarker(markerFor(e, n, readMarker())));
  }

  private stopWatchingUnsent(): void {
    this.unwatchUnsent?.();
    this.unwatchUnsent = null;
  }

  private stopRevocationChecks(): void {
    if (this.revocationTimer) clearInterval(this.revocationTimer);
    this.revocationTimer = null;
  }

  /** The browser's network state changed; back online, the sync retries at once. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.runtime?.engine.reconnect();
  }

  /** Asks the server; when it says revoked, closes the device (see `closeRevoked`). */
  async checkRevoked(): Promise<void> {
    if (!this.enrolment || this.revoked) return;
    if ((await isRevoked(API_BASE, this.enrolment)) === true) await this.closeRevoked();
  }

  /**
   * The server revoked this device: it stops writing at once, keeps the changes the server
   * never received (for a coordinator, as an exported file), then wipes every local copy of
   * personal data. The enrolment stays, marked revoked, so a reload shows the same screen.
   */
  async closeRevoked(now = new Date()): Promise<void> {
    const e = this.enrolment;
    if (!e) return;
    this.revoked = true;
    this.stopRevocationChecks();
    this.shift.reset();
    this.stopWatchingUnsent();
    const rt = this.runtime;
    rt?.store.close();
    this.unsubscribe?.();
    if (rt) {
      await rt.stop();
      await keepUnsent(this.rm, rt.dbs, now);
      await rt.deleteDatabases();
    }
    this.runtime = null;
    await wipeReadModel(this.rm);
    const revokedAt = now.toISOString();
    await saveEnrolment(this.rm, { ...e, revokedAt });
    this.enrolment = { ...e, revokedAt };
    writeMarker(markerFor(this.enrolment, await this.rm.handover.count(), readMarker(), now));
    console.warn(`[accueil] device ${e.name} revoked: local data wiped, ${await this.rm.handover.count()} unsent change(s) kept for export`);
  }

  /** The unsent changes a revoked tablet kept, as the file a coordinator takes over. */
  async exportHandover(): Promise<Blob> {
    const e = this.enrolment;
    const file = await handoverExport(this.rm, { name: e?.name ?? 'inconnu', site: e?.site ?? '' });
    return new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
  }
}

export function provideApp(app: AppState): AppState {
  return setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
