import type { RequestHandler } from 'express';
import { HttpError, sendError } from '../errors';

/**
 * A naive fixed-window limit per client address: enough to make guessing 8-character
 * enrolment codes (32^8 of them) pointless from one machine, without any state to keep
 * beyond a small map.
 */
export function rateLimit(max: number, windowMs: number, now: () => number = Date.now): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= windowMs) {
      if (windows.size > 10_000) windows.clear();
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    if (w.count > max) {
      res.setHeader('Retry-After', String(Math.ceil((w.start + windowMs - t) / 1000)));
      return sendError(res, new HttpError(429, 'too_many_requests', `more than ${max} attempts in ${windowMs / 1000} s from this address`));
    }
    next();
  };
}
