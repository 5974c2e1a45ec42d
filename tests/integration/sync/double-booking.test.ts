import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncServer } from '../../support/server';
import type { Runtime } from '../../../src/lib/app/runtime';
import type { AppointmentDoc, AppointmentSettings } from '../../../src/lib/domain/appointment';
import { parisDay } from '../../../src/lib/domain/dates';
import { nextFreeSlot } from '../../../src/lib/appointments/queries';
import { bookAppointment, resolveDoubleBooking, seatBookings } from '../../../src/lib/appointments/repo';
import { startDevice, waitFor } from '../../support/clients';
import { DEVICES as DEMO_DEVICES } from '../../support/devices';

type Server = Awaited<ReturnType<typeof startSyncServer>>;
const CURIAL = { ...DEMO_DEVICES.deskCurial };
const HDV = { ...DEMO_DEVICES.deskHdv };
const SERVICE_ID = 'service:titres-identite';

describe('two tablets book the same seat offline', () => {
  let dir: string;
  let server: Server;
  const running: Runtime[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accueil-rdv-'));
    server = await startSyncServer({ port: 0, dataDir: dir, demo: true, log: false });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.destroy()));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function device(d: typeof CURIAL) {
    const r = await startDevice(server.url, d);
    running.push(r);
    return r;
  }
  const serviceOn = (r: Runtime) =>
    waitFor('service with appointment settings', async () => {
      const s = await r.deps.rm.services.get(SERVICE_ID);
      return s?.appointments ? (s as typeof s & { appointments: AppointmentSettings }) : null;
    });

  it('meet as a conflict on one document after reconnection; both bookings are retrievable, and an adviser settles it', async () => {
    const a = await device(CURIAL);
    const b = await device(HDV);
    const service = await serviceOn(a);
    await serviceOn(b);
    const slot = await nextFreeSlot(a.deps.rm, service, new Date().toISOString());
    expect(slot).not.toBeNull();

    // The network goes down; each tablet books "the first free seat" it knows of.
    await a.engine.stop();
    await b.engine.stop();
    const form = (name: string) => ({ serviceId: SERVICE_ID, start: slot!.start, name, reason: 'Passeport (rendez-vous)' });
    const onA = await bookAppointment(a.store, service, form('Camille Martin'), { device: CURIAL.name, adviser: 'A' });
    const onB = await bookAppointment(b.store, service, { ...form('Jean Dupont'), phone: '06 00 00 00 00' }, { device: HDV.name, adviser: 'B' });
    expect(onB._id).toBe(onA._id);

    await a.engine.start();
    await b.engine.start();

    // Both tablets see the conflict; nothing merged it away.
    for (const r of [a, b]) {
      const row = await waitFor('conflicted row', async () => {
        const x = await r.deps.rm.appointments.get(onA._id);
        return x?.conflicted === 1 ? x : null;
      }, 30_000);
      expect(row.day).toBe(parisDay(onA.start));
      const both = await seatBookings(r.store, onA._id);
      expect(both.map((x) => x.person.name).sort()).toEqual(['Camille Martin', 'Jean Dupont']);
    }
    // No automatic resolution happened meanwhile: still two live leaves, no conflict record.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await seatBookings(a.store, onA._id)).length).toBe(2);
    expect(await a.deps.rm.conflicts.where('docId').equals(onA._id).count()).toBe(0);

    // The adviser at Curial keeps Jean Dupont's booking and moves Camille Martin.
    const target = await nextFreeSlot(a.deps.rm, service, slot!.start);
    const rebooked = await resolveDoubleBooking(a.store, service, onA._id, onB._rev, target!.start, { device: CURIAL.name, adviser: 'A' });
    expect(rebooked.map((x) => x.person.name)).toEqual(['Camille Martin']);

    // Both tablets converge: the seat has one booking, Camille has another seat.
    for (const r of [a, b]) {
      const doc = await waitFor('seat settled', async () => {
        const d = (await r.store.dbs.accueil.get(onA._id, { conflicts: true })) as unknown as AppointmentDoc & { _conflicts?: string[] };
        return !d._conflicts?.length ? d : null;
      }, 30_000);
      expect(doc.person.name).toBe('Jean Dupont');
      await waitFor('rebooked seat replicated', () => r.deps.rm.appointments.get(rebooked[0]!._id));
      await waitFor('row no longer conflicted', async () => (await r.deps.rm.appointments.get(onA._id))?.conflicted === 0);
    }
  });
});
