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

/** Maps a PouchDB/IndexedDB failure to one of ours, or returns it unchanged. */
export function storageError(err: unknown, docId: string): unknown {
  const e = err as { status?: number; name?: string };
  if (e?.status === 409) return new RevisionConflictError(docId);
  if (e?.name === 'QuotaExceededError' || e?.name === 'quota_exceeded') return new StorageFullError(err);
  return err;
}

/** The server revoked this device: it may not write anything any more (nothing would sync). */
export class DeviceClosedError extends Error {
  readonly name = 'DeviceClosedError';
  constructor(readonly docId: string) {
    super(`device closed (revoked): refused to write ${docId}`);
  }
}
