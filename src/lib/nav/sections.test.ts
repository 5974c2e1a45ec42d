import { describe, expect, it } from 'vitest';
import { GROUPS, SECTIONS, groupsFor, inSection, pinnedSections, type Section } from './sections';
import { countText } from './counts';

const byId = (id: string) => SECTIONS.find((s) => s.id === id)!;

describe('sections', () => {
  it('evacuation is pinned to the header row, outside every menu (one tap, for safety)', () => {
    expect(pinnedSections().map((s) => s.id)).toEqual(['evacuation']);
    expect(groupsFor('coordinator').flatMap((g) => g.sections).map((s) => s.id)).not.toContain('evacuation');
  });

  it('coordination is listed for the coordinator only', () => {
    const ids = (role: Parameters<typeof groupsFor>[0]) => groupsFor(role).flatMap((g) => g.sections.map((s) => s.id));
    expect(ids('coordinator')).toContain('coordination');
    expect(ids('desk')).not.toContain('coordination');
    expect(ids(null)).not.toContain('coordination');
  });

  it('a group without sections yet is left out, and a section added later lands in its group', () => {
    expect(groupsFor('desk').map((g) => g.id)).toEqual(['public', 'premises', 'team']);
    const later: Section[] = [...SECTIONS, { id: 'switchboard', label: 'Standard', href: '/standard', group: 'phone' }];
    expect(groupsFor('desk', later).map((g) => g.id)).toEqual(['public', 'phone', 'premises', 'team']);
    expect(GROUPS.length).toBeLessThanOrEqual(5);
  });

  it('the receipts section stays current on its checklists page, and / only on the home page', () => {
    expect(inSection(byId('receipts'), '/recepisses/listes')).toBe(true);
    expect(inSection(byId('receipts'), '/recepisses-autre')).toBe(false);
    expect(inSection(byId('visitors'), '/')).toBe(true);
    expect(inSection(byId('visitors'), '/file')).toBe(false);
  });

  it('hrefs are unique', () => {
    expect(new Set(SECTIONS.map((s) => s.href)).size).toBe(SECTIONS.length);
  });
});

describe('countText', () => {
  it('names what waits, in French, in number', () => {
    expect(countText('kiosk', 2)).toBe('2 arrivées à la borne en attente');
    expect(countText('kiosk', 1)).toBe('1 arrivée à la borne en attente');
    expect(countText('overdue', 1)).toBe('1 prêt en retard');
    expect(countText('expected', 3)).toBe('3 visiteurs attendus de l’autre bâtiment');
  });
});
