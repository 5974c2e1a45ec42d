import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The app's Content-Security-Policy. Everything comes from the app's own origin: scripts (plus
 * the hash of the inline bootstrap, added by SvelteKit; no 'unsafe-inline', no 'unsafe-eval'),
 * the sync and API calls (/db, /api), the service worker and the manifests. Images may also be
 * data: (signatures) and blob: (photos); frames 'self' and blob: (the receipt PDF printed
 * through an iframe). tests/e2e/security/csp.test.ts checks it; the e2e harness fails any test
 * that triggers a violation.
 * @type {NonNullable<import('@sveltejs/kit').KitConfig['csp']>['directives']}
 */
export const CSP_DIRECTIVES = {
  'default-src': ['self'],
  'script-src': ['self'],
  // Style attributes written in markup (app.html's `display: contents` wrapper, SvelteKit's
  // route announcer, Svelte's static `style="…"` in templates) need 'unsafe-inline'; browsers
  // that know style-src-elem still refuse inline <style> elements and foreign stylesheets.
  'style-src': ['self', 'unsafe-inline'],
  'style-src-elem': ['self'],
  'img-src': ['self', 'data:', 'blob:'],
  'connect-src': ['self'],
  'frame-src': ['self', 'blob:'],
  'worker-src': ['self'],
  'manifest-src': ['self'],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self'],
  'frame-ancestors': ['none']
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // SPA: every route is rendered in the browser from index.html (see STACK.md).
    adapter: adapter({ fallback: 'index.html' }),
    serviceWorker: { register: false },
    // Absolute asset paths: with relative paths an offline deep link would load /deep/_app/… and fail.
    paths: { relative: false },
    // Content-Security-Policy as a <meta> in index.html, with the sha256 of SvelteKit's inline
    // bootstrap script: the service worker serves that file offline, without the server's headers.
    // sync-server/src/web/static.ts sends the same policy as a header, plus frame-ancestors.
    csp: { mode: 'hash', directives: CSP_DIRECTIVES }
  },
  compilerOptions: { runes: true }
};

export default config;
