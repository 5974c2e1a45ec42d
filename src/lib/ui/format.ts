/** "il y a 5 min", "il y a 2 h 05", for sync times and waiting times. */
export function durationFr(fromIso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 60_000));
  if (minutes < 1) return "moins d'une minute";
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  if (h < 48) return `${h} h ${String(minutes % 60).padStart(2, '0')}`;
  return `${Math.floor(h / 24)} jours`;
}

export const SITE_NAMES = { curial: 'Curial', hdv: 'Hôtel de Ville' } as const;

export const ROLE_NAMES = {
  desk: "Poste d'accueil",
  kiosk: 'Borne visiteurs',
  display: 'Écran du hall',
  coordinator: 'Coordination'
} as const;

export const VIGIPIRATE_NAMES = {
  vigilance: 'Vigilance',
  'risque-attentat': 'Sécurité renforcée – risque attentat',
  'urgence-attentat': 'Urgence attentat'
} as const;
