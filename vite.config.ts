import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

const ZOD_JITLESS = '(globalThis.__zod_globalConfig ??= {}).jitless = true;';

export default defineConfig({
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        // The desk app; the kiosk and the display are other apps (their own ids and manifests in static/).
        id: '/',
        name: 'Accueil — Ville de Chambéry',
        short_name: 'Accueil',
        description: "Accueil du public : visiteurs, standard, planning des salles et courrier.",
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#004a8f',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
        ]
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,woff2}'],
        clientsClaim: true,
        navigateFallback: '/',
        navigateFallbackDenylist: [/^\/db\//, /^\/api\//]
      },
      kit: { adapterFallback: 'index.html', spa: { fallbackMapping: '/' } }
    })
  ],
  build: {
    rollupOptions: {
      output: {
        // zod probes `new Function('')` to choose its JIT; under the app's CSP (no 'unsafe-eval')
        // the probe fails anyway but reports a violation. zod reads this global before its first
        // schema is built; every chunk sets it first so no load order can miss it.
        intro: ZOD_JITLESS
      }
    }
  },
  // The first sync's indexer (src/lib/db/indexer.worker.ts) is bundled on its own: same rule.
  worker: { format: 'es', rollupOptions: { output: { intro: ZOD_JITLESS } } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'jsdom',
    setupFiles: ['src/test-setup.ts'],
    // Vitest's 5 s default failed sync tests at a load average of 10 on this 2-core machine; a
    // test that passes still ends as soon as its conditions hold.
    testTimeout: 30_000
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined
});
