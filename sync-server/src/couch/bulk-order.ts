import type { Response } from 'express';
import type { Logger } from '../log';

interface BulkResult {
  id?: string;
  error?: string;
  reason?: string;
}

/**
 * Puts `_bulk_docs` results back in request order, as CouchDB returns them. express-pouchdb's
 * wrappers (pouchdb-security's bulkDocs wrapper) list rejected documents first, and a client
 * that pairs results with its docs by position would acknowledge the wrong ones.
 *
 * Each result is matched to the first unmatched request doc with its id; results for docs
 * sent without an id (the server made one up) fill the id-less slots in order.
 */
export function orderBulkResults(requestIds: (string | undefined)[], results: BulkResult[]): BulkResult[] {
  const slots = new Map<string, number[]>();
  const anonymous: number[] = [];
  requestIds.forEach((id, i) => {
    if (id === undefined) anonymous.push(i);
    else slots.set(id, [...(slots.get(id) ?? []), i]);
  });
  const placed: { index: number; result: BulkResult }[] = [];
  let unplaced = requestIds.length;
  for (const result of results) {
    const queue = result.id !== undefined ? slots.get(result.id) : undefined;
    const index = queue?.length ? queue.shift() : anonymous.length ? anonymous.shift() : undefined;
    placed.push({ index: index ?? unplaced++, result });
  }
  return placed.sort((a, b) => a.index - b.index).map((p) => p.result);
}

/**
 * Wraps `res.send` of one `_bulk_docs` request so its JSON array is reordered before it
 * leaves, and logs each document the server refused.
 */
export function reorderBulkDocsResponse(res: Response, docs: unknown[], log: Logger, label: string): void {
  const requestIds = docs.map((d) => (d && typeof d === 'object' && typeof (d as { _id?: unknown })._id === 'string' ? (d as { _id: string })._id : undefined));
  const send = res.send.bind(res);
  res.send = ((body: unknown) => {
    if (res.statusCode !== 201) return send(body);
    try {
      const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
      const results = JSON.parse(text) as BulkResult[];
      if (!Array.isArray(results)) return send(body);
      for (const r of results) {
        if (r.error) log.warn(`${label}: document ${JSON.stringify(r.id)} refused: ${r.error}: ${r.reason ?? ''}`);
      }
      return send(Buffer.from(JSON.stringify(orderBulkResults(requestIds, results)) + '\n', 'utf8'));
    } catch {
      return send(body);
    }
  }) as Response['send'];
}
