import type { SiteDoc } from '$lib/domain/reference';

/**
 * Today's closing time ("HH:MM") of a building from its opening hours, or null when it does not
 * open that day. `weekday` is 1 = Monday … 7 = Sunday, in Paris.
 */
export function closingTime(site: Pick<SiteDoc, 'openingHours'> | undefined, weekday: number): string | null {
  const ranges = site?.openingHours.filter((r) => r.weekday === weekday) ?? [];
  return ranges.map((r) => r.close).sort().at(-1) ?? null;
}

/** The Paris weekday (1–7) and wall-clock time "HH:MM" of an instant. */
export function parisClock(now: Date): { weekday: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, time: `${get('hour')}:${get('minute')}` };
}
