import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient, docPath } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { startProduction } from '../../sync-server/src/production';
import { adminUrl } from '../support/couchdb';
import { tempDir } from '../integration/server/helpers';
import { blankCouch } from './helpers';

// `COUCHDB_URL=… DEMO=1 npm start`: the demo's stand-in Zimbra is served by the CouchDB-mode
// sync server too, and its calendar worker imports the two demo rooms' meetings.
let client: CouchClient;
let stop: () => Promise<void>;
let webUrl: string;

beforeAll(async () => {
  const couch = await blankCouch();
  client = new CouchClient(adminUrl(couch));
  const webRoot = tempDir('accueil-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Accueil</title>');
  const dataDir = tempDir('accueil-prod-state-');
  const started = await startProduction({ client, webRoot, webPort: 0, host: '127.0.0.1', demo: true, demoCalendars: true, log: memoryLogger(), dataDir });
  webUrl = started.webUrl;
  stop = started.close;
});
afterAll(async () => {
  await stop?.();
});

describe('the demo in CouchDB mode', () => {
  it('gives two rooms a calendar on the server’s own origin', async () => {
    const room = await client.get<{ calendarUrl?: string }>(docPath('planning', 'room:hdv:salon-d-honneur'));
    expect(room.calendarUrl).toBe(`${webUrl}/demo-zimbra/home/salles/salon-d-honneur?fmt=ics`);
    expect((await fetch(room.calendarUrl!)).status).toBe(401);
  });

  it('the calendar worker imports their meetings from it', async () => {
    const range = `startkey=${encodeURIComponent('"meeting:hdv:ics:salon-d-honneur:"')}&endkey=${encodeURIComponent('"meeting:hdv:ics:salon-d-honneur:\ufff0"')}`;
    await expect
      .poll(async () => (await client.get<{ rows: unknown[] }>(`/planning/_all_docs?${range}`)).rows.length, { timeout: 60_000 })
      .toBeGreaterThan(5);
    // The feed's record is written after its meetings.
    const feed = () => client.request<{ error?: string; meetings?: number }>('GET', docPath('planning', 'feed:room:hdv:salon-d-honneur'));
    await expect.poll(async () => (await feed()).status, { timeout: 60_000 }).toBe(200);
    expect((await feed()).body.error).toBeUndefined();
  });
});
