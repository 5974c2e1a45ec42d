import type { ReadModel } from '$lib/db/read-model';
import type { SiteCode } from '$lib/domain/common';
import { parisDay } from '$lib/domain/dates';

/**
 * Receipt numbers are given by the tablet itself, offline, as
 * `<site letter>-<YYYY>-<device code>-<sequence>` (e.g. `C-2026-K7QX-0042`):
 *
 * - the device code is four characters drawn at random once per device and kept in the
 *   device-local `syncState` table (never replicated): two tablets hold different codes, so
 *   they never hand out the same number, with no server and no coordination;
 * - the sequence is a per-device, per-year counter in the same table, incremented in a Dexie
 *   read-write transaction (two tabs of one tablet cannot take the same value);
 * - the receipt's `_id` embeds the number, so a clash (a code drawn twice, a counter lost)
 *   cannot overwrite anything: locally `put` fails and the next number is taken; across
 *   tablets it would show as a replication conflict, never as a silent duplicate.
 *
 * A forgotten device draws a new code, so its fresh counter cannot replay old numbers; if the
 * counter alone were lost, the receipts already in the read model raise it back. A number
 * taken by a write that then fails leaves a gap, which a receipt register tolerates.
 */
export const SITE_LETTERS: Record<SiteCode, 'C' | 'H'> = { curial: 'C', hdv: 'H' };

/** No 0/O, 1/I: a code read aloud or over the phone is not misread. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_KEY = 'receipts.deviceCode';
const seqKey = (year: string) => `receipts.seq.${year}`;

/** Four random characters of the alphabet. */
export function randomDeviceCode(random: () => number = Math.random): string {
  let code = '';
  for (let i = 0; i < 4; i++) code += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return code;
}

/** The printed form of a receipt number. */
export function formatReceiptNumber(site: SiteCode, year: string, deviceCode: string, seq: number): string {
  return `${SITE_LETTERS[site]}-${year}-${deviceCode}-${String(seq).padStart(4, '0')}`;
}

/** The sequence part of a number made by this device in this year, or 0. */
function seqOf(number: string, year: string, code: string): number {
  const [, y, c, seq] = number.split('-');
  return y === year && c === code ? Number(seq) : 0;
}

/**
 * Takes the next receipt number of this device (durably: the counter is committed before
 * the number is returned). `now` fixes the year, in Paris time.
 */
export async function nextReceiptNumber(rm: ReadModel, site: SiteCode, now = new Date(), drawCode = randomDeviceCode): Promise<string> {
  const year = parisDay(now).slice(0, 4);
  return rm.transaction('rw', rm.syncState, rm.receipts, async () => {
    let code = (await rm.syncState.get(CODE_KEY))?.value;
    if (!code) {
      code = drawCode();
      await rm.syncState.put({ key: CODE_KEY, value: code });
    }
    const stored = Number((await rm.syncState.get(seqKey(year)))?.value ?? 0);
    let highest = stored;
    for (const letter of Object.values(SITE_LETTERS)) {
      const rows = await rm.receipts.where('number').startsWith(`${letter}-${year}-${code}-`).toArray();
      for (const r of rows) highest = Math.max(highest, seqOf(r.number, year, code));
    }
    const seq = highest + 1;
    await rm.syncState.put({ key: seqKey(year), value: String(seq) });
    return formatReceiptNumber(site, year, code, seq);
  });
}
