import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

// express.static knows most types; these are the ones a PWA needs and older mime tables miss.
express.static.mime.define({ 'application/manifest+json': ['webmanifest'], 'text/javascript': ['mjs'] });

/** Service workers and their registration must be revalidated on every load, or updates never land. */
const isWorker = (path: string) => /(^|\/)(service-worker|sw|registerSW)\.js$/.test(path) || /(^|\/)workbox-[\w-]+\.js$/.test(path);

/**
 * Serves the SvelteKit adapter-static build: hashed `/_app/immutable/*` cached for a year,
 * everything else revalidated (`no-cache`), service workers included; unknown paths without
 * a file extension get `index.html` (the SPA fallback), unknown files a 404.
 */
export function staticSite(webRoot: string): Router {
  const root = resolve(webRoot);
  const index = join(root, 'index.html');
  const router = Router();
  router.use(
    express.static(root, {
      index: ['index.html'],
      fallthrough: true,
      setHeaders: (res, path) => {
        const rel = path.slice(root.length).split(sep).join('/');
        res.setHeader('Cache-Control', rel.startsWith('/_app/immutable/') ? IMMUTABLE : NO_CACHE);
        if (isWorker(rel)) res.setHeader('Service-Worker-Allowed', '/');
      }
    })
  );
  const fallback: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || extname(req.path) !== '' || !existsSync(index)) return next();
    res.setHeader('Cache-Control', NO_CACHE);
    res.sendFile(index);
  };
  router.use(fallback);
  return router;
}

/** True when `webRoot` looks like a built app (has an index.html). */
export const isBuilt = (webRoot: string) => existsSync(join(webRoot, 'index.html')) && statSync(join(webRoot, 'index.html')).isFile();
