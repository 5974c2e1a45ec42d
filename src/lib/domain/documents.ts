import { z } from 'zod';
import { adviserDoc, shiftDoc } from './adviser';
import { appointmentDoc } from './appointment';
import type { DbName } from './common';
import { checkinDoc } from './checkin';
import { conflictDoc } from './conflict';
import { equipmentDoc, loanDoc } from './equipment';
import { boardPrintDoc, feedDoc, meetingDoc, roomDoc } from './planning';
import { roomCheckDoc, roomIssueDoc } from './rounds';
import { checklistDoc, receiptDoc } from './receipt';
import { serviceDoc, siteDoc } from './reference';
import { callDoc, ticketDoc } from './ticket';
import { visitDoc } from './visit';

/** Every document type, by the database it lives in. `type` discriminates. */
export const SCHEMAS_BY_DB = {
  accueil: {
    visit: visitDoc,
    appointment: appointmentDoc,
    conflict: conflictDoc,
    receipt: receiptDoc,
    ticket: ticketDoc,
    roomcheck: roomCheckDoc,
    roomissue: roomIssueDoc,
    equipment: equipmentDoc,
    loan: loanDoc,
    adviser: adviserDoc,
    shift: shiftDoc
  },
  planning: { room: roomDoc, meeting: meetingDoc, conflict: conflictDoc, call: callDoc, feed: feedDoc, boardprint: boardPrintDoc },
  referentiel: { site: siteDoc, service: serviceDoc, checklist: checklistDoc },
  borne: { checkin: checkinDoc }
} as const satisfies Record<DbName, Record<string, z.ZodType>>;

export type ParseResult =
  | { ok: true; doc: { _id: string; type: string } & Record<string, unknown> }
  | { ok: false; reason: string };

/**
 * Validates a document as it may appear in `db`. Design documents and deletions (tombstones)
 * are accepted as they are; anything else must match its type's schema.
 */
export function parseDocument(db: DbName, raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'not an object' };
  const doc = raw as Record<string, unknown>;
  if (typeof doc._id === 'string' && doc._id.startsWith('_design/')) {
    return { ok: true, doc: doc as ParseResult & { _id: string; type: string } };
  }
  // A tombstone is written as it is: adding fields to it would change what was deleted.
  if (doc._deleted === true) return { ok: true, doc: doc as { _id: string; type: string } };
  const schemas: Record<string, z.ZodType> = SCHEMAS_BY_DB[db];
  const type = typeof doc.type === 'string' ? doc.type : undefined;
  const schema = type ? schemas[type] : undefined;
  if (!schema) return { ok: false, reason: `unknown type ${JSON.stringify(doc.type)} in ${db}` };
  const result = schema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, reason: `${type}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, doc: result.data as { _id: string; type: string } };
}
