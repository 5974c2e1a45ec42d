import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentId, type AppointmentDoc } from '$lib/domain/appointment';
import type { TicketDoc } from '$lib/domain/ticket';
import type { VisitDoc } from '$lib/domain/visit';
import { call, startTestServer, type TestServer } from './helpers';
import { runIntake, UNORIENTED_SERVICE } from '../../../sync-server/src/workers/intake';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const START = '2026-03-10T09:30:00.000Z';
const APPOINTMENT_ID = appointmentId('service:etat-civil', START, 1);

let n = 0;
const checkin = (overrides: Record<string, unknown> = {}) => {
  const createdAt = new Date(NOW.getTime() - 60_000 + ++n * 1000).toISOString();
  return { _id: `checkin:curial:${createdAt}:k${n}`, type: 'checkin', v: 1, site: 'curial', visitorName: 'Lucie Martin', reason: 'Passeport', createdAt, kiosk: 'kiosk-curial', ...overrides };
};

const appointment: AppointmentDoc = {
  _id: APPOINTMENT_ID, type: 'appointment', v: 1, serviceId: 'service:etat-civil', site: 'curial', start: START, end: '2026-03-10T09:45:00.000Z', seat: 1,
  person: { name: 'Jean Dupont' }, reason: 'Carte d’identité', status: 'booked', code: 'ABC234', createdBy: 'desk-curial',
  updatedAt: '2026-03-01T10:00:00.000Z', updatedBy: 'desk-curial', fieldGen: {}
};

describe('intake worker: kiosk check-ins into the reception data', () => {
  let server: TestServer;
  const admin = async <T,>(path: string) => (await server.client.get<T>(path));
  const allDocs = async <T,>(db: string, prefix: string) =>
    (await admin<{ rows: { doc: T }[] }>(`/${db}/_all_docs?include_docs=true&startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`)).rows.map((r) => r.doc);

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
    await server.client.put(`/accueil/${encodeURIComponent(APPOINTMENT_ID)}`, appointment);
  });
  afterAll(() => server.stop());

  it('moves a walk-in check-in (pushed by the kiosk over HTTP) into a waiting visit and a K ticket, and empties the inbox', async () => {
    const doc = checkin({ serviceId: 'service:etat-civil', _attachments: { 'signature.png': { content_type: 'image/png', data: 'iVBORw0KGgo=' } } });
    const pushed = await call(server.url, 'PUT', `/borne/${encodeURIComponent(doc._id)}`, { as: 'kiosk-curial', body: doc });
    expect(pushed.status).toBe(201);
    const other = checkin({ reason: 'Renseignement' });
    await call(server.url, 'PUT', `/borne/${encodeURIComponent(other._id)}`, { as: 'kiosk-curial', body: other });

    const result = await runIntake(server.client, NOW);
    expect(result.moved).toBe(2);

    const visitId = `visit:${doc._id.slice('checkin:'.length)}`;
    const visit = await admin<VisitDoc & { _attachments: Record<string, unknown> }>(`/accueil/${encodeURIComponent(visitId)}`);
    expect(visit).toMatchObject({ source: 'kiosk', visitorName: 'Lucie Martin', serviceId: 'service:etat-civil', arrivedAt: doc.createdAt });
    expect(visit.vigipirate).toBeUndefined();
    expect(Object.keys(visit._attachments)).toEqual(['signature.png']);
    const otherVisit = await admin<VisitDoc>(`/accueil/${encodeURIComponent(`visit:${other._id.slice('checkin:'.length)}`)}`);
    expect(otherVisit.serviceId).toBe(UNORIENTED_SERVICE);

    const tickets = await allDocs<TicketDoc>('accueil', 'ticket:curial:2026-03-10:');
    expect(tickets.map((t) => [t.number, t.visitId, t.status, t.source]).sort()).toEqual(
      [
        ['K1', visitId, 'waiting', 'kiosk'],
        ['K2', otherVisit._id, 'waiting', 'kiosk']
      ].sort()
    );
    expect((await admin<{ rows: unknown[] }>('/borne/_all_docs')).rows.filter((r) => !String((r as { id: string }).id).startsWith('_design/'))).toEqual([]);
  });

  it('gives the ticket the number the kiosk showed, unless another kiosk of the building took it', async () => {
    const day = '2026-03-11';
    const at = (min: number) => new Date(Date.parse(`${day}T09:00:00.000Z`) + min * 60_000).toISOString();
    const shown = checkin({ _id: `checkin:curial:${at(0)}:n1`, createdAt: at(0), ticketNumber: 'K7' });
    const taken = checkin({ _id: `checkin:curial:${at(1)}:n2`, createdAt: at(1), ticketNumber: 'K7' });
    for (const d of [shown, taken]) await call(server.url, 'PUT', `/borne/${encodeURIComponent(d._id)}`, { as: 'kiosk-curial', body: d });
    await runIntake(server.client, new Date(at(2)));
    const tickets = await allDocs<TicketDoc>('accueil', `ticket:curial:${day}:`);
    expect(tickets.map((t) => t.number).sort()).toEqual(['K7', 'K8']);
  });

  it('is idempotent: a check-in met again after a crash (visit already there) adds nothing', async () => {
    const doc = checkin();
    await server.client.put(`/borne/${encodeURIComponent(doc._id)}`, doc);
    await runIntake(server.client, NOW);
    const before = await allDocs<TicketDoc>('accueil', 'ticket:curial:2026-03-10:');
    // The same check-in again, as if the delete had not happened (a deleted id can be written anew).
    await server.client.put(`/borne/${encodeURIComponent(doc._id)}`, doc);
    await runIntake(server.client, NOW);
    expect((await allDocs<TicketDoc>('accueil', 'ticket:curial:2026-03-10:')).length).toBe(before.length);
  });

  it('two check-ins for one appointment (two kiosks, both offline) make ONE arrival', async () => {
    const first = checkin({ visitorName: 'Jean Dupont', appointmentCode: 'ABC234' });
    const second = { ...checkin({ visitorName: 'J. Dupont', appointmentCode: 'ABC234' }), kiosk: 'kiosk-curial' };
    for (const d of [first, second]) {
      const res = await call(server.url, 'PUT', `/borne/${encodeURIComponent(d._id)}`, { as: 'kiosk-curial', body: d });
      expect(res.status).toBe(201);
    }
    const result = await runIntake(server.client, NOW);
    expect(Object.values(result.outcomes).sort()).toEqual(['appointment', 'duplicate']);

    const seat = APPOINTMENT_ID.slice('appointment:'.length);
    const visits = await allDocs<VisitDoc>('accueil', `visit:curial:${START}:rdv:`);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ _id: `visit:curial:${START}:rdv:${seat}`, visitorName: 'Jean Dupont', source: 'kiosk' });
    const tickets = (await allDocs<TicketDoc>('accueil', 'ticket:curial:2026-03-10:')).filter((t) => t.appointmentId === APPOINTMENT_ID);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ _id: `ticket:curial:2026-03-10:rdv:${seat}`, category: 'service:etat-civil', status: 'waiting' });
    const appt = await admin<AppointmentDoc>(`/accueil/${encodeURIComponent(APPOINTMENT_ID)}`);
    expect(appt).toMatchObject({ status: 'arrived', visitId: visits[0]!._id, updatedBy: 'intake' });
    expect(appt.fieldGen.status).toBeGreaterThan(1);
  });

  it('finds the appointment of a visitor without a code by name and time', async () => {
    const start = '2026-03-10T10:00:00.000Z';
    const id = appointmentId('service:etat-civil', start, 2);
    await server.client.put(`/accueil/${encodeURIComponent(id)}`, {
      ...appointment, _id: id, start, end: '2026-03-10T10:15:00.000Z', seat: 2, person: { name: 'Élise Brun' }, code: 'DEF567'
    });
    // Another name, and the right name far from the appointment's time: no match.
    const stranger = checkin({ visitorName: 'Paul Autre', withAppointment: true });
    const late = checkin({ visitorName: 'Elise BRUN', withAppointment: true, _id: 'checkin:curial:2026-03-10T15:00:00.000Z:late', createdAt: '2026-03-10T15:00:00.000Z' });
    const elise = checkin({ visitorName: '  elise   brun ', withAppointment: true });
    for (const d of [stranger, late, elise]) await server.client.put(`/borne/${encodeURIComponent(d._id)}`, d);
    const result = await runIntake(server.client, NOW);
    expect(result.outcomes[stranger._id]).toBe('visit');
    expect(result.outcomes[late._id]).toBe('visit');
    expect(result.outcomes[elise._id]).toBe('appointment');
    expect(await admin<AppointmentDoc>(`/accueil/${encodeURIComponent(id)}`)).toMatchObject({ status: 'arrived' });
  });

  it('a code that matches no appointment of today still checks the visitor in as a walk-in', async () => {
    const doc = checkin({ appointmentCode: 'ZZZ999' });
    await server.client.put(`/borne/${encodeURIComponent(doc._id)}`, doc);
    const result = await runIntake(server.client, NOW);
    expect(result.outcomes[doc._id]).toBe('visit');
  });

  it('a kiosk visitor who could not sign arrives at the desk with their consent to record (no signature was lost)', async () => {
    const doc = checkin({ consent: 'at-desk', visitorName: 'Nina Sanssignature' });
    await server.client.put(`/borne/${encodeURIComponent(doc._id)}`, doc);
    await runIntake(server.client, NOW);
    const visit = await admin<VisitDoc>(`/accueil/${encodeURIComponent(`visit:${doc._id.slice('checkin:'.length)}`)}`);
    expect(visit).toMatchObject({ visitorName: 'Nina Sanssignature', source: 'kiosk', consentAtDesk: true });
    expect(visit._attachments).toBeUndefined();
  });
});

describe('intake worker on its schedule', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demo: true, workers: true });
  });
  afterAll(() => server.stop());

  it('empties the kiosk inbox by itself within seconds', async () => {
    const createdAt = new Date().toISOString();
    const doc = { _id: `checkin:hdv:${createdAt}:sched`, type: 'checkin', v: 1, site: 'hdv', visitorName: 'Nina Roche', reason: 'Renseignement', createdAt, kiosk: 'kiosk-hdv' };
    await server.client.put(`/borne/${encodeURIComponent(doc._id)}`, doc);
    const visitPath = `/accueil/${encodeURIComponent(`visit:${doc._id.slice('checkin:'.length)}`)}`;
    await expect.poll(async () => (await server.client.find<VisitDoc>(visitPath))?.source ?? null, { timeout: 10_000, interval: 250 }).toBe('kiosk');
    await expect.poll(async () => (await server.client.find(`/borne/${encodeURIComponent(doc._id)}`)) === null, { timeout: 10_000, interval: 250 }).toBe(true);
  });
});

describe('retention of the queue', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demo: true });
  });
  afterAll(() => server.stop());

  it('purges tickets and display calls with the visits they belong to', async () => {
    const { purgeExpired } = await import('../../../sync-server/src/workers/retention');
    const { ticket, call: callDoc } = await import('$lib/testing/queue-fixtures');
    await server.client.post('/accueil/_bulk_docs', { docs: [ticket(), ticket({ _id: 'ticket:curial:2026-03-09:A1', day: '2026-03-09', number: 'A1' })] });
    await server.client.post('/planning/_bulk_docs', { docs: [callDoc()] });
    const result = await purgeExpired(server.client, new Date('2026-03-10T12:00:00.000Z'), 92);
    expect(result.deleted).toMatchObject({ accueil: 1, planning: 1 });
    expect(await server.client.find('/accueil/ticket%3Acurial%3A2026-03-09%3AA1')).not.toBeNull();
  });
});
