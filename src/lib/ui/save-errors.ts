import { DeviceClosedError, isQuotaError } from '$lib/db/errors';

/** Said whenever the tablet's browser refuses to store a write: nothing was saved, the form keeps what was typed. */
export const STORAGE_FULL_TEXT =
  "Espace de stockage plein sur cette tablette : la saisie n'est pas enregistrée. Libérez de l'espace ou appelez le support.";

export const DEVICE_CLOSED_TEXT = "Cet appareil a été révoqué : plus rien n'y est enregistré.";

/**
 * The French words for a failed save: the storage-full and revoked cases say what really
 * happened, whatever the form; anything else gets the form's own `fallback`.
 */
export function saveFailureText(error: unknown, fallback: string): string {
  if (isQuotaError(error)) return STORAGE_FULL_TEXT;
  if (error instanceof DeviceClosedError) return DEVICE_CLOSED_TEXT;
  return fallback;
}
