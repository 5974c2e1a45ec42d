import type { z } from 'zod';

/** Field → first French message, for showing beside each input (a nested field counts as its top one). */
export function formErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
  return out;
}
