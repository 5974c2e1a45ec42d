import type { ServiceDoc } from '$lib/domain/reference';
import type { KioskLanguage } from './texts';

/**
 * A reason the visitor can pick: `reason` is what the check-in records (French, as the desk
 * reads it), `reasonEn` what an English-speaking visitor reads when the directory has it.
 */
export interface KioskReason {
  reason: string;
  reasonEn?: string;
  serviceId?: string;
}

/** The kiosk's big buttons: the first reason of each service of the building, at most eight. */
export function kioskReasons(services: (Pick<ServiceDoc, 'site' | 'name' | 'reasons' | 'reasonsEn'> & { id: string })[], site: string): KioskReason[] {
  return services
    .filter((s) => s.site === site)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .flatMap((s) => (s.reasons[0] ? [{ reason: s.reasons[0], reasonEn: s.reasonsEn?.[0], serviceId: s.id }] : []))
    .slice(0, 8);
}

/**
 * What the visitor reads, and in which language: a reason without its English label stays in
 * French, and says so (`lang="fr"`) so that a screen reader pronounces it as French.
 */
export function reasonLabel(r: KioskReason, lang: KioskLanguage): { text: string; lang: KioskLanguage } {
  return lang === 'en' && r.reasonEn ? { text: r.reasonEn, lang: 'en' } : { text: r.reason, lang: 'fr' };
}
