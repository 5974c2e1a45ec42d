import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receipt } from '$lib/testing/fixtures';
import { type TestServer, basicHeader, call, startTestServer } from './helpers';

const ID = 'receipt:curial:C-2025-K7QX-0042';
const REV = '1-0123456789abcdef0123456789abcdef';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80]);

/** The body CouchDB's replicator sends for a document with attachments: the JSON, then each attachment's bytes. */
function related(doc: Record<string, unknown>, bytes: Buffer, boundary = 'b0undary') {
  const head = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(doc)}\r\n--${boundary}\r\nContent-Disposition: attachment; filename="signature.png"\r\nContent-Type: image/png\r\nContent-Length: ${bytes.length}\r\n\r\n`;
  return { type: `multipart/related; boundary="${boundary}"`, body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--`)]) };
}

/**
 * `PUT /{db}/{doc}?new_edits=false` answers as CouchDB does, `201 {ok, id, rev}`: CouchDB's
 * replicator writes every document with attachments this way and reads nothing else (on
 * PouchDB's `[]` it retried for 90 s and failed with open_doc_revs_failed).
 */
describe('replicated PUT (?new_edits=false), as CouchDB answers it', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({});
  });
  afterAll(() => s.stop());

  it('multipart/related with an attachment: 201 {ok, id, rev}, its ETag, the bytes stored', async () => {
    const doc = { ...receipt({ _id: ID, number: 'C-2025-K7QX-0042' }), _rev: REV, _revisions: { start: 1, ids: [REV.slice(2)] }, _attachments: { 'signature.png': { content_type: 'image/png', length: PNG.length, follows: true, revpos: 1 } } };
    const { type, body } = related(doc, PNG);
    const path = `/accueil/${encodeURIComponent(ID)}?new_edits=false`;
    for (let i = 0; i < 2; i++) {
      // Twice: a retried write of a revision already there is answered the same way.
      const res = await fetch(s.url + path, { method: 'PUT', headers: { Authorization: basicHeader(s.admin.name, s.admin.password), 'Content-Type': type, Accept: 'application/json' }, body });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ ok: true, id: ID, rev: REV });
      expect(res.headers.get('etag')).toBe(`"${REV}"`);
    }
    const stored = await call(s.url, 'GET', `/accueil/${encodeURIComponent(ID)}?attachments=true`, { as: s.admin });
    expect(stored.json._rev).toBe(REV);
    expect(Buffer.from(stored.json._attachments['signature.png'].data, 'base64').equals(PNG)).toBe(true);
  });

  it('JSON: the same answer; a document the rules refuse is still an error', async () => {
    const id = 'receipt:curial:C-2025-K7QX-0043';
    const doc = { ...receipt({ _id: id, number: 'C-2025-K7QX-0043' }), _rev: REV, _revisions: { start: 1, ids: [REV.slice(2)] } };
    const ok = await call(s.url, 'PUT', `/accueil/${encodeURIComponent(id)}?new_edits=false`, { as: s.admin, body: doc });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json).toEqual({ ok: true, id, rev: REV });
    const bad = await call(s.url, 'PUT', `/accueil/${encodeURIComponent('receipt:curial:bad')}?new_edits=false`, { as: s.admin, body: { ...doc, _id: 'receipt:curial:bad', number: 'nope' } });
    expect(bad.status).toBe(403);
    expect(bad.json.error).toBe('forbidden');
  });
});
