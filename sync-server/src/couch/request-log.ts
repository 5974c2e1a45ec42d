import type { RequestHandler } from 'express';
import type { Logger } from '../log';

/**
 * One precise line per rejected request (status ≥ 400 but for routine 404/409/412): method, path without query, status,
 * caller, and the reason, either set by our layer (`res.locals.rejectReason`) or taken from
 * the JSON error express-pouchdb sent.
 */
const ROUTINE = new Set([404, 409, 412]);

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const end = res.end.bind(res);
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (res.statusCode >= 400 && !res.locals.rejectReason && chunk && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        const text = chunk.toString().slice(0, 500);
        try {
          const parsed = JSON.parse(text) as { error?: string; reason?: string };
          res.locals.rejectReason = `${parsed.error ?? 'error'}: ${parsed.reason ?? ''}`;
        } catch {
          res.locals.rejectReason = text.trim();
        }
      }
      return (end as (...args: unknown[]) => unknown)(chunk, ...rest);
    }) as typeof res.end;
    res.on('finish', () => {
      if (res.statusCode < 400) return;
      // A missing document, a conflict or an existing database are answers, not rejections
      // (replication asks for checkpoints that do not exist yet), unless our layer refused.
      if (ROUTINE.has(res.statusCode) && !res.locals.ownRejection) return;
      const who = (res.locals.user as string | undefined) ?? 'anonymous';
      const line = `${req.method} ${req.originalUrl.split('?')[0]} -> ${res.statusCode} (${who}): ${res.locals.rejectReason ?? 'no reason given'}`;
      if (res.statusCode >= 500) log.error(line);
      else log.warn(line);
    });
    next();
  };
}
