import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

// express.static knows most types; these are the ones a PWA needs and older mime tables miss.
express.static.mime.define({ 'application/manifest+json': ['webmanifest'], 'text/javascript': ['mjs'] });

/** Service workers and their registration must be revalidated on every load, or updates never land. */
const isWorker = (path: string) => /(^|\/)(service-worker|sw|registerSW)\.js$/.test(path) || /(^|\/)workbox-[\w-]+\.js$/.test(path);

/**
 * The app's Content-Security-Policy when index.html carries none (a build without `kit.csp`):
 * the directives of `CSP_DIRECTIVES` in svelte.config.js (keep them alike); the inline scripts'
 * hashes are added to script-src.
 */
const DEFAULT_POLICY = [
  "default-src 'self'",
  "frame-src 'self' blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "style-src-elem 'self'",
  "base-uri 'self'",
  "form-action 'self'"
];

/** Directives a `<meta>` policy cannot carry, so only the header has them. */
const HEADER_ONLY = ["frame-ancestors 'none'"];

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The bodies of the page's inline scripts (those without `src`), as the browser hashes them. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)]
    .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs ?? ''))
    .map(([, , body]) => body ?? '');
}

const decodeAttr = (v: string) =>
  v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * The policy to send with `html` as a header: the page's own `<meta http-equiv="content-security-policy">`
 * (SvelteKit's `kit.csp` writes it with the bootstrap script's hash), or the default policy with
 * the hashes of the page's inline scripts; plus `frame-ancestors 'none'`, which only a header can carry.
 * Every inline script's hash is in script-src either way, so the header never blocks the bootstrap.
 */
export function contentSecurityPolicy(html: string): string {
  const meta = /<meta\s+http-equiv=["']content-security-policy["']\s+content=(?:"([^"]*)"|'([^']*)')/i.exec(html);
  const directives = meta ? decodeAttr(meta[1] ?? meta[2] ?? '').split(';').map((d) => d.trim()).filter(Boolean) : [...DEFAULT_POLICY];
  const hashes = inlineScripts(html).map(sha256);
  const at = directives.findIndex((d) => /^script-src\s/i.test(d) || d.toLowerCase() === 'script-src');
  const scriptSrc = at >= 0 ? directives[at]!.split(/\s+/) : ['script-src', "'self'"];
  for (const h of hashes) if (!scriptSrc.includes(h)) scriptSrc.push(h);
  if (at >= 0) directives[at] = scriptSrc.join(' ');
  else directives.push(scriptSrc.join(' '));
  for (const d of HEADER_ONLY) {
    const name = d.split(' ')[0]!;
    if (!directives.some((x) => x.split(/\s+/)[0]!.toLowerCase() === name)) directives.push(d);
  }
  return directives.join('; ');
}

/** The header policy of `file`, recomputed when the file changes (a rebuild under a running server). */
function policyOf(file: string): () => string | undefined {
  let cached: { mtimeMs: number; size: number; policy: string } | undefined;
  return () => {
    try {
      const st = statSync(file);
      if (!cached || cached.mtimeMs !== st.mtimeMs || cached.size !== st.size) {
        cached = { mtimeMs: st.mtimeMs, size: st.size, policy: contentSecurityPolicy(readFileSync(file, 'utf8')) };
      }
      return cached.policy;
    } catch {
      return undefined;
    }
  };
}

/**
 * Serves the SvelteKit adapter-static build: hashed `/_app/immutable/*` cached for a year,
 * everything else revalidated (`no-cache`), service workers included; unknown paths without
 * a file extension get `index.html` (the SPA fallback), unknown files a 404. HTML pages carry
 * the app's Content-Security-Policy header (see `contentSecurityPolicy`).
 */
export function staticSite(webRoot: string): Router {
  const root = resolve(webRoot);
  const index = join(root, 'index.html');
  const policies = new Map<string, () => string | undefined>();
  const policyFor = (file: string) => {
    let p = policies.get(file);
    if (!p) policies.set(file, (p = policyOf(file)));
    return p();
  };
  const router = Router();
  router.use(
    express.static(root, {
      index: ['index.html'],
      fallthrough: true,
      setHeaders: (res, path) => {
        const rel = path.slice(root.length).split(sep).join('/');
        res.setHeader('Cache-Control', rel.startsWith('/_app/immutable/') ? IMMUTABLE : NO_CACHE);
        if (isWorker(rel)) res.setHeader('Service-Worker-Allowed', '/');
        if (/\.html?$/i.test(rel)) {
          const csp = policyFor(path);
          if (csp) res.setHeader('Content-Security-Policy', csp);
        }
      }
    })
  );
  const fallback: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || extname(req.path) !== '' || !existsSync(index)) return next();
    res.setHeader('Cache-Control', NO_CACHE);
    const csp = policyFor(index);
    if (csp) res.setHeader('Content-Security-Policy', csp);
    res.sendFile(index);
  };
  router.use(fallback);
  return router;
}

/** True when `webRoot` looks like a built app (has an index.html). */
export const isBuilt = (webRoot: string) => existsSync(join(webRoot, 'index.html')) && statSync(join(webRoot, 'index.html')).isFile();
