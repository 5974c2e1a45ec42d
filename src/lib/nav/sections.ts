import type { DeviceRole } from '$lib/domain/common';
import type { CountId } from './counts';

/**
 * The desk's navigation, as data. A later issue adds its section here (one entry) and the
 * header keeps its one row: sections sit in a fixed handful of groups, each a menu, so a new
 * section lengthens a menu, never the header. Only evacuation is pinned to the header row:
 * in an emergency it must be one tap away from every page.
 */

export const GROUPS = [
  { id: 'public', label: 'Public' },
  { id: 'phone', label: 'Standard' },
  { id: 'mail', label: 'Courrier' },
  { id: 'premises', label: 'Locaux' },
  { id: 'team', label: 'Équipe' }
] as const;

export type GroupId = (typeof GROUPS)[number]['id'];

export interface Section {
  id: string;
  label: string;
  href: string;
  /** null: pinned to the header row itself (evacuation). */
  group: GroupId | null;
  /** The device roles that see it; every desk role when absent. */
  roles?: readonly DeviceRole[];
  /** What needs attention in it, counted from the read model and shown as a badge. */
  count?: CountId;
}

export const SECTIONS: readonly Section[] = [
  { id: 'visitors', label: 'Visiteurs', href: '/', group: 'public', count: 'expected' },
  { id: 'queue', label: 'File d’attente', href: '/file', group: 'public', count: 'kiosk' },
  { id: 'appointments', label: 'Rendez-vous', href: '/rendez-vous', group: 'public' },
  { id: 'receipts', label: 'Récépissés', href: '/recepisses', group: 'public' },
  { id: 'meetings', label: 'Réunions', href: '/reunions', group: 'premises' },
  { id: 'rooms', label: 'Salles', href: '/salles', group: 'premises' },
  { id: 'equipment', label: 'Matériel', href: '/materiel', group: 'premises', count: 'overdue' },
  { id: 'device', label: 'Appareil', href: '/appareil', group: 'team' },
  { id: 'coordination', label: 'Coordination', href: '/coordination', group: 'team', roles: ['coordinator'] },
  { id: 'evacuation', label: 'Évacuation', href: '/evacuation', group: null }
];

export interface NavGroup {
  id: GroupId;
  label: string;
  sections: Section[];
}

/** The groups a role sees, in order, each with its sections; a group with none is left out. */
export function groupsFor(role: DeviceRole | null, sections: readonly Section[] = SECTIONS): NavGroup[] {
  const seen = sections.filter((s) => !s.roles || (role !== null && s.roles.includes(role)));
  return GROUPS.map((g) => ({ id: g.id, label: g.label, sections: seen.filter((s) => s.group === g.id) })).filter((g) => g.sections.length > 0);
}

/** The sections pinned to the header row. */
export function pinnedSections(sections: readonly Section[] = SECTIONS): Section[] {
  return sections.filter((s) => s.group === null);
}

/** Whether `pathname` is in the section: its page or a page under it (/recepisses/listes). */
export function inSection(section: Section, pathname: string): boolean {
  if (section.href === '/') return pathname === '/';
  return pathname === section.href || pathname.startsWith(`${section.href}/`);
}
