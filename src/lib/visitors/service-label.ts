import { RECEPTION_SERVICE } from '$lib/domain/visit';

/**
 * The name a desk shows for a service id, never the id itself: the reception service (a kiosk
 * arrival who chose no service, a free-text request) and the queue's general category are not in
 * the directory, and a service may be missing until the directory has synced.
 */
export function serviceLabel(names: Readonly<Record<string, string>>, id: string): string {
  const name = names[id];
  if (name) return name;
  if (id === RECEPTION_SERVICE || id === 'general') return 'Accueil général';
  return 'Service non répertorié';
}
