import type { DbName } from '$lib/domain/common';
import { parisDay } from '$lib/domain/dates';
import { visitStatus, type VisitDoc } from '$lib/domain/visit';
import type { ReadModel, VisitRow } from './read-model';

/** Lower-cased, accent-free text for search-as-you-type ("État civil" matches "etat"). */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

type Doc = { _id: string; _rev?: string; type: string; _conflicts?: string[] } & Record<string, unknown>;

/** Writes one validated document into its table (inside the projector's transaction). */
export async function projectDoc(rm: ReadModel, db: DbName, doc: Doc): Promise<void> {
  const { _rev: _r, _conflicts, _attachments: _a, ...body } = doc;
  // Rows are the validated document plus indexed fields; the casts are safe because the
  // projector only calls this with documents that passed `parseDocument`.
  const base = { ...body, id: doc._id, conflicted: (_conflicts?.length ? 1 : 0) as 0 | 1 } as Record<string, unknown>;
  switch (doc.type) {
    case 'visit': {
      const v = doc as unknown as VisitDoc;
      await rm.visits.put({ ...base, day: parisDay(v.arrivedAt), status: visitStatus(v) } as unknown as VisitRow);
      return;
    }
    case 'service': {
      const s = body as unknown as { name: string; reasons?: string[]; keywords?: string[]; location?: string };
      const searchText = foldText([s.name, ...(s.reasons ?? []), ...(s.keywords ?? []), s.location ?? ''].join(' '));
      await rm.services.put({ ...base, searchText } as never);
      return;
    }
    case 'site':
      await rm.sites.put(base as never);
      return;
    case 'room':
      await rm.rooms.put(base as never);
      return;
    case 'meeting':
      await rm.meetings.put({ ...base, day: parisDay(String(doc.start)) } as never);
      return;
    case 'conflict':
      await rm.conflicts.put({ ...base, db, reviewed: doc.reviewedAt ? 1 : 0 } as never);
      return;
    default:
      return;
  }
}

/** Removes a document from every table fed by its database (deletions carry no type). */
export async function unprojectDoc(rm: ReadModel, db: DbName, id: string): Promise<void> {
  for (const table of rm.tablesOf(db)) await table.delete(id);
}
