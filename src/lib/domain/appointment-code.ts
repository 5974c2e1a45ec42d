import { parisWallClock } from './zoned';

/*
 * Confirmation codes carry the day and time of their appointment. The kiosk must tell a visitor
 * who comes on the wrong day, offline too, yet it may never read appointments (they name people):
 * so the code itself says when. A seat's start never changes (it is in the seat's id), so
 * neither does its code's meaning. Seven characters of 32 give 35 bits: the Paris day modulo
 * 1024 and the minute of the day, times CODE_SPREAD random values, so two codes meet only for
 * two seats of one building starting at the same minute of the same day (1 in 23,301).
 * Six-character codes were issued before codes were dated: they carry no date and stay valid.
 */

// Without 0/O, 1/I: read aloud on the phone.
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const DATED_CODE_LENGTH = 7;
const DAY_CYCLE = 1024;
const MINUTES = 1440;
const MOMENTS = DAY_CYCLE * MINUTES;
export const CODE_SPREAD = Math.floor(32 ** DATED_CODE_LENGTH / MOMENTS);

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
const dayOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** A dated confirmation code for an appointment starting at `start` (an ISO instant). */
export function datedCode(start: string, random: () => number = secureRandom): string {
  const { day, time } = parisWallClock(Date.parse(start));
  const [h, m] = time.split(':').map(Number) as [number, number];
  const moment = (((dayNumber(day) % DAY_CYCLE) + DAY_CYCLE) % DAY_CYCLE) * MINUTES + h * 60 + m;
  let value = moment * CODE_SPREAD + Math.floor(random() * CODE_SPREAD);
  let code = '';
  for (let i = 0; i < DATED_CODE_LENGTH; i++) {
    code = CODE_ALPHABET[value % 32] + code;
    value = Math.floor(value / 32);
  }
  return code;
}

export type CodeMoment = { day: string; time: string } | 'undated' | 'invalid';

/**
 * When a code's appointment is, in Paris wall-clock time, read as the day nearest `today`
 * (within about 17 months either way, beyond any booking horizon). A six-character code is
 * `undated`; a seven-character one no booking could have made (a typo) is `invalid`.
 */
export function codeMoment(code: string, today: string): CodeMoment {
  if (code.length !== DATED_CODE_LENGTH) return 'undated';
  let value = 0;
  for (const ch of code) {
    const digit = CODE_ALPHABET.indexOf(ch);
    if (digit < 0) return 'invalid';
    value = value * 32 + digit;
  }
  const moment = Math.floor(value / CODE_SPREAD);
  if (moment >= MOMENTS) return 'invalid';
  const cycleDay = Math.floor(moment / MINUTES);
  const minute = moment % MINUTES;
  const t = dayNumber(today);
  const ahead = (((cycleDay - t) % DAY_CYCLE) + DAY_CYCLE + DAY_CYCLE / 2) % DAY_CYCLE - DAY_CYCLE / 2;
  const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return { day: dayOf(t + ahead), time };
}

function secureRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}
