import { describe, expect, it } from 'vitest';
import { formatPhone, parsePhone, phoneNumber } from './phone';

function ok(input: string) {
  const result = parsePhone(input);
  if (!result.ok) throw new Error(`${input}: ${result.reason}`);
  return result;
}

function reason(input: string): string {
  const result = parsePhone(input);
  if (result.ok) throw new Error(`${input} was accepted as ${result.e164}`);
  return result.reason;
}

describe('parsePhone: French numbers however they are typed', () => {
  it.each([
    '04 79 60 20 20',
    '0479602020',
    '04.79.60.20.20',
    '04-79-60-20-20',
    '(04) 79 60 20 20',
    '+33 4 79 60 20 20',
    '+33479602020',
    '+33 (0)4 79 60 20 20',
    '0033 4 79 60 20 20',
    '  04 79 60 20 20  ',
    '04\u00a079\u00a060\u00a020\u00a020'
  ])('« %s » is the Chambéry city hall landline', (input) => {
    expect(ok(input)).toEqual({
      ok: true,
      e164: '+33479602020',
      national: '04 79 60 20 20',
      international: '+33 4 79 60 20 20',
      kind: 'FIXED_LINE',
      special: false
    });
  });

  it('recognises mobiles (06 and 07)', () => {
    expect(ok('06 12 34 56 78')).toMatchObject({ e164: '+33612345678', kind: 'MOBILE' });
    expect(ok('07 81 23 45 67')).toMatchObject({ e164: '+33781234567', kind: 'MOBILE' });
  });

  it('recognises 0 800 free numbers, formatted the French way', () => {
    expect(ok('0 800 47 33 33')).toMatchObject({ e164: '+33800473333', national: '0 800 47 33 33', kind: 'TOLL_FREE' });
  });

  it('accepts 09 numbers (Enedis outage line)', () => {
    expect(ok('09 72 67 50 73')).toMatchObject({ e164: '+33972675073', national: '09 72 67 50 73', kind: 'VOIP' });
  });
});

describe('parsePhone: international numbers', () => {
  it.each([
    ['+41 22 123 45 67', '+41221234567', '+41 22 123 45 67'],
    ['+39 06 1234 5678', '+390612345678', '+39 06 1234 5678'],
    ['+44 20 7946 0958', '+442079460958', '+44 20 7946 0958'],
    ['0041 22 123 45 67', '+41221234567', '+41 22 123 45 67']
  ])('« %s » → %s', (input, e164, international) => {
    expect(ok(input)).toMatchObject({ e164, international, special: false });
  });
});

describe('parsePhone: special short numbers', () => {
  it.each([
    ['15', '15'],
    ['17', '17'],
    ['18', '18'],
    ['112', '112'],
    ['114', '114'],
    ['3939', '3939'],
    ['3237', '3237'],
    ['116 117', '116 117'],
    ['116117', '116 117']
  ])('« %s » is special, shown as « %s »', (input, dialled) => {
    expect(ok(input)).toEqual({
      ok: true,
      e164: dialled.replace(' ', ''),
      national: dialled,
      international: dialled,
      special: true
    });
  });

  it('does not take a prefixed short number for the short number', () => {
    expect(parsePhone('+15').ok).toBe(false);
  });
});

describe('parsePhone: refusals, in French', () => {
  it.each([
    ['', 'Saisissez un numéro de téléphone'],
    ['   ', 'Saisissez un numéro de téléphone'],
    ['0479', 'Ce numéro est trop court'],
    ['04 79 60', 'Ce numéro est trop court'],
    ['04 79 60 20 20 12 34', 'Ce numéro est trop long'],
    ['+33 6 12 34 56 78 9', 'Ce numéro est trop long'],
    ['04 79 AB 20 20', 'Ce numéro contient des lettres'],
    ['appeler Marie', 'Ce numéro contient des lettres'],
    ['04 79 60 20 20 poste 12', 'Ce numéro contient des lettres'],
    ['04#79*60', 'Ce numéro contient des caractères non autorisés'],
    ['04 79 +60 20 20', 'Ce numéro contient des caractères non autorisés'],
    ['+', 'Ce numéro est trop court'],
    ['07 12 34 56 78', "Ce numéro n'existe pas en France"],
    ['+33 0 79 60 20 20', "Ce numéro n'existe pas en France"],
    ['+41 00 000 00 00', "Ce numéro n'existe pas dans ce pays"],
    ['+999 123 456', "Cet indicatif de pays n'existe pas"]
  ])('« %s » → « %s »', (input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it('gives a machine code beside the French reason', () => {
    expect(parsePhone('0479')).toEqual({ ok: false, code: 'tooShort', reason: 'Ce numéro est trop court' });
  });
});

describe('formatPhone', () => {
  it('shows French numbers in national format', () => {
    expect(formatPhone('+33479602020')).toBe('04 79 60 20 20');
    expect(formatPhone('+33800473333')).toBe('0 800 47 33 33');
  });

  it('shows foreign numbers in international format', () => {
    expect(formatPhone('+41221234567')).toBe('+41 22 123 45 67');
  });

  it('shows special numbers as dialled', () => {
    expect(formatPhone('116117')).toBe('116 117');
    expect(formatPhone('15')).toBe('15');
  });

  it('shows an unparseable value unchanged rather than throwing', () => {
    expect(formatPhone('n/a')).toBe('n/a');
  });
});

describe('phoneNumber schema', () => {
  it('normalises any accepted input to E.164', () => {
    expect(phoneNumber.parse('04 79 60 20 20')).toBe('+33479602020');
    expect(phoneNumber.parse('0033 6 12 34 56 78')).toBe('+33612345678');
  });

  it('keeps special numbers as their digits', () => {
    expect(phoneNumber.parse('116 117')).toBe('116117');
  });

  it('is idempotent, so stored documents validate again', () => {
    const stored = phoneNumber.parse('+44 20 7946 0958');
    expect(phoneNumber.parse(stored)).toBe(stored);
  });

  it('reports the French reason as the issue message', () => {
    const result = phoneNumber.safeParse('0479');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Ce numéro est trop court']);
  });

  it('rejects a non-string', () => {
    expect(phoneNumber.safeParse(479602020).success).toBe(false);
  });
});
