import type { SiteCode } from '../../../src/lib/domain/common';
import type { EquipmentDoc, EquipmentKind, LoanDoc } from '../../../src/lib/domain/equipment';
import { parisDay, parisInstant } from './paris-time';

const item = (site: SiteCode, slug: string, kind: EquipmentKind, label: string, reference = ''): EquipmentDoc => ({
  _id: `equipment:${site}:${slug}`,
  type: 'equipment',
  v: 1,
  site,
  kind,
  label,
  reference
});

/** What each desk lends: laptops, a projector, visitor badges and room keys. */
export const DEMO_EQUIPMENT: EquipmentDoc[] = [
  item('curial', 'pc-portable-n-1', 'laptop', 'PC portable n° 1', 'INV-2023-0041'),
  item('curial', 'pc-portable-n-2', 'laptop', 'PC portable n° 2', 'INV-2023-0042'),
  item('curial', 'videoprojecteur-epson', 'projector', 'Vidéoprojecteur Epson', 'INV-2021-0107'),
  item('curial', 'badge-prestataire-1', 'badge', 'Badge prestataire 1'),
  item('curial', 'badge-prestataire-2', 'badge', 'Badge prestataire 2'),
  item('curial', 'cle-salle-du-forum', 'key', 'Clé salle du Forum'),
  item('curial', 'cle-local-archives', 'key', 'Clé local archives'),
  item('hdv', 'pc-portable-n-5', 'laptop', 'PC portable n° 5', 'INV-2024-0003'),
  item('hdv', 'pc-portable-n-6', 'laptop', 'PC portable n° 6', 'INV-2024-0004'),
  item('hdv', 'videoprojecteur-salle-des-commissions', 'projector', 'Vidéoprojecteur salle des commissions', 'INV-2022-0031'),
  item('hdv', 'badge-parking', 'badge', 'Badge parking'),
  item('hdv', 'cle-salle-du-conseil', 'key', 'Clé salle du conseil')
];

/**
 * Two loans relative to `now`: at Curial, a badge lent yesterday morning and due back at 17:00
 * yesterday (so the desk home shows it overdue); at the Hôtel de Ville, a laptop lent an hour
 * ago for a week.
 */
export function demoLoans(now = new Date()): LoanDoc[] {
  const yesterday = parisDay(new Date(now.getTime() - 86_400_000));
  const inAWeek = parisDay(new Date(now.getTime() + 7 * 86_400_000));
  return [
    {
      _id: 'loan:curial:0d3e7a52-5b1c-4c38-9f0e-6a2d1c000001',
      type: 'loan',
      v: 1,
      site: 'curial',
      equipmentId: 'equipment:curial:badge-prestataire-1',
      agent: 'Karim Benali',
      service: 'Bâtiments',
      lentAt: parisInstant(yesterday, '08:30'),
      dueAt: parisInstant(yesterday, '17:00'),
      lentBy: 'Accueil Curial'
    },
    {
      _id: 'loan:hdv:0d3e7a52-5b1c-4c38-9f0e-6a2d1c000002',
      type: 'loan',
      v: 1,
      site: 'hdv',
      equipmentId: 'equipment:hdv:pc-portable-n-5',
      agent: 'Claire Vidal',
      service: 'Direction des finances',
      lentAt: new Date(now.getTime() - 3600_000).toISOString(),
      dueAt: parisInstant(inAWeek, '17:00'),
      lentBy: 'Accueil Hôtel de Ville',
      note: 'Avec sa sacoche et son chargeur'
    }
  ];
}
