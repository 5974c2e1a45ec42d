/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/svelte" />
/// <reference types="@sveltejs/kit" />

declare global {
  namespace App {}
}

export {};
