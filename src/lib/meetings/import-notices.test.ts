import { describe, expect, it } from 'vitest';
import { parseIcs } from '$lib/ics/parse';
import { noticeText } from './import-notices';

describe('noticeText', () => {
  it('an empty RRULE is told to the adviser in French, with the meeting and its date', () => {
    const text = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:cse', 'SUMMARY:CSE', 'DTSTART;TZID=Europe/Paris:20260105T100000', 'RRULE:', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const r = parseIcs(text, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') });
    if (!r.ok) throw new Error(r.error);
    expect(r.notices.map(noticeText)).toEqual([
      '« CSE » (lundi 5 janvier 2026 à 10:00) : la règle de répétition est vide dans le fichier ; seule cette date est importée. Corrigez la répétition dans l’agenda d’origine.'
    ]);
  });

  it('has a sentence for every kind', () => {
    for (const kind of ['rule-unreadable', 'rule-too-long'] as const) {
      expect(noticeText({ kind, uid: 'x', title: 'Conseil', start: '2026-07-01T08:00:00.000Z' })).toMatch(/^« Conseil » \(mercredi 1 juillet 2026 à 10:00\) : la répétition|^« Conseil » \(mercredi 1 juillet 2026 à 10:00\) : la règle/);
    }
  });
});
