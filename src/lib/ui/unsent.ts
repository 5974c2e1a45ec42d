/**
 * The words for changes not yet sent to the server. Never « en attente »: beside the queue,
 * that reads as people waiting.
 */
export function unsentText(n: number): string {
  if (n === 0) return 'Tout est envoyé';
  return `${n} modification${n > 1 ? 's' : ''} à envoyer`;
}
