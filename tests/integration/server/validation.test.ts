import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomIssue } from '$lib/testing/building-fixtures';
import { checkin, conflict, inlineAttachment, meeting, room, service, site, visit, withAttachments } from '$lib/testing/fixtures';
import { ticket } from '$lib/testing/queue-fixtures';
import { type CallOptions, type TestServer, call, eventually, localDb, remoteDb, startTestServer } from './helpers';

const put = (s: TestServer, db: string, doc: { _id: string }, as: CallOptions['as']) =>
  call(s.url, 'PUT', `/${db}/${encodeURIComponent(doc._id)}`, { as, body: doc });

/** validate_doc_update on the embedded server: the structure and authority ddocs, over real HTTP. */
describe('validate_doc_update', () => {
  let s: TestServer;
  const admin = () => ({ name: s.admin.name, password: s.admin.password });
  let n = 0;
  const id = (prefix: string) => `${prefix}${Date.now()}-${n++}`;

  beforeAll(async () => {
    s = await startTestServer({ demo: true });
  });
  afterAll(() => s.stop());

  describe('structure', () => {
    it.each([
      ['an empty visitor name', visit({ visitorName: '   ' }), 'visit: visitorName: must not be empty'],
      ['a bad arrival time', visit({ arrivedAt: '10/03/2025 08:00' }), 'visit: arrivedAt: expected an ISO 8601 instant'],
      ['a visit filed under the wrong building', visit({ site: 'hdv' }), 'visit: _id: must start with "visit:hdv:"'],
      ['a checkout before arrival', visit({ checkedOutAt: '2025-03-10T08:00:00.000Z' }), 'visit: checkedOutAt: must not precede arrivedAt'],
      ['an unknown vigipirate field', visit({ vigipirate: { idChecked: true, doorOpenedBy: 'P', doorOpenedAt: '2025-03-10T23:30:00.000Z', extra: 1 } as never }), 'visit: vigipirate.extra: unknown field'],
      ['schema version 2', visit({ v: 2 as 1 }), 'visit: v: expected 1'],
      ['an unknown type', { _id: 'note:1', type: 'note', v: 1 }, 'unknown type "note" in accueil']
    ])('rejects %s with 403 and a precise reason', async (_label, doc, reason) => {
      const res = await put(s, 'accueil', doc, 'desk-curial');
      expect(res.status).toBe(403);
      expect(res.json.error).toBe('forbidden');
      expect(res.json.reason).toContain(reason);
    });

    it('accepts every valid sample in its database', async () => {
      const samples: [string, { _id: string }][] = [
        ['accueil', visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:${id('s')}` })],
        ['accueil', conflict({ _id: id('conflict:x:') })],
        ['planning', room({ _id: id('room:hdv:') })],
        ['planning', meeting({ _id: id('meeting:hdv:') })],
        ['referentiel', site({ _id: 'site:hdv', code: 'hdv' })],
        ['referentiel', service({ _id: id('service:') })],
        ['borne', checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' })]
      ];
      for (const [db, doc] of samples) {
        // Reference data (rooms included) is the coordinator's; the rest any desk's.
        const who = db === 'referentiel' || db === 'borne' || (doc as { type?: string }).type === 'room' ? 'coordinator' : 'desk-curial';
        const res = await put(s, db, db === 'referentiel' && doc._id === 'site:hdv' ? await withRev(db, doc) : doc, who);
        expect(res.status, `${db} ${doc._id}: ${res.text}`).toBe(201);
      }
    });

    async function withRev(db: string, doc: { _id: string }) {
      const current = await call(s.url, 'GET', `/${db}/${encodeURIComponent(doc._id)}`, { as: admin() });
      return current.status === 200 ? { ...doc, _rev: current.json._rev } : doc;
    }

    it('accepts a tombstone from an authorised writer', async () => {
      const doc = visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:${id('del')}` });
      const created = await put(s, 'accueil', doc, 'desk-curial');
      const res = await call(s.url, 'DELETE', `/accueil/${encodeURIComponent(doc._id)}?rev=${created.json.rev}`, { as: 'desk-curial' });
      expect(res.status).toBe(200);
    });

    it('applies to the server admin too: the shape is the contract', async () => {
      expect((await put(s, 'accueil', visit({ _id: `visit:curial:x:${id('a')}`, reason: '' }), admin())).status).toBe(403);
    });

    it.each([
      ['a ticket on 30 February', 'accueil', ticket({ _id: `ticket:curial:2025-02-30:${id('A')}`, day: '2025-02-30' }), 'ticket: day: expected a calendar day'],
      ['an HTML page on a visit', 'accueil', withAttachments(visit({ _id: `visit:curial:x:${id('h')}` }), { 'page.html': inlineAttachment('text/html') }), 'visit: _attachments.page.html: attachment not allowed'],
      ['an SVG as a room photo', 'accueil', withAttachments(roomIssue({ _id: `roomissue:hdv:${id('s')}` }), { 'photo.jpg': inlineAttachment('image/svg+xml') }), 'roomissue: _attachments.photo.jpg.content_type: expected image/jpeg'],
      ['a PDF on a check-in', 'borne', withAttachments(checkin({ _id: id('checkin:curial:') }), { 'recepisse.pdf': inlineAttachment('application/pdf') }), 'checkin: _attachments.recepisse.pdf: attachment not allowed']
    ])('refuses %s, whoever writes it', async (_label, db, doc, reason) => {
      const res = await put(s, db, doc, admin());
      expect(res.status, res.text).toBe(403);
      expect(res.json.reason).toContain(reason);
    });
  });

  describe('authority', () => {
    it('a kiosk writing a visit into borne is refused', async () => {
      const res = await put(s, 'borne', visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:${id('k')}` }), 'kiosk-curial');
      expect(res.status).toBe(403);
      expect(res.json.reason).toBe('A kiosk may only write checkin documents, not "visit".');
    });

    it('a kiosk may not sign a check-in with another name, nor for another site', async () => {
      const forged = await put(s, 'borne', checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-hdv' }), 'kiosk-curial');
      expect(forged.status).toBe(403);
      expect(forged.json.reason).toContain("kiosk: must be the kiosk's own name (kiosk-curial)");
      const elsewhere = await put(s, 'borne', checkin({ _id: id('checkin:hdv:'), site: 'hdv', kiosk: 'kiosk-curial' }), 'kiosk-curial');
      expect(elsewhere.status).toBe(403);
    });

    it('a kiosk may create a check-in but never change or delete it', async () => {
      const doc = checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' });
      const created = await put(s, 'borne', doc, 'kiosk-curial');
      expect(created.status).toBe(201);
      const update = await put(s, 'borne', { ...doc, _rev: created.json.rev, visitorName: 'Autre' } as never, 'kiosk-curial');
      expect(update.status).toBe(403);
      expect(update.json.reason).toContain('A kiosk may only create check-ins');
      const tombstone = { _id: doc._id, _rev: created.json.rev, _deleted: true };
      const viaBulk = await call(s.url, 'POST', '/borne/_bulk_docs', { as: 'kiosk-curial', body: { docs: [tombstone] } });
      expect(viaBulk.json[0]).toMatchObject({ id: doc._id, error: 'forbidden' });
    });

    it('a display writes nothing', async () => {
      const res = await put(s, 'planning', room({ _id: id('room:hdv:') }), 'display-hdv');
      expect(res.status).toBe(403);
      expect(res.json.reason).toBe('A display device may not write to planning.');
    });

    it('a desk does not write the directory; a coordinator does', async () => {
      expect((await put(s, 'referentiel', service({ _id: id('service:') }), 'desk-curial')).status).toBe(403);
      expect((await put(s, 'referentiel', service({ _id: id('service:') }), 'coordinator')).status).toBe(201);
    });

    it('a coordinator may not create design documents', async () => {
      const res = await put(s, 'accueil', { _id: '_design/mine', views: {} } as never, 'coordinator');
      expect(res.status).toBe(403);
    });

    it('an anonymous write is refused before anything else', async () => {
      const res = await call(s.url, 'PUT', `/accueil/${encodeURIComponent(visit()._id)}`, { body: visit() });
      expect(res.status).toBe(401);
    });
  });

  describe('through replication', () => {
    it('a refused document is reported as denied and the rest goes through', async () => {
      const local = localDb('desk');
      const good = visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:${id('ok')}` });
      const bad = visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:${id('bad')}`, serviceId: 'etat-civil' });
      await local.bulkDocs([good, bad]);
      const denied: unknown[] = [];
      const rep = local.replicate.to(remoteDb(s, 'accueil', 'desk-curial'));
      void rep.on('denied', (err) => denied.push(err));
      const result = await rep;
      expect(result.docs_written).toBe(1);
      expect(result.doc_write_failures).toBe(1);
      expect(denied).toEqual([expect.objectContaining({ id: bad._id, name: 'forbidden', message: expect.stringContaining('visit: serviceId: must start with "service:"') })]);
    });

    it('a replicated revision the server already has is accepted again (a retried push is not a kiosk update)', async () => {
      const doc = { ...checkin({ _id: id('checkin:curial:'), kiosk: 'kiosk-curial' }), _rev: '1-0123456789abcdef0123456789abcdef' };
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await call(s.url, 'POST', '/borne/_bulk_docs', { as: 'kiosk-curial', body: { docs: [doc], new_edits: false } });
        expect(res.status).toBe(201);
        expect(res.json).toEqual([]);
      }
      const changed = { ...doc, _rev: '2-0123456789abcdef0123456789abcdef', visitorName: 'Autre' };
      const update = await call(s.url, 'POST', '/borne/_bulk_docs', { as: 'kiosk-curial', body: { docs: [changed], new_edits: false } });
      expect(update.json).toEqual([expect.objectContaining({ id: doc._id, error: 'forbidden' })]);
    });

    it("a room issue's photo replicates, and so does the fix made on the device (its photo then a stub)", async () => {
      const local = localDb('desk');
      const remote = remoteDb(s, 'accueil', 'desk-curial');
      const doc = withAttachments(roomIssue({ _id: `roomissue:curial:${id('p')}`, site: 'curial', roomId: 'room:curial:salle-1' }), { 'photo.jpg': inlineAttachment('image/jpeg', 40_000) });
      await local.put(doc);
      expect((await local.replicate.to(remote)).docs_written).toBe(1);
      const stored = await local.get(doc._id);
      expect((stored._attachments as Record<string, unknown> | undefined)?.['photo.jpg']).toMatchObject({ stub: true, length: 40_000 });
      await local.put({ ...stored, status: 'fixed', fixedAt: '2025-06-03T08:00:00.000Z', fixedBy: 'desk-curial' });
      const second = await local.replicate.to(remote);
      expect(second.doc_write_failures).toBe(0);
      const onServer = await call(s.url, 'GET', `/accueil/${encodeURIComponent(doc._id)}`, { as: admin() });
      expect(onServer.json).toMatchObject({ status: 'fixed', _attachments: { 'photo.jpg': { content_type: 'image/jpeg', length: 40_000 } } });
      // The edit of a stored document sends its files back as stubs, as the app does.
      const again = await put(s, 'accueil', { ...onServer.json, fixNote: 'Serrure changée' }, 'desk-curial');
      expect(again.status, again.text).toBe(201);
    });

    it('an update made on a device replicates (pouchdb-validation would have dropped it)', async () => {
      const local = localDb('desk');
      const remote = remoteDb(s, 'accueil', 'desk-curial');
      const doc = visit({ _id: `visit:curial:2025-03-10T23:30:00.000Z:${id('upd')}` });
      await local.put(doc);
      await local.replicate.to(remote);
      const stored = await local.get(doc._id);
      await local.put({ ...stored, reason: 'Passeport', fieldGen: { reason: 2 } });
      await local.replicate.to(remote);
      await eventually(async () => (await call(s.url, 'GET', `/accueil/${encodeURIComponent(doc._id)}`, { as: 'desk-hdv' })).json?.reason === 'Passeport', 5000, 'the update on the server');
    });
  });
});
