import type { DbName, DeviceRole } from '$lib/domain/common';

export type Direction = 'both' | 'pull' | 'push';

/**
 * Which databases a device replicates, and which way, by role. It mirrors the server's
 * `_security` and `validate_doc_update`: a device never asks for what it may not read
 * (the kiosk reads no visitor data, pushes its check-ins and forgets them).
 */
export const SYNC_PLAN: Record<DeviceRole, Partial<Record<DbName, Direction>>> = {
  desk: { accueil: 'both', planning: 'both', referentiel: 'pull' },
  coordinator: { accueil: 'both', planning: 'both', referentiel: 'both' },
  // planning: the called numbers, for the estimated wait (no personal data there).
  kiosk: { referentiel: 'pull', planning: 'pull', borne: 'push' },
  display: { planning: 'pull', referentiel: 'pull' }
};

/** The databases a role keeps a local copy of. */
export function databasesFor(role: DeviceRole): DbName[] {
  return Object.keys(SYNC_PLAN[role]) as DbName[];
}
