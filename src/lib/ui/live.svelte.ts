import { liveQuery } from 'dexie';

/**
 * A reactive Dexie query for components. `query` runs inside an effect, so the reactive
 * values it reads (site, search text…) re-create the subscription; it returns the querier
 * that Dexie re-runs whenever the tables it read change.
 */
export function useLive<T>(query: () => (() => T | Promise<T>) | null, initial: T): { readonly value: T } {
  const box = $state({ value: initial });
  $effect(() => {
    const querier = query();
    if (!querier) return;
    const sub = liveQuery(querier).subscribe({
      next: (v) => (box.value = v),
      error: (err) => console.error('[accueil] live query failed', err)
    });
    return () => sub.unsubscribe();
  });
  return box;
}

/** The current time, ticking every `ms`, for "depuis 12 min" and clocks. */
export function useNow(ms = 30_000): { readonly value: Date } {
  // The Date is replaced on every tick, never mutated: a plain Date in $state is enough.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  const box = $state({ value: new Date() });
  $effect(() => {
    const t = setInterval(() => (box.value = new Date()), ms);
    return () => clearInterval(t);
  });
  /* eslint-enable svelte/prefer-svelte-reactivity */
  return box;
}
