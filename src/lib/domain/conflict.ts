import { z } from 'zod';
import { baseDoc, ID_MISMATCH, isoInstant } from './common';

/**
 * The record of a real conflict: two devices changed the same field of the same document
 * to different values while apart. The deterministic merge picked `kept`; the coordinator
 * sees `discarded` and may restore it. `_id` is `conflict:<docId>:<losing rev>`, so every
 * device that resolves the same conflict writes the same record. Lives in the same database
 * as the document.
 */
export const conflictDoc = z.object({
  ...baseDoc,
  type: z.literal('conflict'),
  docId: z.string().min(1),
  docType: z.string().min(1),
  fields: z.array(
    z.object({ field: z.string(), kept: z.unknown(), discarded: z.unknown() })
  ),
  keptRev: z.string(),
  discardedRev: z.string(),
  detectedAt: isoInstant,
  detectedBy: z.string(),
  reviewedAt: isoInstant.optional(),
  reviewedBy: z.string().optional()
}).refine((d) => d._id.startsWith('conflict:'), ID_MISMATCH);
export type ConflictDoc = z.infer<typeof conflictDoc>;
