import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpError, badRequest, sendError } from '../errors';
import { multipartRelatedToDoc, relatedBoundary } from './multipart-related';

/** Deepest JSON nesting accepted. Our documents are a few levels deep; PouchDB recurses on bodies. */
export const MAX_JSON_DEPTH = 64;
/** A body that sends nothing for this long is dropped (slow-body attacks hold sockets open). */
export const BODY_IDLE_MS = 10_000;
/** However steadily it trickles in, a body must be complete within this. */
export const BODY_TOTAL_MS = 60_000;

export interface BodyTimeouts {
  idleMs: number;
  totalMs: number;
}

const DEFAULT_TIMEOUTS: BodyTimeouts = { idleMs: BODY_IDLE_MS, totalMs: BODY_TOTAL_MS };

const tooLarge = (limit: number) => new HttpError(413, 'too_large', `the request body exceeds the limit of ${limit} bytes`);
const tooSlow = () => new HttpError(408, 'request_timeout', 'the request body was not received in time');

/** Reads a request body up to `limit` bytes, within the timeouts; rejects with 413 or 408. */
export function readBody(req: IncomingMessage, limit: number, timeouts: BodyTimeouts = DEFAULT_TIMEOUTS): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    let idle: NodeJS.Timeout;
    const finish = (err: Error | null, value?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      clearTimeout(total);
      if (err) reject(err);
      else resolve(value ?? Buffer.alloc(0));
    };
    const total = setTimeout(() => finish(tooSlow()), timeouts.totalMs);
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(tooSlow()), timeouts.idleMs);
    };
    arm();
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      arm();
      size += chunk.length;
      if (size > limit) return finish(tooLarge(limit));
      chunks.push(chunk);
    });
    req.on('end', () => finish(null, Buffer.concat(chunks)));
    req.on('error', (err) => finish(err));
    req.on('close', () => finish(badRequest('the request body was cut off')));
  });
}

const isJson = (type: string | undefined) => !!type && /^application\/(.+\+)?json\s*(;|$)/i.test(type);
const isForm = (type: string | undefined) => !!type && /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type);

/**
 * The deepest nesting of a parsed JSON value, walked without recursion (the value may be
 * deeper than the stack). Stops counting once past `max`.
 */
export function jsonDepth(value: unknown, max = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Parses a JSON body strictly: any JSON text, but never deeper than MAX_JSON_DEPTH. */
export function parseJsonBody(text: string): unknown {
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : undefined;
  } catch (err) {
    throw badRequest(`invalid JSON: ${(err as Error).message}`);
  }
  if (jsonDepth(body) > MAX_JSON_DEPTH) throw badRequest(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return body;
}

export interface BodyPolicy {
  limit: number;
  /** Paths whose raw body streams on (standalone attachments, which only admins may write). */
  isStreamedPath(path: string): boolean;
  /** Paths that take an HTML form body (`POST /_session`). */
  acceptsForm(path: string): boolean;
  /** Requests whose `multipart/related` body is turned into JSON (CouchDB's replicator writing a document with attachments). */
  acceptsRelated?(method: string, url: string): boolean;
  timeouts?: BodyTimeouts;
}

/**
 * Reads and parses every request body before any route sees it, so no route parses input
 * of its own. JSON is the only body the database routes take: multipart and form bodies are
 * refused with 415 (express-pouchdb's multipart handling crashes the process on malformed
 * parts, and replication from PouchDB never sends them). A parsed body is left on `req.body`
 * with `req._body` set, so body-parser inside express-pouchdb reuses it.
 */
export function strictBody(policy: BodyPolicy): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (!chunked && !(declared > 0)) {
      Object.assign(req, { body: undefined, _body: true });
      return next();
    }
    const reject = (err: HttpError) => {
      // The rest of the body is not read: close the connection once the answer is out.
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.socket.destroySoon?.());
      sendError(res, err);
    };
    if (declared > policy.limit) {
      // A declared size is finite: discard it so the client reads the 413 instead of a reset.
      req.resume();
      return sendError(res, tooLarge(policy.limit));
    }
    const type = req.headers['content-type'];
    if (policy.isStreamedPath(req.path)) {
      if (chunked && !(declared >= 0)) return reject(new HttpError(411, 'length_required', 'a Content-Length is required for this body'));
      return next();
    }
    const form = isForm(type) && policy.acceptsForm(req.path);
    const boundary = relatedBoundary(type);
    const related = boundary !== undefined && !!policy.acceptsRelated?.(req.method, req.originalUrl);
    if (!isJson(type) && !form && !related) {
      return reject(new HttpError(415, 'bad_content_type', `request bodies must be application/json${type ? `, not ${type.split(';')[0]}` : ''}`));
    }
    readBody(req, policy.limit, policy.timeouts).then(
      (buf) => {
        const text = buf.toString('utf8');
        try {
          const body = related ? multipartRelatedToDoc(buf, boundary!) : form ? Object.fromEntries(new URLSearchParams(text)) : parseJsonBody(text);
          // From here on the request is a JSON one, whatever it came as (express-pouchdb never parses multipart).
          if (related) req.headers['content-type'] = 'application/json';
          Object.assign(req, { body, _body: true, rawBody: related ? Buffer.from(JSON.stringify(body)) : buf });
        } catch (err) {
          return sendError(res, err instanceof HttpError ? err : badRequest('unreadable body'));
        }
        next();
      },
      (err: unknown) => reject(err instanceof HttpError ? err : badRequest('the request body could not be read'))
    );
  };
}

/** JSON (and form) bodies for the app's own API: the same reader, other types pass unread. */
export function bodyLimit(limit: number, isStreamedPath: (path: string) => boolean): RequestHandler {
  const strict = strictBody({ limit, isStreamedPath, acceptsForm: () => true });
  return (req, res, next) => {
    const type = req.headers['content-type'];
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) return strict(req, res, next);
    if (type && !isJson(type) && !isForm(type)) return next();
    strict(req, res, next);
  };
}
