import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from '$lib/testing/fixtures';
import { PouchDB, type TestServer, basicHeader, call, localDb, startTestServer, tempDir } from './helpers';

/** The PWA served by the sync-server process, with /db and /api on the same origin. */
describe('web server', () => {
  let s: TestServer;
  let web: string;
  const root = tempDir('accueil-web-');

  beforeAll(async () => {
    mkdirSync(join(root, '_app', 'immutable', 'chunks'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Accueil</title>');
    writeFileSync(join(root, '_app', 'immutable', 'chunks', 'app.abc123.js'), 'export {}');
    writeFileSync(join(root, 'service-worker.js'), 'self.addEventListener("install", () => {})');
    writeFileSync(join(root, 'manifest.webmanifest'), '{"name":"Accueil"}');
    s = await startTestServer({ demo: true, webRoot: root, webPort: 0 });
    web = s.webUrl ?? '';
  });
  afterAll(async () => {
    await s.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html, and falls back to it for app routes', async () => {
    for (const path of ['/', '/borne', '/affichage', '/coordination/appareils']) {
      const res = await fetch(web + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>Accueil</title>');
    }
  });

  it('answers 404 for a missing file instead of the app shell', async () => {
    expect((await fetch(`${web}/missing.js`)).status).toBe(404);
  });

  it('caches hashed assets for a year and revalidates the service worker', async () => {
    const asset = await fetch(`${web}/_app/immutable/chunks/app.abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const sw = await fetch(`${web}/service-worker.js`);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const manifest = await fetch(`${web}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
  });

  it('proxies /db/* to the sync server, with Basic auth and with the session cookie', async () => {
    expect((await call(web, 'GET', '/db/')).json).toMatchObject({ couchdb: 'Welcome' });
    expect((await call(web, 'GET', '/db/accueil', { as: 'desk-curial' })).status).toBe(200);
    expect((await call(web, 'GET', '/db/accueil')).status).toBe(401);
    const login = await call(web, 'POST', '/db/_session', { body: { name: 'desk-curial', password: 'demo-desk-curial' } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^AuthSession=/);
    expect((await call(web, 'GET', '/db/accueil', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('serves the API on the same origin', async () => {
    expect((await call(web, 'GET', '/api/me', { as: 'display-hdv' })).json).toMatchObject({ name: 'display-hdv', role: 'display' });
  });

  it('streams a long-poll _changes feed through the proxy', async () => {
    const since = (await call(web, 'GET', '/db/accueil', { as: 'desk-curial' })).json.update_seq;
    const poll = fetch(`${web}/db/accueil/_changes?feed=longpoll&since=${encodeURIComponent(JSON.stringify(since))}&timeout=20000`, {
      headers: { Authorization: basicHeader('desk-curial', 'demo-desk-curial') }
    }).then((r) => r.json() as Promise<{ results: { id: string }[] }>);
    await new Promise((r) => setTimeout(r, 300));
    const doc = visit({ _id: 'visit:curial:2025-03-10T23:30:00.000Z:longpoll' });
    await call(s.url, 'PUT', `/accueil/${encodeURIComponent(doc._id)}`, { as: 'desk-hdv', body: doc });
    const changes = await poll;
    // Arrived before the feed's own 20 s time-out: the proxy streamed it, not buffered it till the end.
    expect(changes.results.map((r) => r.id)).toContain(doc._id);
  });

  it('lets a device replicate through the same origin', async () => {
    const remote = new PouchDB(`${web}/db/referentiel`, { auth: { username: 'desk-hdv', password: 'demo-desk-hdv' }, skip_setup: true });
    const result = await localDb('web').replicate.from(remote);
    expect(result.docs_written).toBeGreaterThan(10);
  });
});
