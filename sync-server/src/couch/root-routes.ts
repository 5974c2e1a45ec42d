import { Router } from 'express';
import { authRequestOf } from '../auth/authenticator';
import type { EmbeddedAuthenticator } from '../auth/embedded-authenticator';
import type { Principal } from '../auth/principal';
import { clearedCookieHeader, sessionCookieHeader } from '../auth/session-cookie';
import { clientAddressOf } from '../auth/trusted-proxies';
import { HttpError, badRequest, sendError } from '../errors';

/** What `GET /` says: a CouchDB 3 welcome, so clients that sniff the server are not confused. */
export const WELCOME = { couchdb: 'Welcome', version: '3.3.3', vendor: { name: 'Accueil sync-server' } };

const SESSION_INFO = { authentication_db: '_users', authentication_handlers: ['cookie', 'default'] };

const json = (body: unknown) => JSON.stringify(body) + '\n';

/** The body of `GET /_session`, as CouchDB writes it; both modes answer with it. */
export function sessionAnswer(principal: Principal | null, viaBasic: boolean): string {
  return json({
    ok: true,
    userCtx: principal ? { name: principal.name, roles: principal.roles } : { name: null, roles: [] },
    info: principal ? { ...SESSION_INFO, authenticated: viaBasic ? 'default' : 'cookie' } : SESSION_INFO
  });
}

/**
 * The only routes open to anonymous callers: `GET /`, `GET /_up` and `/_session`
 * (GET tells who you are, POST logs in with name/password as JSON or form, DELETE logs out).
 */
export function rootRoutes(auth: EmbeddedAuthenticator): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('application/json').send(json(WELCOME));
  });
  router.get('/_up', (_req, res) => {
    res.type('application/json').send(json({ status: 'ok' }));
  });

  router.get('/_session', async (req, res, next) => {
    try {
      const { principal, setCookie } = await auth.authenticate(authRequestOf(req));
      if (setCookie) res.setHeader('Set-Cookie', setCookie);
      res.type('application/json').send(sessionAnswer(principal, !!req.headers.authorization));
    } catch (err) {
      next(err);
    }
  });

  router.post('/_session', async (req, res, next) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { name, password } = body;
      if (typeof name !== 'string' || typeof password !== 'string' || !name) {
        throw badRequest('name and password are required (JSON or form body)');
      }
      const { principal, cookie } = await auth.login(name, password, clientAddressOf(req));
      // req.secure honours X-Forwarded-Proto from trusted proxies only (applyTrustedProxies).
      res.setHeader('Set-Cookie', sessionCookieHeader(cookie, req.secure));
      res.type('application/json').send(json({ ok: true, name: principal.name, roles: principal.roles }));
    } catch (err) {
      next(err);
    }
  });

  router.delete('/_session', async (req, res, next) => {
    try {
      // Clearing the browser's cookie is not enough: a copy of it would still be accepted.
      await auth.logout(req.headers);
      res.setHeader('Set-Cookie', clearedCookieHeader(req.secure));
      res.type('application/json').send(json({ ok: true }));
    } catch (err) {
      next(err);
    }
  });

  router.all(['/_session', '/_up'], (_req, res) => {
    sendError(res, new HttpError(405, 'method_not_allowed', 'method not allowed on this resource'));
  });
  return router;
}
