// Kept free of server imports: tests and benchmarks of the app read it without pulling the
// server's Node-only types into the app's TypeScript program.
import type { DeviceRole, SiteCode } from '../../../src/lib/domain/common';

/** Demo device accounts, with fixed passwords so a demo can be run from a printed sheet. */
export const DEMO_DEVICES: { name: string; password: string; role: DeviceRole; site: SiteCode; label: string }[] = [
  { name: 'desk-curial', password: 'demo-desk-curial', role: 'desk', site: 'curial', label: 'Accueil Curial' },
  { name: 'desk-hdv', password: 'demo-desk-hdv', role: 'desk', site: 'hdv', label: 'Accueil Hôtel de Ville' },
  { name: 'kiosk-curial', password: 'demo-kiosk-curial', role: 'kiosk', site: 'curial', label: 'Borne Curial' },
  { name: 'display-curial', password: 'demo-display-curial', role: 'display', site: 'curial', label: 'Écran hall Curial' },
  { name: 'display-hdv', password: 'demo-display-hdv', role: 'display', site: 'hdv', label: 'Écran hall Hôtel de Ville' },
  { name: 'coordinator', password: 'demo-coordinator', role: 'coordinator', site: 'curial', label: 'Coordination' }
];
