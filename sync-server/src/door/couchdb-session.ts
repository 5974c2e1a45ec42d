import type { Request, Response, Router } from 'express';
import { type CouchNodes, nodesOf } from '../couch-nodes';
import express from 'express';
import { authRequestOf } from '../auth/authenticator';
import type { CouchAuthenticator } from '../auth/couch-authenticator';
import { clientAddressOf } from '../auth/trusted-proxies';
import { COOKIE_NAME, clearedCookieHeader, readCookie } from '../auth/session-cookie';
import { guardedCheck } from '../auth/throttle';
import { sessionAnswer } from '../couch/root-routes';
import { HttpError, badRequest, sendError, unauthorized } from '../errors';

/** CouchDB's cookie as this origin hands it on: `Secure` behind TLS (CouchDB only knows its own plain HTTP). */
function relayCookie(setCookie: string | null, secure: boolean): string | undefined {
  if (!setCookie) return undefined;
  return secure && !/;\s*secure/i.test(setCookie) ? `${setCookie}; Secure` : setCookie;
}

/**
 * `/_session` in CouchDB mode, answered by CouchDB behind the same guard as the embedded
 * server: logins are throttled per account and per address before CouchDB hashes anything,
 * and a logout ends the session here too (CouchDB's cookies stay valid until they expire,
 * so the door refuses a logged-out cookie from then on, across restarts).
 */
export function couchSessionRoutes(couchUrl: string | CouchNodes, auth: CouchAuthenticator): Router {
  const router = express.Router();
  const nodes = nodesOf(couchUrl);

  router.post('/_session', async (req: Request, res: Response, next) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { name, password } = body;
      if (typeof name !== 'string' || typeof password !== 'string' || !name) throw badRequest('name and password are required (JSON or form body)');
      const answer = await guardedCheck(auth.guard, { name, clientAddress: clientAddressOf(req), password }, async () => {
        const up = await nodes.fetch('/_session', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ name, password }) });
        if (up.status === 401) return null;
        if (!up.ok) throw new HttpError(502, 'bad_gateway', `CouchDB /_session answered ${up.status}`);
        return { body: await up.text(), cookie: up.headers.get('set-cookie') };
      });
      if (!answer) throw unauthorized('Name or password is incorrect.');
      const cookie = relayCookie(answer.cookie, req.secure);
      if (cookie) res.setHeader('Set-Cookie', cookie);
      res.status(200).type('application/json').send(answer.body);
    } catch (err) {
      next(err);
    }
  });

  router.delete('/_session', async (req: Request, res: Response, next) => {
    try {
      const value = readCookie(req.headers.cookie, COOKIE_NAME);
      // Only a cookie CouchDB still takes is worth remembering: junk cannot fill the list.
      if (value && !auth.revocations.isRevoked(value)) {
        const who = await nodes.fetch('/_session', { headers: { Cookie: `${COOKIE_NAME}=${value}`, Accept: 'application/json' } });
        const body = who.ok ? ((await who.json()) as { userCtx?: { name?: string | null } }) : undefined;
        if (body?.userCtx?.name) await auth.revocations.revoke(value);
      }
      res.setHeader('Set-Cookie', clearedCookieHeader(req.secure));
      res.type('application/json').send(JSON.stringify({ ok: true }) + '\n');
    } catch (err) {
      next(err);
    }
  });

  router.get('/_session', async (req: Request, res: Response, next) => {
    try {
      const { principal, setCookie } = await auth.authenticate(authRequestOf(req));
      const cookie = relayCookie(setCookie ?? null, req.secure);
      if (cookie) res.setHeader('Set-Cookie', cookie);
      res.type('application/json').send(sessionAnswer(principal, !!req.headers.authorization));
    } catch (err) {
      next(err);
    }
  });

  router.all('/_session', (_req, res) => sendError(res, new HttpError(405, 'method_not_allowed', 'method not allowed on this resource')));
  return router;
}
