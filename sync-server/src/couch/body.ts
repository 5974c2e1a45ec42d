import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpError, sendError } from '../errors';

/** Reads a request body up to `limit` bytes; rejects with 413 beyond it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', (err) => !failed && reject(err));
  });
}

const tooLarge = (limit: number) => new HttpError(413, 'too_large', `the request body exceeds the limit of ${limit} bytes`);

const isJson = (type: string | undefined) => !!type && /^application\/(.+\+)?json\b/i.test(type);
const isForm = (type: string | undefined) => !!type && /^application\/x-www-form-urlencoded\b/i.test(type);

/**
 * Request size limit and body parsing for the whole server.
 *
 * JSON and form bodies are read here, within the limit, and left parsed on `req.body` with
 * `req._body` set: body-parser (used by express-pouchdb) sees `_body` and reuses them instead
 * of reading the stream again. Other bodies (attachments) are left to stream, but must
 * declare a Content-Length within the limit, since counting a stream we do not consume is
 * not possible without buffering it.
 */
export function bodyLimit(limit: number, isStreamedPath: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (!chunked && !(declared > 0)) return next();
    const reject = (err: HttpError) => {
      // The rest of the body is not read: close the connection once the answer is out.
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.socket.destroySoon?.());
      sendError(res, err);
    };
    if (declared > limit) {
      // A declared size is finite: discard it so the client reads the 413 instead of a reset.
      req.resume();
      return sendError(res, tooLarge(limit));
    }
    const type = req.headers['content-type'];
    const parse = (isJson(type) || isForm(type)) && !isStreamedPath(req.path);
    if (!parse) {
      if (chunked && !(declared >= 0)) return reject(new HttpError(411, 'length_required', 'a Content-Length is required for this body'));
      return next();
    }
    readBody(req, limit).then(
      (buf) => {
        const text = buf.toString('utf8');
        try {
          const body: unknown = isJson(type) ? (text.trim() ? JSON.parse(text) : {}) : Object.fromEntries(new URLSearchParams(text));
          Object.assign(req, { body, _body: true, rawBody: buf });
        } catch {
          return sendError(res, new HttpError(400, 'bad_request', 'invalid_json'));
        }
        next();
      },
      (err: unknown) => (err instanceof HttpError ? reject(err) : next(err))
    );
  };
}
