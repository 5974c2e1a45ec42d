import { type ErrorRequestHandler, type NextFunction, type Request, type Response, Router } from 'express';
import { type Authenticator, authRequestOf } from '../auth/authenticator';
import { HttpError, notFound, sendError, unauthorized } from '../errors';
import type { Logger } from '../log';
import { DeviceError, type DevicesService } from '../services/devices';
import { EnrolmentCodeError } from '../services/enrolment-codes';
import { controllers } from './controllers';
import { type HealthDeps, healthHandler } from './health';
import { rateLimit } from './rate-limit';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Lets async handlers throw: errors go to the router's error handler. */
const route = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
  fn(req, res).catch(next);
};

/** Maps service errors to HTTP; anything unknown is a logged 500 without details. */
function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof EnrolmentCodeError) return err.kind === 'expired' ? new HttpError(410, 'gone', err.message) : notFound(err.message);
  if (err instanceof DeviceError) {
    if (err.kind === 'not-found') return notFound(err.message);
    if (err.kind === 'exists') return new HttpError(409, 'conflict', err.message);
    return new HttpError(400, 'bad_request', err.message);
  }
  return null;
}

/**
 * The app API, mounted at `/api` on the sync port and on the web port. It authenticates by
 * itself (same credentials as the sync: Basic or session cookie), so it works in front of
 * the embedded server and of CouchDB. Bodies are parsed by the `bodyLimit` middleware in
 * front of it.
 */
export function createApiRouter(deps: { auth: Authenticator; devices: DevicesService; log: Logger; health?: HealthDeps }): Router {
  const c = controllers(deps.devices);
  const router = Router();

  /** Same credentials as the sync; a refreshed session cookie is passed on. */
  const auth = (req: Request, res: Response, next: NextFunction) => {
    deps.auth
      .authenticate(authRequestOf(req))
      .then(({ principal, setCookie }) => {
        if (!principal) throw unauthorized('authentication required: use Basic auth or POST /_session');
        if (setCookie) res.setHeader('Set-Cookie', setCookie);
        res.locals.principal = principal;
        res.locals.user = principal.name;
        next();
      })
      .catch(next);
  };
  const withAuth = (fn: Handler) => [auth, route(fn)];

  if (deps.health) router.get('/health', route(healthHandler(deps.health)));
  router.get('/me', ...withAuth(c.me));
  router.post('/enrol', rateLimit(10, 60_000), route(c.enrol));
  router.get('/devices', ...withAuth(c.list));
  router.post('/devices', ...withAuth(c.create));
  router.post('/devices/:name/revoke', ...withAuth(c.revoke));
  router.use((req, res) => sendError(res, notFound(`no API route ${req.method} /api${req.path}`)));

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const known = toHttpError(err);
    if (known) return sendError(res, known);
    deps.log.error(`API ${req.method} /api${req.path}: ${(err as Error)?.stack ?? String(err)}`);
    sendError(res, new HttpError(500, 'internal_error', 'the server failed to handle this request'));
  };
  router.use(onError);
  return router;
}
