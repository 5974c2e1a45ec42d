import type { Response } from 'express';

/**
 * An error meant for the client: status, CouchDB-style `error` name and an English `reason`.
 * Anything else that reaches a handler is an internal error and is never shown as is.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    /** Headers the answer must carry (`Retry-After` of a 429 or 503). */
    readonly headers: Readonly<Record<string, string>> = {}
  ) {
    super(reason);
    this.name = 'HttpError';
  }
}

export const unauthorized = (reason: string) => new HttpError(401, 'unauthorized', reason);
export const forbidden = (reason: string) => new HttpError(403, 'forbidden', reason);
export const notFound = (reason: string) => new HttpError(404, 'not_found', reason);
export const badRequest = (reason: string) => new HttpError(400, 'bad_request', reason);

/** Whole seconds, at least 1: `Retry-After: 0` would invite an immediate retry loop. */
const retryAfter = (seconds: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(seconds))) });

export const tooManyRequests = (reason: string, retryAfterSeconds: number) => new HttpError(429, 'too_many_requests', reason, retryAfter(retryAfterSeconds));
export const serviceUnavailable = (reason: string, retryAfterSeconds: number) =>
  new HttpError(503, 'service_unavailable', reason, retryAfter(retryAfterSeconds));

/** What a rejected request logs: set by whoever rejects it, read by the request logger. */
export function setRejectReason(res: Response, reason: string): void {
  res.locals.rejectReason = reason;
}

/** Sends `{error, reason}` with the status, and remembers the reason for the log line. */
export function sendError(res: Response, err: HttpError): void {
  setRejectReason(res, `${err.error}: ${err.reason}`);
  res.locals.ownRejection = true;
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(err.headers ?? {})) res.setHeader(name, value);
  res.status(err.status).type('application/json').send(JSON.stringify({ error: err.error, reason: err.reason }) + '\n');
}
