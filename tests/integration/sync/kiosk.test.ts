import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCheckin } from '../../../src/lib/kiosk/repo';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES } from '../../support/devices';
import { adminHeader, startSyncServer, type TestServer } from '../../support/server';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let dir: string;
let server: TestServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accueil-kiosk-'));
  server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log: false });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it('a kiosk check-in reaches the inbox with its signature, and the kiosk then keeps nothing of it', async () => {
  const kiosk = await startDevice(server.url, DEVICES.kioskCurial);
  try {
    const doc = await createCheckin(kiosk.store, 'curial', DEVICES.kioskCurial.name, {
      visitorName: 'Zoé Borne',
      reason: 'Acte de naissance',
      serviceId: 'service:etat-civil',
      language: 'en',
      signature: SIGNATURE
    });

    // On the server, with the signature attached.
    await waitFor('check-in on the server', async () => (await fetch(`${server.url}/borne/${encodeURIComponent(doc._id)}`, { headers: { Authorization: adminHeader(server) } })).ok);
    const onServer = (await (await fetch(`${server.url}/borne/${encodeURIComponent(doc._id)}?attachments=true`, { headers: { Authorization: adminHeader(server) } })).json()) as Record<string, unknown>;
    expect(onServer).toMatchObject({ visitorName: 'Zoé Borne', language: 'en', serviceId: 'service:etat-civil', ticketNumber: 'K1' });
    expect((onServer._attachments as Record<string, { content_type: string }>)['signature.png']?.content_type).toBe('image/png');

    // On the kiosk: the inbox is emptied once the server has the check-in.
    await waitFor('kiosk inbox emptied', async () => (await kiosk.store.dbs.borne!.info()).doc_count === 0, 20_000);
    expect(await kiosk.deps.rm.pending.count()).toBe(0);

    // And it still works for the next visitor.
    const next = await createCheckin(kiosk.store, 'curial', DEVICES.kioskCurial.name, { visitorName: 'Yves Suivant', reason: 'Passeport', signature: SIGNATURE });
    await waitFor('second check-in on the server', async () => (await fetch(`${server.url}/borne/${encodeURIComponent(next._id)}`, { headers: { Authorization: adminHeader(server) } })).ok);
    await waitFor('kiosk inbox emptied again', async () => (await kiosk.store.dbs.borne!.info()).doc_count === 0, 20_000);
  } finally {
    await kiosk.destroy();
  }
});
