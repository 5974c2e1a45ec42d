/** A past call: when the ticket was issued and when it was called. */
export interface WaitSample {
  issuedAt: string;
  calledAt: string;
}

/** How far back calls count for the estimate, and how many at most. */
export const ESTIMATE_WINDOW_MS = 2 * 3600_000;
export const ESTIMATE_SAMPLES = 10;

/**
 * The estimated wait in minutes for a new ticket: the median wait of the last calls of the
 * last two hours (a median, so one visitor who waited an hour does not scare everyone), or
 * null when there is nothing recent to go by. Rounded up to 5 minutes: it is a promise.
 */
export function estimateWaitMinutes(samples: WaitSample[], now: Date): number | null {
  const since = now.getTime() - ESTIMATE_WINDOW_MS;
  const waits = samples
    .filter((s) => Date.parse(s.calledAt) >= since && Date.parse(s.calledAt) <= now.getTime())
    .sort((a, b) => Date.parse(b.calledAt) - Date.parse(a.calledAt))
    .slice(0, ESTIMATE_SAMPLES)
    .map((s) => Math.max(0, Date.parse(s.calledAt) - Date.parse(s.issuedAt)) / 60_000)
    .sort((a, b) => a - b);
  if (waits.length === 0) return null;
  const mid = Math.floor(waits.length / 2);
  const median = waits.length % 2 ? (waits[mid] as number) : ((waits[mid - 1] as number) + (waits[mid] as number)) / 2;
  return Math.max(5, Math.ceil(median / 5) * 5);
}

/** The estimate in French for the kiosk and the desk. */
export function estimateFr(minutes: number | null): string {
  if (minutes === null) return 'Temps d’attente estimé : peu d’attente';
  if (minutes < 60) return `Temps d’attente estimé : environ ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `Temps d’attente estimé : environ ${h} h${m ? ` ${String(m).padStart(2, '0')}` : ''}`;
}
