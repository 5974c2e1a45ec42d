import type { EquipmentDoc, LoanDoc } from '$lib/domain/equipment';
import type { BoardPrintDoc, FeedDoc } from '$lib/domain/planning';
import type { RoomCheckDoc, RoomIssueDoc } from '$lib/domain/rounds';
import type { Fixture } from './fixtures';

// Samples of issue 4's documents, shared by the zod tests and the ddoc parity test.

export function feed(overrides: Partial<Fixture<FeedDoc>> = {}): Fixture<FeedDoc> {
  return {
    _id: 'feed:room:hdv:salle-du-conseil',
    type: 'feed',
    v: 1,
    site: 'hdv',
    roomId: 'room:hdv:salle-du-conseil',
    checkedAt: '2025-06-01T06:00:00.000Z',
    okAt: '2025-06-01T06:00:00.000Z',
    failures: 0,
    meetings: 12,
    ...overrides
  };
}

export function boardPrint(overrides: Partial<Fixture<BoardPrintDoc>> = {}): Fixture<BoardPrintDoc> {
  return {
    _id: 'boardprint:hdv:2025-06-02',
    type: 'boardprint',
    v: 1,
    site: 'hdv',
    day: '2025-06-02',
    printedAt: '2025-06-02T06:30:00.000Z',
    printedBy: 'desk-hdv-1',
    entries: [
      {
        id: 'meeting:hdv:2025-06-01T22:30:00.000Z:conseil',
        start: '2025-06-01T22:30:00.000Z',
        end: '2025-06-02T01:00:00.000Z',
        title: 'Conseil municipal',
        roomId: 'room:hdv:salle-du-conseil',
        cancelled: false
      }
    ],
    ...overrides
  };
}

export function roomCheck(overrides: Partial<Fixture<RoomCheckDoc>> = {}): Fixture<RoomCheckDoc> {
  const base = { site: 'hdv', day: '2025-06-02', round: 'opening', roomId: 'room:hdv:salle-du-conseil', ...overrides } as const;
  return {
    _id: `roomcheck:${base.site}:${base.day}:${base.round}:${base.roomId}`,
    type: 'roomcheck',
    v: 1,
    items: { lights: 'ok', windows: 'ok', doors: 'issue', equipment: 'na', tidiness: 'ok' },
    checkedAt: '2025-06-02T06:10:00.000Z',
    checkedBy: 'desk-hdv-1',
    ...base
  };
}

export function roomIssue(overrides: Partial<Fixture<RoomIssueDoc>> = {}): Fixture<RoomIssueDoc> {
  return {
    _id: 'roomissue:hdv:6f1c2d3e-0000-4000-8000-000000000001',
    type: 'roomissue',
    v: 1,
    site: 'hdv',
    roomId: 'room:hdv:salle-du-conseil',
    item: 'doors',
    description: 'La porte côté cour ne ferme plus à clé',
    reportedAt: '2025-06-02T06:10:00.000Z',
    reportedBy: 'desk-hdv-1',
    status: 'open',
    ...overrides
  };
}

export function equipment(overrides: Partial<Fixture<EquipmentDoc>> = {}): Fixture<EquipmentDoc> {
  return {
    _id: 'equipment:curial:pc-portable-3',
    type: 'equipment',
    v: 1,
    site: 'curial',
    kind: 'laptop',
    label: 'PC portable n° 3',
    reference: 'INV-2023-0042',
    ...overrides
  };
}

export function loan(overrides: Partial<Fixture<LoanDoc>> = {}): Fixture<LoanDoc> {
  return {
    _id: 'loan:curial:6f1c2d3e-0000-4000-8000-000000000002',
    type: 'loan',
    v: 1,
    site: 'curial',
    equipmentId: 'equipment:curial:pc-portable-3',
    agent: 'Sophie Bernard',
    service: 'Urbanisme',
    lentAt: '2025-06-02T07:00:00.000Z',
    dueAt: '2025-06-02T15:00:00.000Z',
    lentBy: 'desk-curial-1',
    ...overrides
  };
}
