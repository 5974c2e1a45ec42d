import express, { type Express, type RequestHandler, type Router } from 'express';
import { applyTrustedProxies } from '../auth/trusted-proxies';
import { bodyLimit } from '../door/body';
import { HttpError, sendError } from '../errors';
import type { Logger } from '../log';
import { proxyTo } from './proxy';
import { staticSite } from './static';

export interface WebAppOptions {
  /** The built PWA; without it only `/db` and `/api` are served. */
  webRoot?: string;
  /**
   * What answers `/db/*`: the URL of the embedded couch layer (which is the door, proxied to
   * as it is), or the CouchDB-mode door itself (door/couchdb-door.ts).
   */
  db: string | RequestHandler;
  api: Router;
  maxBodyBytes: number;
  log: Logger;
  /** More routes served on the app's origin (the demo's stand-in Zimbra). */
  extra?: [path: string, router: Router][];
  /** TLS proxies whose X-Forwarded-* to believe (auth/trusted-proxies.ts); default none. */
  trustedProxies?: readonly string[];
}

/**
 * The app's origin: the PWA's files, `/db/*` proxied to the database server and `/api/*`
 * served in process. The browser talks to one origin only: cookies and Basic auth work
 * without CORS.
 */
export function createWebApp(o: WebAppOptions): Express {
  const app = express();
  applyTrustedProxies(app, o.trustedProxies);
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  // Before any body parsing: the proxy streams request bodies as they are.
  app.use('/db', typeof o.db === 'string' ? proxyTo(o.db, o.log) : o.db);
  app.use('/api', bodyLimit(o.maxBodyBytes, () => false), o.api);
  for (const [path, router] of o.extra ?? []) app.use(path, router);
  if (o.webRoot) app.use(staticSite(o.webRoot));
  app.use((req, res) => sendError(res, new HttpError(404, 'not_found', `no file ${req.path}`)));
  return app;
}
