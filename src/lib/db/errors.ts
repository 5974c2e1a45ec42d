/** Errors the storage layer can raise, named once (as pouchdb-errors does). UI turns them into French. */
export class InvalidDocumentError extends Error {
  readonly name = 'InvalidDocumentError';
  constructor(
    readonly docId: string,
    readonly reason: string
  ) {
    super(`invalid document ${docId}: ${reason}`);
  }
}

export class RevisionConflictError extends Error {
  readonly name = 'RevisionConflictError';
  constructor(readonly docId: string) {
    super(`revision conflict on ${docId}`);
  }
}

export class StorageFullError extends Error {
  readonly name = 'StorageFullError';
  constructor(cause: unknown) {
    super('local storage quota exceeded', { cause });
  }
}

/**
 * Whether a failure is the browser refusing to store more (quota reached). IndexedDB raises a
 * `QuotaExceededError` DOMException; PouchDB's IndexedDB adapter wraps it as
 * `{ status: 500, name: 'indexed_db_went_bad', reason: 'QuotaExceededError' }`; Dexie names it
 * `QuotaExceededError` or wraps it (`inner`) in an `AbortError`. The causes are followed.
 */
export function isQuotaError(err: unknown): boolean {
  for (let e = err as QuotaLike | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof StorageFullError) return true;
    if (QUOTA_NAMES.has(String(e.name)) || QUOTA_NAMES.has(String(e.reason)) || e.code === 22) return true;
    e = (e.inner ?? e.cause) as QuotaLike | undefined;
  }
  return false;
}

interface QuotaLike {
  name?: unknown;
  reason?: unknown;
  code?: unknown;
  inner?: unknown;
  cause?: unknown;
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'quota_exceeded', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** Maps a PouchDB/IndexedDB failure to one of ours, or returns it unchanged. */
export function storageError(err: unknown, docId: string): unknown {
  const e = err as { status?: number; name?: string };
  if (e?.status === 409) return new RevisionConflictError(docId);
  if (isQuotaError(err)) return new StorageFullError(err);
  return err;
}

/** The server revoked this device: it may not write anything any more (nothing would sync). */
export class DeviceClosedError extends Error {
  readonly name = 'DeviceClosedError';
  constructor(readonly docId: string) {
    super(`device closed (revoked): refused to write ${docId}`);
  }
}
