/**
 * Kiosk and display devices install as fullscreen apps: point the page at the role's own
 * manifest (display: fullscreen) and, where the browser allows it, go fullscreen on the first
 * touch (browsers only grant fullscreen after a user gesture).
 */
export function useFullscreenManifest(slug: 'borne' | 'affichage'): () => void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  const previous = link?.getAttribute('href') ?? null;
  link?.setAttribute('href', `/manifest-${slug}.webmanifest`);
  const goFullscreen = () => {
    if (!document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  addEventListener('pointerdown', goFullscreen, { once: true });
  return () => {
    removeEventListener('pointerdown', goFullscreen);
    if (link && previous) link.setAttribute('href', previous);
  };
}
