import type { FieldRule, Leaf } from './merge';
import type { TicketStatus } from './ticket';

const byInstant = (field: string) => (a: Leaf, b: Leaf) => Date.parse(String(a.doc[field])) - Date.parse(String(b.doc[field]));

/** Among the changers that set `field`, the one that set it first (ties: precedence order). */
const earliest =
  (field: string): FieldRule =>
  (changers) =>
    [...changers.filter((l) => typeof l.doc[field] === 'string')].sort(byInstant(field))[0] ?? changers[0];

const RANK: Record<TicketStatus, number> = { waiting: 0, called: 1, served: 2, closed: 2 };

/**
 * A ticket only moves forward: the most advanced status wins (served or closed beats called,
 * called beats waiting); between served and closed, the earlier end wins.
 */
const furthestStatus: FieldRule = (changers) => {
  const end = (l: Leaf) => Date.parse(String(l.doc.servedAt ?? l.doc.closedAt ?? '')) || Number.MAX_SAFE_INTEGER;
  return [...changers].sort((a, b) => {
    const ra = RANK[a.doc.status as TicketStatus] ?? 0;
    const rb = RANK[b.doc.status as TicketStatus] ?? 0;
    return rb - ra || end(a) - end(b);
  })[0];
};

const earliestCall = earliest('calledAt');

/**
 * Per-field rules of the ticket merge. Two desks that called the same ticket while offline
 * both told a visitor to come: the earliest call wins with its guichet and adviser, so every
 * device picks the same one and the display (which keeps the earliest call too) agrees.
 */
export const TICKET_RULES: Partial<Record<string, FieldRule>> = {
  status: furthestStatus,
  calledAt: earliestCall,
  calledBy: earliestCall,
  guichet: earliestCall,
  servedAt: earliest('servedAt'),
  closedAt: earliest('closedAt'),
  closedReason: earliest('closedAt')
};
