/**
 * Phone numbers typed by advisers while on a call (callback slips, directory entries).
 *
 * Uses the "max" metadata of libphonenumber-js: the "min" set only checks lengths, so it
 * would accept 07 12 34 56 78 (an unassigned French range) and could not tell a mobile from
 * a landline. A callback number that cannot be called back is worse than ~100 KB more in a
 * bundle that is cached once by the service worker.
 */
import {
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type NumberType,
  type ValidatePhoneNumberLengthResult
} from 'libphonenumber-js/max';
import { z } from 'zod';

/** libphonenumber's number type (MOBILE, FIXED_LINE, TOLL_FREE, VOIP, PREMIUM_RATE…). */
export type PhoneKind = Exclude<NumberType, undefined>;

export type PhoneErrorCode =
  | 'empty'
  | 'letters'
  | 'invalidCharacters'
  | 'tooShort'
  | 'tooLong'
  | 'invalidLength'
  | 'unknownCountryCode'
  | 'notInFrance'
  | 'notInCountry';

export type PhoneParseResult =
  | {
      ok: true;
      /** E.164 (+33479602020), or the dialled digits of a special number (15, 116117). */
      e164: string;
      national: string;
      international: string;
      kind?: PhoneKind;
      /** Short emergency or service number: only dialled from France, no E.164 form. */
      special: boolean;
    }
  | { ok: false; code: PhoneErrorCode; reason: string };

const REASONS: Record<PhoneErrorCode, string> = {
  empty: 'Saisissez un numéro de téléphone',
  letters: 'Ce numéro contient des lettres',
  invalidCharacters: 'Ce numéro contient des caractères non autorisés',
  tooShort: 'Ce numéro est trop court',
  tooLong: 'Ce numéro est trop long',
  invalidLength: "Ce numéro n'a pas le bon nombre de chiffres",
  unknownCountryCode: "Cet indicatif de pays n'existe pas",
  notInFrance: "Ce numéro n'existe pas en France",
  notInCountry: "Ce numéro n'existe pas dans ce pays"
};

/**
 * Short numbers from the switchboard brief, keyed by their digits, valued as dialled.
 * libphonenumber-js does not port Google's short-number metadata, hence this list.
 */
const SPECIAL_NUMBERS: ReadonlyMap<string, string> = new Map(
  [
    '15', '17', '18', '112', '114', '115', '119', '191', '196',
    '3114', '3237', '3919', '3939', '116 000', '116 117'
  ].map((dialled) => [dialled.replace(/ /g, ''), dialled])
);

// Separators people type or paste from web pages and e-mail signatures.
const SEPARATORS = /[\s.\-/()\u00a0\u202f]/g;
const ALLOWED = /^\+?\d*$/;

function failure(code: PhoneErrorCode): PhoneParseResult {
  return { ok: false, code, reason: REASONS[code] };
}

const LENGTH_ERRORS: Record<ValidatePhoneNumberLengthResult, PhoneErrorCode> = {
  TOO_SHORT: 'tooShort',
  TOO_LONG: 'tooLong',
  INVALID_LENGTH: 'invalidLength',
  INVALID_COUNTRY: 'unknownCountryCode',
  NOT_A_NUMBER: 'tooShort'
};

/**
 * Parses a number typed in any usual French or international way (default country France).
 * Never throws: the result says why a number is refused, in French, for the form.
 */
export function parsePhone(input: string): PhoneParseResult {
  const trimmed = input.trim();
  if (trimmed === '') return failure('empty');
  if (/\p{L}/u.test(trimmed)) return failure('letters');
  // « +33 (0)4 79… » from e-mail signatures: the bracketed 0 is not dialled after +33.
  const compact = trimmed.replace(/\(0\)/g, '').replace(SEPARATORS, '');
  if (!ALLOWED.test(compact)) return failure('invalidCharacters');
  if (compact === '' || compact === '+') return failure('tooShort');

  const special = SPECIAL_NUMBERS.get(compact);
  if (special !== undefined) {
    return { ok: true, e164: compact, national: special, international: special, special: true };
  }

  // Length first: it gives the precise reason (too short, too long) that isValid() hides.
  const length = validatePhoneNumberLength(compact, 'FR');
  if (length !== undefined) return failure(LENGTH_ERRORS[length]);
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(compact, 'FR');
  } catch (error) {
    if (error instanceof ParseError) return failure(error.message === 'INVALID_COUNTRY' ? 'unknownCountryCode' : 'tooShort');
    throw error;
  }
  if (!parsed.isValid()) return failure(parsed.countryCallingCode === '33' ? 'notInFrance' : 'notInCountry');
  return {
    ok: true,
    e164: parsed.number,
    national: parsed.formatNational(),
    international: parsed.formatInternational(),
    kind: parsed.getType(),
    special: false
  };
}

/**
 * Display form of a stored number: French national format for +33 (what advisers dial),
 * international otherwise, dialled form for special numbers. Unparseable input is shown as is.
 */
export function formatPhone(e164: string): string {
  const result = parsePhone(e164);
  if (!result.ok) return e164;
  return result.e164.startsWith('+33') ? result.national : result.international;
}

/**
 * Form and document field: any accepted input becomes its E.164 form (or the digits of a
 * special number), so stored values compare equal however they were typed. Idempotent.
 */
export const phoneNumber = z.string().transform((input, ctx) => {
  const result = parsePhone(input);
  if (result.ok) return result.e164;
  ctx.addIssue({ code: 'custom', message: result.reason });
  return z.NEVER;
});
