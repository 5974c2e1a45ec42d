import { describe, expect, it } from 'vitest';
import { DEVICE_ROLES } from '$lib/domain/common';
import { databasesFor, SYNC_PLAN } from './plan';

describe('SYNC_PLAN', () => {
  it('has a plan for every role', () => {
    for (const role of DEVICE_ROLES) expect(SYNC_PLAN[role], role).toBeDefined();
  });

  it('never lets a kiosk replicate visitor data, and only reads the planning (called numbers)', () => {
    expect(SYNC_PLAN.kiosk).not.toHaveProperty('accueil');
    expect(SYNC_PLAN.kiosk.planning).toBe('pull');
    expect(databasesFor('kiosk').sort()).toEqual(['borne', 'planning', 'referentiel']);
  });

  it('lets a kiosk only push its check-ins and only read the directory and the planning', () => {
    expect(SYNC_PLAN.kiosk).toEqual({ referentiel: 'pull', planning: 'pull', borne: 'push' });
  });

  it('never lets a display push, nor read visitors', () => {
    for (const direction of Object.values(SYNC_PLAN.display)) expect(direction).toBe('pull');
    expect(SYNC_PLAN.display).not.toHaveProperty('accueil');
    expect(SYNC_PLAN.display).not.toHaveProperty('borne');
  });

  it('lets only the coordinator write the directory', () => {
    for (const role of DEVICE_ROLES) {
      const direction = SYNC_PLAN[role].referentiel;
      if (role === 'coordinator') expect(direction).toBe('both');
      else expect(direction, role).toBe('pull');
    }
  });

  it('lets desks sync visits and planning both ways, without the kiosk inbox', () => {
    expect(SYNC_PLAN.desk).toMatchObject({ accueil: 'both', planning: 'both' });
    expect(databasesFor('desk')).not.toContain('borne');
  });
});
