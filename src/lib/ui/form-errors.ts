import type { z } from 'zod';

type Path = z.core.$ZodIssue['path'];
/** A nested field counts as its top one ("dossier.items.0" → "dossier"). */
const topField = (path: Path) => String(path[0] ?? 'form');

/** Field → first French message, for showing beside each input; `key` names the field of a path. */
export function formErrors(error: z.ZodError, key: (path: Path) => string = topField): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[key(issue.path)] ??= issue.message;
  return out;
}
