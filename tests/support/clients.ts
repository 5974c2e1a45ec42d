// Test clients: the app's real Runtime (store, projector, sync engine, conflict watcher) on
// PouchDB's memory adapter and Dexie over fake-indexeddb, replicating over real HTTP.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { ReadModel, type EnrolmentRow } from '../../src/lib/db/read-model';
import type { LocalDb } from '../../src/lib/db/pouch';
import { Runtime } from '../../src/lib/app/runtime';
import type { DbName, DeviceRole, SiteCode } from '../../src/lib/domain/common';

PouchDB.plugin(memoryAdapter);

let counter = 0;

export interface TestDevice {
  name: string;
  password: string;
  site: SiteCode;
  role: DeviceRole;
}

/** Starts a device as the app would, against `serverUrl`, with its own fresh local storage. */
export async function startDevice(serverUrl: string, device: TestDevice, opts: { batchSize?: number; backOff?: (previousMs: number) => number } = {}): Promise<Runtime> {
  const id = `${device.name}-${process.pid}-${++counter}`;
  const rm = new ReadModel(`rm-${id}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const enrolment: EnrolmentRow = { key: 'device', ...device, label: device.name, enrolledAt: new Date().toISOString() };
  await rm.enrolment.put(enrolment);
  return Runtime.start({
    enrolment,
    rm,
    pouch: (name) => new PouchDB(`${id}-${name}`, { adapter: 'memory' }) as unknown as LocalDb,
    remote: (db: DbName) =>
      new PouchDB(`${serverUrl}/${db}`, { skip_setup: true, auth: { username: device.name, password: device.password } }) as unknown as LocalDb,
    batchSize: opts.batchSize,
    backOff: opts.backOff
  });
}

/** Polls `check` every `intervalMs` until it returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
