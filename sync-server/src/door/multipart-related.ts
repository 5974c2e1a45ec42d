import { gunzipSync } from 'node:zlib';
import { badRequest } from '../errors';
import { parseJsonBody } from './body';

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/related` content type, or undefined when it is not one. */
export function relatedBoundary(type: string | undefined): string | undefined {
  if (!type || !/^multipart\/related\s*;/i.test(type)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,200})"|([^;\s]{1,200}))/i.exec(type);
  return m?.[1] ?? m?.[2];
}

/** The parts of a multipart body (headers and bytes each); a malformed body is a 400. */
function splitParts(buf: Buffer, boundary: string): { headers: string; body: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; body: Buffer }[] = [];
  let pos = buf.indexOf(delimiter);
  if (pos < 0) throw badRequest('multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    if (buf.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (!buf.subarray(pos, pos + 2).equals(CRLF)) throw badRequest('malformed multipart body');
    pos += 2;
    const next = buf.indexOf(delimiter, pos);
    if (next < 0) throw badRequest('multipart body cut off');
    const end = next >= 2 && buf.subarray(next - 2, next).equals(CRLF) ? next - 2 : next;
    const part = buf.subarray(pos, end);
    const split = part.indexOf(HEADERS_END);
    const headers = split < 0 ? '' : part.subarray(0, split).toString('latin1');
    parts.push({ headers, body: split < 0 ? part : part.subarray(split + HEADERS_END.length) });
    pos = next;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Turns the `multipart/related` body CouchDB's replicator sends for a document with
 * attachments (`PUT /{db}/{doc}?new_edits=false`: the JSON first, then one part per
 * attachment marked `follows`, in the JSON's order) into the same document with its
 * attachments inline (base64 `data`), so it is judged and written as any JSON body is.
 */
export function multipartRelatedToDoc(buf: Buffer, boundary: string): Record<string, unknown> {
  const [json, ...files] = splitParts(buf, boundary);
  if (!json) throw badRequest('multipart body without a document');
  const doc = parseJsonBody(json.body.toString('utf8'));
  if (!isObject(doc)) throw badRequest('the JSON part must be a document');
  const atts = doc._attachments;
  if (atts === undefined) return doc;
  if (!isObject(atts)) throw badRequest('_attachments must be an object');
  let next = 0;
  const inline: Record<string, unknown> = {};
  for (const [name, att] of Object.entries(atts)) {
    if (!isObject(att) || att.follows !== true) {
      inline[name] = att;
      continue;
    }
    const file = files[next++];
    if (!file) throw badRequest(`no part for the attachment ${name}`);
    const bytes = att.encoding === 'gzip' ? gunzipSync(file.body) : file.body;
    if (typeof att.length === 'number' && att.length !== bytes.length) throw badRequest(`the attachment ${name} is not ${att.length} bytes long`);
    const { follows: _f, length: _l, encoding: _e, encoded_length: _el, digest: _d, ...rest } = att;
    inline[name] = { ...rest, data: bytes.toString('base64') };
  }
  if (next !== files.length) throw badRequest('more attachment parts than attachments marked follows');
  return { ...doc, _attachments: inline };
}
