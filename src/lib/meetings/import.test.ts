import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIcs } from '$lib/ics/parse';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { applyImport, matchRoom, planImport } from './import';

const ROOMS = [
  { id: 'room:hdv:salle-du-conseil', name: 'Salle du conseil', site: 'hdv' as const },
  { id: 'room:hdv:salle-des-commissions', name: 'Salle des commissions', site: 'hdv' as const }
];

/** A Zimbra-style export: a weekly series with one moved occurrence, and a one-off elsewhere. */
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:Zimbra-Calendar-Provider',
  'X-WR-CALNAME:Salles HdV',
  'BEGIN:VEVENT',
  'UID:serie-1@zimbra',
  'SUMMARY:Commission des finances',
  'LOCATION:Hôtel de Ville - salle des Commissions',
  'ORGANIZER;CN=Direction des finances:mailto:finances@chambery.fr',
  'DTSTART;TZID=Europe/Paris:20261130T143000',
  'DTEND;TZID=Europe/Paris:20261130T160000',
  'RRULE:FREQ=WEEKLY;COUNT=3',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:serie-1@zimbra',
  'RECURRENCE-ID;TZID=Europe/Paris:20261207T143000',
  'SUMMARY:Commission des finances (déplacée)',
  'LOCATION:Salle du conseil',
  'DTSTART;TZID=Europe/Paris:20261208T090000',
  'DTEND;TZID=Europe/Paris:20261208T100000',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:prive@zimbra',
  'CLASS:PRIVATE',
  'SUMMARY:Entretien individuel M. Dupont',
  'LOCATION:Salle du conseil',
  'DTSTART:20261202T080000Z',
  'DTEND:20261202T090000Z',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:visite@zimbra',
  'SUMMARY:Visite de chantier',
  'LOCATION:Sur place',
  'DTSTART:20261201T080000Z',
  'DTEND:20261201T090000Z',
  'END:VEVENT',
  'END:VCALENDAR',
  ''
].join('\r\n');
const WINDOW = { from: new Date('2026-11-29T00:00:00.000Z'), to: new Date('2027-01-01T00:00:00.000Z') };
const NOW = new Date('2026-11-29T09:00:00.000Z');

describe('importing an .ics file at the desk', () => {
  let d: TestDevice;
  beforeEach(() => {
    d = memoryDevice('import');
  });
  afterEach(async () => {
    await d.close();
  });

  it('finds the room a LOCATION names, accents and case aside', () => {
    expect(matchRoom('Hôtel de Ville - SALLE DES COMMISSIONS', ROOMS)?.id).toBe('room:hdv:salle-des-commissions');
    expect(matchRoom('Sur place', ROOMS)).toBeUndefined();
    // Typographic apostrophe in Zimbra, ASCII in the room's name; whole words only.
    const salon = { id: 'room:hdv:salon-d-honneur', name: "Salon d'honneur", site: 'hdv' as const };
    expect(matchRoom('Hôtel de Ville – Salon d’honneur', [salon])?.id).toBe(salon.id);
    expect(matchRoom('Salle du conseiller', ROOMS)).toBeUndefined();
    expect(matchRoom('', ROOMS)).toBeUndefined();
  });

  it('plans one meeting per occurrence in its room, and leaves out what names no room unless a default is chosen', () => {
    const parsed = parseIcs(ICS, WINDOW);
    if (!parsed.ok) throw new Error(parsed.error);
    const plan = planImport(parsed, ROOMS, null, NOW, 'Anne Roux');
    expect(plan.calendarName).toBe('Salles HdV');
    expect(plan.unmatched).toBe(1);
    expect(plan.perRoom).toEqual({ 'room:hdv:salle-des-commissions': 2, 'room:hdv:salle-du-conseil': 2 });
    // CLASS:PRIVATE: only that the room is taken.
    expect(plan.docs.find((m) => m.icsUid === 'prive@zimbra')).toMatchObject({ title: 'Réunion privée', organiser: '' });
    expect(JSON.stringify(plan.docs)).not.toMatch(/Dupont/);
    const moved = plan.docs.find((m) => m.title.includes('déplacée'));
    // 8 December 09:00 in Paris (UTC+1), in the room the override names.
    expect(moved).toMatchObject({ start: '2026-12-08T08:00:00.000Z', roomId: 'room:hdv:salle-du-conseil', source: 'ics', updatedBy: 'Anne Roux' });
    expect(plan.docs.every((m) => m._id.startsWith('meeting:hdv:ics:'))).toBe(true);
    expect(planImport(parsed, ROOMS, 'room:hdv:salle-du-conseil', NOW).docs).toHaveLength(5);
  });

  it('writes the plan durably, and importing the same file again changes nothing', async () => {
    const parsed = parseIcs(ICS, WINDOW);
    if (!parsed.ok) throw new Error(parsed.error);
    const plan = planImport(parsed, ROOMS, 'room:hdv:salle-du-conseil', NOW);
    const progress: number[] = [];
    expect(await applyImport(d.store, plan.docs, (done) => progress.push(done), 3)).toEqual({ created: 5, updated: 0, unchanged: 0, refused: 0 });
    expect(progress).toEqual([3, 5]);
    expect(await d.rm.pending.where('db').equals('planning').count()).toBe(5);
    const again = planImport(parsed, ROOMS, 'room:hdv:salle-du-conseil', new Date('2026-11-30T09:00:00.000Z'));
    expect(await applyImport(d.store, again.docs, () => undefined)).toEqual({ created: 0, updated: 0, unchanged: 5, refused: 0 });
    const renamed = { ...again.docs[0]!, title: 'Renommée' };
    expect(await applyImport(d.store, [renamed], () => undefined)).toMatchObject({ updated: 1 });
    expect(await d.store.get('planning', renamed._id)).toMatchObject({ title: 'Renommée' });
  });
});
