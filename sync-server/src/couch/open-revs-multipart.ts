import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/** True when the client prefers `multipart/mixed` to JSON, as CouchDB's replicator does for `open_revs` reads. */
export function wantsMultipartMixed(req: Request): boolean {
  return req.accepts(['application/json', 'multipart/mixed']) === 'multipart/mixed';
}

interface OpenRevsResult {
  ok?: Record<string, unknown>;
  missing?: string;
}

/** The parts of an `open_revs` answer as CouchDB writes them: each revision found as its JSON, each missing one as an error part. */
export function multipartMixed(results: OpenRevsResult[], boundary: string): Buffer {
  const parts = results.map((r) => {
    const error = r.ok === undefined;
    const json = JSON.stringify(error ? { missing: r.missing } : r.ok);
    return `--${boundary}\r\nContent-Type: application/json${error ? '; error="true"' : ''}\r\n\r\n${json}\r\n`;
  });
  return Buffer.from(`${parts.join('')}--${boundary}--`, 'utf8');
}

/**
 * Answers a `GET /{db}/{doc}?open_revs=…` in `multipart/mixed` when the client asks for it.
 * express-pouchdb only writes JSON (as `text/plain` when JSON was not among the accepted
 * types), and CouchDB's replicator reads this answer with a multipart parser only: it fails
 * with `open_doc_revs_failed` on anything else. The JSON array express-pouchdb produces is
 * re-encoded, one part per revision. CouchDB's multipart answer carries the attachments'
 * bodies without being asked (`attachments=true` is not sent) and its replicator counts on
 * it: here they are read in full and travel inline (base64 `data`), which CouchDB accepts in a
 * JSON part. Errors pass as they are.
 */
export function openRevsAsMultipart(req: Request, res: Response): void {
  req.headers.accept = 'application/json';
  (req.query as Record<string, unknown>).attachments = 'true';
  const send = res.send.bind(res);
  res.send = ((body: unknown) => {
    if (res.statusCode !== 200) return send(body);
    let results: unknown;
    try {
      results = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : String(body));
    } catch {
      return send(body);
    }
    if (!Array.isArray(results)) return send(body);
    const boundary = randomBytes(16).toString('hex');
    res.setHeader('Content-Type', `multipart/mixed; boundary="${boundary}"`);
    return send(multipartMixed(results as OpenRevsResult[], boundary));
  }) as Response['send'];
}
