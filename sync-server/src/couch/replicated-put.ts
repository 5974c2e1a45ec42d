import type { Response } from 'express';

interface BulkFailure {
  error?: unknown;
  reason?: unknown;
}

const STATUS_OF_ERROR: Record<string, number> = { forbidden: 403, unauthorized: 401, conflict: 409, not_found: 404 };

/**
 * Answers a replicated `PUT /{db}/{doc}?new_edits=false` as CouchDB does: `201 {ok, id, rev}`.
 * PouchDB's put with `new_edits: false` resolves with bulkDocs' list of failures (`[]` when it
 * was written), and express-pouchdb sends that list as it is. CouchDB's replicator, which
 * writes every document with attachments this way, reads the answer as a JSON object only: on
 * `[]` its writer crashes, the source read is retried until it gives up, and the replication
 * ends in `open_doc_revs_failed`. A failure in the list becomes the error it names.
 */
export function replicatedPutResponse(res: Response, id: string, rev: unknown): void {
  const send = res.send.bind(res);
  res.send = ((body: unknown) => {
    if (res.statusCode !== 201 && res.statusCode !== 200) return send(body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : String(body));
    } catch {
      return send(body);
    }
    if (!Array.isArray(parsed)) return send(body);
    const failure = (parsed as BulkFailure[]).find((r) => r && typeof r === 'object' && r.error !== undefined);
    if (failure) {
      const error = typeof failure.error === 'string' ? failure.error : 'bad_request';
      res.status(STATUS_OF_ERROR[error] ?? 400);
      return send(JSON.stringify({ error, reason: typeof failure.reason === 'string' ? failure.reason : error }) + '\n');
    }
    res.status(201);
    // express-pouchdb set them from the missing result: `"undefined"`, `…/db/undefined`.
    res.set('ETag', `"${String(rev)}"`);
    const location = res.get('Location');
    if (location?.endsWith('/undefined')) res.set('Location', `${location.slice(0, -'undefined'.length)}${encodeURIComponent(id)}`);
    return send(JSON.stringify({ ok: true, id, rev }) + '\n');
  }) as Response['send'];
}
