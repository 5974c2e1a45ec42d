import { describe, expect, it } from 'vitest';
import { DeviceClosedError, StorageFullError, isQuotaError, storageError } from '$lib/db/errors';
import { DEVICE_CLOSED_TEXT, STORAGE_FULL_TEXT, saveFailureText } from './save-errors';

// The shapes a full disk takes on the way up, as the libraries build them.
const domQuota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError', code: 22 });
/** pouchdb-adapter-idb: `createError(IDB_ERROR, evt.target.error.name, evt.type)`. */
const pouchQuota = { status: 500, name: 'indexed_db_went_bad', message: 'unknown', reason: 'QuotaExceededError', error: true };
/** Dexie: an aborted transaction carries the DOMException as `inner`. */
const dexieAbort = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: domQuota });

describe('isQuotaError', () => {
  it.each([
    ['the DOMException', domQuota],
    ["PouchDB's wrapped error", pouchQuota],
    ["Dexie's AbortError with the quota inside", dexieAbort],
    ['our StorageFullError', new StorageFullError(pouchQuota)],
    ['an error caused by one', new Error('save failed', { cause: pouchQuota })]
  ])('recognises %s', (_what, err) => {
    expect(isQuotaError(err)).toBe(true);
  });

  it.each([
    ['another IndexedDB failure', { status: 500, name: 'indexed_db_went_bad', reason: 'UnknownError' }],
    ['a conflict', { status: 409, name: 'conflict' }],
    ['nothing', undefined],
    ['a string', 'QuotaExceededError']
  ])('leaves %s alone', (_what, err) => {
    expect(isQuotaError(err)).toBe(false);
  });

  it('maps PouchDB’s wrapped quota error to StorageFullError in storageError', () => {
    const mapped = storageError(pouchQuota, 'visit:x');
    expect(mapped).toBeInstanceOf(StorageFullError);
    expect((mapped as StorageFullError).cause).toBe(pouchQuota);
  });
});

describe('saveFailureText', () => {
  const fallback = "L'enregistrement a échoué : la saisie est conservée, réessayez.";

  it('says the storage is full, in French, for every shape of quota error', () => {
    for (const err of [domQuota, pouchQuota, dexieAbort, new StorageFullError(domQuota)]) expect(saveFailureText(err, fallback)).toBe(STORAGE_FULL_TEXT);
    expect(STORAGE_FULL_TEXT).toMatch(/^Espace de stockage plein sur cette tablette : la saisie n'est pas enregistrée\./);
  });

  it('says a revoked device writes nothing', () => {
    expect(saveFailureText(new DeviceClosedError('visit:x'), fallback)).toBe(DEVICE_CLOSED_TEXT);
  });

  it("keeps the form's own words for any other failure", () => {
    expect(saveFailureText(new Error('boom'), fallback)).toBe(fallback);
    expect(saveFailureText(pouchQuota.reason, fallback)).toBe(fallback);
  });
});
