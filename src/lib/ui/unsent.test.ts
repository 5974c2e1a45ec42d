import { describe, expect, it } from 'vitest';
import { unsentText } from './unsent';

describe('unsentText', () => {
  it('unsent changes are not called « en attente », the queue’s word for people waiting', () => {
    for (const n of [0, 1, 3]) expect(unsentText(n)).not.toMatch(/attente/);
  });

  it('says so when everything is sent, and agrees in number otherwise', () => {
    expect(unsentText(0)).toBe('Tout est envoyé');
    expect(unsentText(1)).toBe('1 modification à envoyer');
    expect(unsentText(3)).toBe('3 modifications à envoyer');
  });
});
