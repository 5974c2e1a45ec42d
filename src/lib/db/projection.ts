import type { DbName } from '$lib/domain/common';
import { parisDay } from '$lib/domain/dates';
import { meetingDays } from '$lib/domain/planning';
import { visitLocation, visitStatus, type VisitDoc } from '$lib/domain/visit';
import type { Table } from 'dexie';
import type { ReadModel } from './read-model';

/** Lower-cased, accent-free text for search-as-you-type ("État civil" matches "etat"). */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

type Doc = { _id: string; _rev?: string; type: string; _conflicts?: string[] } & Record<string, unknown>;

/** Where a validated document goes in the read model, and as what row. */
export interface Projection {
  table: Table<{ id: string }, string>;
  row: { id: string } & Record<string, unknown>;
}

/**
 * The read-model row of one validated document, or null for types the read model does not
 * keep. Pure: the projector writes the rows of a whole batch at once.
 */
export function projectDoc(rm: ReadModel, db: DbName, doc: Doc): Projection | null {
  const { _rev: _r, _conflicts, _attachments: _a, ...body } = doc;
  // Rows are the validated document plus indexed fields; the casts are safe because the
  // projector only calls this with documents that passed `parseDocument`.
  const base = { ...body, id: doc._id, conflicted: (_conflicts?.length ? 1 : 0) as 0 | 1 };
  const to = <T,>(table: Table<T, string>, row: Record<string, unknown>): Projection => ({
    table: table as unknown as Projection['table'],
    row: { ...base, ...row }
  });
  switch (doc.type) {
    case 'visit': {
      const v = doc as unknown as VisitDoc;
      return to(rm.visits, { day: parisDay(v.arrivedAt), status: visitStatus(v), location: visitLocation(v) });
    }
    case 'service': {
      const s = body as unknown as { name: string; reasons?: string[]; keywords?: string[]; location?: string };
      return to(rm.services, { searchText: foldText([s.name, ...(s.reasons ?? []), ...(s.keywords ?? []), s.location ?? ''].join(' ')) });
    }
    case 'site':
      return to(rm.sites, {});
    case 'room':
      return to(rm.rooms, {});
    case 'appointment':
      return to(rm.appointments, { day: parisDay(String(doc.start)) });
    case 'meeting':
      return to(rm.meetings, { day: parisDay(String(doc.start)), days: meetingDays(String(doc.start), String(doc.end)) });
    case 'feed':
      return to(rm.feeds, {});
    case 'boardprint':
      return to(rm.boardPrints, {});
    case 'roomcheck':
      return to(rm.roomChecks, {});
    case 'roomissue':
      return to(rm.roomIssues, { open: doc.status === 'open' ? 1 : 0, hasPhoto: doc._attachments ? 1 : 0 });
    case 'equipment':
      return to(rm.equipment, {});
    case 'loan':
      return to(rm.loans, { out: doc.returnedAt === undefined ? 1 : 0 });
    case 'receipt':
      return to(rm.receipts, { day: parisDay(String(doc.createdAt)) });
    case 'ticket':
      return to(rm.tickets, {});
    case 'call':
      return to(rm.calls, {});
    case 'checklist':
      return to(rm.checklists, {});
    case 'adviser':
      return to(rm.advisers, { isActive: doc.active ? 1 : 0 });
    case 'shift':
      return to(rm.shifts, { day: parisDay(String(doc.startedAt)) });
    case 'conflict':
      return to(rm.conflicts, { db, reviewed: doc.reviewedAt ? 1 : 0 });
    default:
      return null;
  }
}
