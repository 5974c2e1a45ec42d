import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // SPA: every route is rendered in the browser from index.html (see STACK.md).
    adapter: adapter({ fallback: 'index.html' }),
    serviceWorker: { register: false },
    // Absolute asset paths: with relative paths an offline deep link would load /deep/_app/… and fail.
    paths: { relative: false }
  },
  compilerOptions: { runes: true }
};

export default config;
