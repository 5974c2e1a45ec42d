import { describe, expect, it } from 'vitest';
import { exceptionalHours } from './schema';

const closure = { from: '2025-12-29', to: '2026-01-04', reason: 'Inventaire annuel', closed: true };
const changed = { from: '2026-12-24', to: '2026-12-24', reason: "Fêtes de fin d'année", ranges: [{ open: '08:30', close: '16:00' }] };

const messages = (value: unknown) => exceptionalHours.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('exceptionalHours', () => {
  it('accepts a closure over several days and changed hours on one day, with a break', () => {
    expect(exceptionalHours.safeParse(closure).success).toBe(true);
    expect(exceptionalHours.safeParse(changed).success).toBe(true);
    const withBreak = { ...changed, ranges: [{ open: '08:30', close: '17:00', breakStart: '12:00', breakEnd: '13:00' }] };
    expect(exceptionalHours.safeParse(withBreak).success).toBe(true);
  });

  it('trims the reason', () => {
    expect(exceptionalHours.parse({ ...closure, reason: '  Inventaire  ' }).reason).toBe('Inventaire');
  });

  it.each([
    [{ ...closure, to: '2025-12-28' }, 'la fin doit être le même jour que le début ou après'],
    [{ ...closure, reason: '   ' }, 'le motif est obligatoire'],
    [{ from: closure.from, to: closure.to, closed: true }, 'le motif est obligatoire'],
    [{ ...closure, reason: 'x'.repeat(201) }, 'le motif fait au plus 200 caractères'],
    [{ ...closure, ranges: changed.ranges }, 'indiquer soit une fermeture, soit des horaires, pas les deux'],
    [{ from: closure.from, to: closure.to, reason: 'Grève' }, 'indiquer soit une fermeture, soit des horaires, pas les deux'],
    [{ ...changed, ranges: [] }, 'au moins une plage horaire'],
    [{ ...changed, ranges: [{ open: '16:00', close: '08:30' }] }, "l'ouverture doit précéder la fermeture"],
    [{ ...changed, ranges: [{ open: '08:30', close: '16:00', breakStart: '12:00' }] }, 'la pause doit avoir un début et une fin'],
    [
      { ...changed, ranges: [{ open: '08:30', close: '16:00', breakStart: '15:00', breakEnd: '17:00' }] },
      'la pause doit commencer après l’ouverture et finir avant la fermeture'
    ],
    [{ ...closure, from: '2026-02-30' }, 'jour au format AAAA-MM-JJ, une date qui existe'],
    [{ ...changed, ranges: [{ open: '8:30', close: '16:00' }] }, 'heure au format HH:MM']
  ] as [Record<string, unknown>, string][])('rejects %j in French: %s', (value, message) => {
    expect(messages(value)).toContain(message);
  });

  it('rejects closed: false (a day with hours says so with ranges)', () => {
    expect(exceptionalHours.safeParse({ ...closure, closed: false }).success).toBe(false);
  });
});
