/**
 * Ids of the documents that hold personal data and that the server's retention purge deletes
 * (sync-server/src/workers/retention.ts), conflict records included. One list for the server's
 * rules (tests/integration/server/retention.test.ts checks every purged type is in it) and the
 * tablet, which compacts its local copy as soon as such a deletion arrives.
 */
export const PERSONAL_ID_PREFIXES = ['visit:', 'checkin:', 'ticket:', 'call:', 'loan:', 'shift:', 'conflict:'] as const;

export const holdsPersonalData = (docId: string): boolean => PERSONAL_ID_PREFIXES.some((p) => docId.startsWith(p));
