import { parisDay } from '../../../src/lib/domain/dates';
import { parisInstant as parisWallClockInstant } from '../../../src/lib/domain/zoned';

/**
 * The instant (ISO, Z) at which Paris clocks show `hhmm` on `day` ("YYYY-MM-DD"), for demo
 * data. The app's own conversion, as a string; demo times never fall in the hour skipped in March.
 */
export function parisInstant(day: string, hhmm: string): string {
  const at = parisWallClockInstant(day, hhmm);
  if (!at) throw new Error(`${day} ${hhmm} does not exist in Paris (clocks go forward)`);
  return at.toISOString();
}

export { parisDay };
