import { describe, expect, it } from 'vitest';
import { shownUrl, urlFor } from '../../../sync-server/src/http-server';
import { startGuide } from '../../../sync-server/src/start-guide';

describe('start-up output', () => {
  it('start guide printed 127.0.0.1 and "Hotel de Ville": it gives localhost addresses, as the README, and the accent', () => {
    const text = startGuide({ appUrl: urlFor('127.0.0.1', 4173), syncUrl: urlFor('0.0.0.0', 5984), webRoot: '/x/build' }).join('\n');
    expect(text).toContain('http://localhost:4173/affichage');
    expect(text).toContain('Sync server (CouchDB protocol): http://localhost:5984');
    expect(text).toContain('PIN 1234');
    expect(text).not.toMatch(/127\.0\.0\.1|0\.0\.0\.0/);
    expect(text).not.toMatch(/Hotel/);
    expect(text.match(/Hôtel de Ville/g)).toHaveLength(2);
    // The columns still line up with the longer label.
    const urls = text.split('\n').filter((l) => l.includes('http://localhost:4173')).map((l) => l.indexOf('http://'));
    expect(new Set(urls).size).toBe(1);
  });

  it('a LAN address in HOST is printed as it is (tablets need it)', () => {
    expect(shownUrl('http://192.168.1.20:4173')).toBe('http://192.168.1.20:4173');
    expect(shownUrl('http://[::1]:4173/')).toBe('http://localhost:4173/');
    expect(shownUrl('http://127.0.0.10:4173')).toBe('http://127.0.0.10:4173');
  });

  it('without a build, the guide says how to build', () => {
    expect(startGuide({ webRoot: '/x/build' }).join('\n')).toContain('run "npm run build"');
  });
});
