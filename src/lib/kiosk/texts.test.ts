import { describe, expect, it } from 'vitest';
import { KIOSK_TEXTS } from './texts';

describe('KIOSK_TEXTS', () => {
  it('has an English text for every French key, and no English key without its French one', () => {
    expect(Object.keys(KIOSK_TEXTS.en).sort()).toEqual(Object.keys(KIOSK_TEXTS.fr).sort());
  });

  it('leaves no English text blank or still in French (the English kiosk showed French strings)', () => {
    const keepSame = new Set(['otherLang', 'other']);
    for (const [key, fr] of Object.entries(KIOSK_TEXTS.fr)) {
      const en = KIOSK_TEXTS.en[key as keyof typeof KIOSK_TEXTS.en];
      expect(en.trim(), key).not.toBe('');
      if (!keepSame.has(key)) expect(en, key).not.toBe(fr);
    }
  });

  it('keeps the {s} placeholder of the idle warning in both languages', () => {
    expect(KIOSK_TEXTS.fr.idleBody).toContain('{s}');
    expect(KIOSK_TEXTS.en.idleBody).toContain('{s}');
  });
});
