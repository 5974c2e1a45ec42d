import { describe, expect, it } from 'vitest';
import { service, site } from '$lib/testing/fixtures';
import { openingRange, serviceDoc, siteDoc } from './reference';

describe('siteDoc', () => {
  it('accepts a site with opening hours, breaks optional', () => {
    expect(siteDoc.safeParse(site()).success).toBe(true);
    expect(siteDoc.safeParse(site({ openingHours: [{ weekday: 7, open: '09:00', close: '12:00' }] })).success).toBe(true);
  });
  it.each([
    ['code', 'annecy'],
    ['timeZone', 'UTC'],
    ['vigipirateLevel', 'rouge'],
    ['name', ''],
    ['address', 'x'.repeat(201)],
    ['openingHours', Array.from({ length: 15 }, () => ({ weekday: 1, open: '08:00', close: '09:00' }))]
  ] as const)('rejects %s = %j', (field, value) => {
    expect(siteDoc.safeParse({ ...site(), [field]: value }).success).toBe(false);
  });
});

describe('openingRange', () => {
  it.each([
    [{ weekday: 0, open: '08:00', close: '12:00' }, 'weekday 0'],
    [{ weekday: 8, open: '08:00', close: '12:00' }, 'weekday 8'],
    [{ weekday: 1, open: '8:00', close: '12:00' }, 'open not HH:MM'],
    [{ weekday: 1, open: '08:00', close: '24:00' }, 'close 24:00'],
    [{ weekday: 1, open: '12:00', close: '08:00' }, 'close before open'],
    [{ weekday: 1, open: '08:00', close: '08:00' }, 'close at open'],
    [{ weekday: 1, open: '08:00', close: '17:00', breakStart: '12:00' }, 'break without end'],
    [{ weekday: 1, open: '08:00', close: '17:00', breakEnd: '13:00' }, 'break without start']
  ] as [Record<string, unknown>, string][])('rejects %j (%s)', (range) => {
    expect(openingRange.safeParse(range).success).toBe(false);
  });
  it('says why in French', () => {
    const res = openingRange.safeParse({ weekday: 1, open: '12:00', close: '08:00' });
    expect(res.error?.issues.map((i) => i.message)).toContain("l'ouverture doit précéder la fermeture");
  });
});

describe('serviceDoc', () => {
  it('accepts a service, phone and keywords optional', () => {
    expect(serviceDoc.safeParse(service()).success).toBe(true);
    const { phone: _p, keywords: _k, ...minimal } = service();
    expect(serviceDoc.parse(minimal).keywords).toEqual([]);
  });
  it.each([
    ['site', 'chambery'],
    ['name', 'x'.repeat(121)],
    ['location', ''],
    ['phone', '0'.repeat(31)],
    ['reasons', ['']],
    ['reasons', 'Passeport'],
    ['keywords', Array.from({ length: 51 }, (_, i) => `mot${i}`)]
  ] as const)('rejects %s = %j', (field, value) => {
    expect(serviceDoc.safeParse({ ...service(), [field]: value }).success).toBe(false);
  });
});
