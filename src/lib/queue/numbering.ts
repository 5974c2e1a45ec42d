import { DESK_SERIES, KIOSK_SERIES } from '$lib/domain/ticket';

/**
 * The series letter a desk tablet issues its tickets in: the first desk letter no other
 * device of the building has used (as far as this tablet knows), chosen once and then kept
 * for good (stored on the device). A device is the only writer of its series, so its daily
 * sequence needs no server. Two tablets set up while cut off from each other (or at the same
 * moment) can pick the same letter: each moves to a free one as soon as it sees a ticket of the
 * other's in its series (repo.ts `deviceSeries`); numbers they issued before that may share an
 * id and meet as a replication conflict (merged, and visible), not as two silent duplicates.
 */
export function pickSeries(usedByOthers: Iterable<string>): string {
  const used = new Set(usedByOthers);
  return DESK_SERIES.find((l) => !used.has(l)) ?? (DESK_SERIES[0] as string);
}

/** The series letter of a ticket number (`A12` → `A`). */
export const seriesOf = (number: string): string => number.charAt(0);

/** The sequence of a ticket number (`A12` → 12). */
export const sequenceOf = (number: string): number => Number.parseInt(number.slice(1), 10);

/** The next number of `series`, given the numbers already issued today (any series). */
export function nextNumber(series: string, issuedToday: Iterable<string>): string {
  let max = 0;
  for (const n of issuedToday) if (seriesOf(n) === series) max = Math.max(max, sequenceOf(n));
  if (max >= 999) throw new Error(`series ${series} is full for today`);
  return `${series}${max + 1}`;
}

export { KIOSK_SERIES };
