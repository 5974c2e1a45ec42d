import { TIME_ZONE, parisDay } from '../../../src/lib/domain/dates';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit'
});

/** Minutes since the epoch of the Paris wall clock showing at `ms`, as if it were UTC. */
function parisWallMinutes(ms: number): number {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)) / 60_000;
}

/**
 * The instant (ISO, Z) at which Paris clocks show `hhmm` on `day` ("YYYY-MM-DD"). The offset
 * (+1 or +2) is read from the time zone database, so it is right on both sides of a DST change.
 */
export function parisInstant(day: string, hhmm: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, h, min) / 60_000;
  let guess = wanted;
  // Two rounds: the first lands on the right offset, the second confirms it.
  for (let i = 0; i < 2; i++) guess += wanted - parisWallMinutes(guess * 60_000);
  return new Date(guess * 60_000).toISOString();
}

export { parisDay };
