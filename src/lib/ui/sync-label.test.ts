import { describe, expect, it } from 'vitest';
import { syncLabel } from './sync-label';

describe('syncLabel', () => {
  const base = { revoked: false, online: true, state: 'up-to-date' as const, unsent: 0 };
  it('says synced only when caught up with nothing left to send', () => {
    expect(syncLabel(base)).toBe('Synchronisé');
    expect(syncLabel({ ...base, unsent: 1 })).toBe('Synchronisation…');
  });
  it('puts revocation and the browser being offline first', () => {
    expect(syncLabel({ ...base, revoked: true })).toBe('Appareil révoqué');
    expect(syncLabel({ ...base, online: false })).toBe('Hors ligne');
    expect(syncLabel({ ...base, state: 'offline' })).toBe('Serveur injoignable');
  });
});
