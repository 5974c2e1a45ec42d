const KEY = 'accueil.queue.guichet';

/** The guichet this tablet calls to, remembered on the device (not synced: it is the desk's place). */
export function rememberedGuichet(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): number {
  const n = Number.parseInt(storage?.getItem(KEY) ?? '', 10);
  return Number.isInteger(n) && n >= 1 && n <= 20 ? n : 1;
}

export function rememberGuichet(n: number, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  storage?.setItem(KEY, String(n));
}
