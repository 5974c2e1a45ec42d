import type { SyncState } from '$lib/sync/engine';

/**
 * The words of the sync status. « Synchronisé » only when the engine has caught up and no
 * change is left to send: the engine learns of a local write a moment after it is stored, and
 * a write the server refused is never synced.
 */
export function syncLabel(s: { revoked: boolean; online: boolean; state: SyncState; unsent: number }): string {
  if (s.revoked) return 'Appareil révoqué';
  if (!s.online) return 'Hors ligne';
  switch (s.state) {
    case 'up-to-date': return s.unsent > 0 ? 'Synchronisation…' : 'Synchronisé';
    case 'syncing': return 'Synchronisation…';
    case 'offline': return 'Serveur injoignable';
    case 'unauthorized': return 'Accès refusé par le serveur';
    case 'stopped': return 'Synchronisation arrêtée';
    default: return 'Connexion…';
  }
}
