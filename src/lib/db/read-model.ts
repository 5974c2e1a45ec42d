import Dexie, { type Table } from 'dexie';
import type { DbName, DeviceRole, SiteCode } from '$lib/domain/common';
import type { AdviserDoc, ShiftDoc } from '$lib/domain/adviser';
import type { AppointmentDoc } from '$lib/domain/appointment';
import type { ConflictDoc } from '$lib/domain/conflict';
import type { EquipmentDoc, LoanDoc } from '$lib/domain/equipment';
import { meetingDays, type BoardPrintDoc, type FeedDoc, type MeetingDoc, type RoomDoc } from '$lib/domain/planning';
import type { RoomCheckDoc, RoomIssueDoc } from '$lib/domain/rounds';
import type { ChecklistDoc, ReceiptDoc } from '$lib/domain/receipt';
import type { ServiceDoc, SiteDoc } from '$lib/domain/reference';
import type { CallDoc, TicketDoc } from '$lib/domain/ticket';
import type { VisitDoc, VisitStatus } from '$lib/domain/visit';

/** Fields the projector adds to every projected row. */
interface Projected {
  id: string;
  /** True while PouchDB holds conflicting revisions of the document. */
  conflicted: 0 | 1;
}

export type VisitRow = VisitDoc & Projected & { day: string; status: VisitStatus; location: SiteCode };
export type ServiceRow = ServiceDoc & Projected & { searchText: string };
export type SiteRow = SiteDoc & Projected;
export type RoomRow = RoomDoc & Projected;
/** `day` is the Paris day of its start; `days` every Paris day it covers (multi-day events). */
export type MeetingRow = MeetingDoc & Projected & { day: string; days: string[] };
export type FeedRow = FeedDoc & Projected;
export type BoardPrintRow = BoardPrintDoc & Projected;
/** Issue 4: rounds, room issues (`open` indexes unfixed ones), equipment and loans (`out`: not returned). */
export type RoomCheckRow = RoomCheckDoc & Projected;
export type RoomIssueRow = RoomIssueDoc & Projected & { open: 0 | 1; hasPhoto: 0 | 1 };
export type EquipmentRow = EquipmentDoc & Projected;
export type LoanRow = LoanDoc & Projected & { out: 0 | 1 };
export type ConflictRow = ConflictDoc & Projected & { db: DbName; reviewed: 0 | 1 };
/** Issue 9: the unit's advisers (`active` indexed as 0/1) and their shifts (`day`: Paris day of the start). */
export type AdviserRow = AdviserDoc & Projected & { isActive: 0 | 1 };
export type ShiftRow = ShiftDoc & Projected & { day: string };

// Rows of issue 3's tables: their features refine these types with their document schemas.
/** A booked seat; `day` is the Paris day of its start. `conflicted` flags a double booking. */
export type AppointmentRow = AppointmentDoc & Projected & { day: string };
/** A receipt without its attachments (kept in PouchDB), with the Paris day it was given. */
export type ReceiptRow = ReceiptDoc & Projected & { day: string };
export type ChecklistRow = ChecklistDoc & Projected;
/** A queue ticket (accueil) and a call shown on the hallway display (planning). */
export type TicketRow = TicketDoc & Projected;
export type CallRow = CallDoc & Projected;

/** A replicated document that failed validation: kept out of the read model, shown to advisers. */
export interface QuarantineRow {
  key: string;
  db: DbName;
  docId: string;
  rev: string;
  reason: string;
  at: string;
}

/** Where the projector stopped in a database's changes feed. */
export interface CheckpointRow {
  db: DbName;
  seq: string | number;
}

/** The device's enrolment: never replicated, survives reloads. */
export interface EnrolmentRow {
  key: 'device';
  name: string;
  password: string;
  site: SiteCode;
  role: DeviceRole;
  label: string;
  enrolledAt: string;
  /** Set when the server said the device is revoked: its data is wiped, it writes nothing. */
  revokedAt?: string;
}

/** A local write not yet acknowledged by the server. */
export interface PendingRow {
  key: string;
  db: DbName;
  docId: string;
  rev: string;
  at: string;
  /** Set when the server refused this revision (validate_doc_update): it will not sync as is. */
  denied?: string;
}

/**
 * A change this tablet made that the server never received, kept after a revocation wiped the
 * rest so that a coordinator can take it over (exported as a file). Device-local.
 */
export interface HandoverRow {
  key: string;
  db: DbName;
  doc: { _id: string } & Record<string, unknown>;
  at: string;
}

/** Small key/value state of the sync engine (last sync time per database…). */
export interface SyncStateRow {
  key: string;
  value: string;
}

/**
 * The device's indexed read model and local memory. Everything in the projected tables can
 * be rebuilt from PouchDB; enrolment, pending and sync state cannot and are never cleared by
 * a rebuild.
 */
export class ReadModel extends Dexie {
  visits!: Table<VisitRow, string>;
  services!: Table<ServiceRow, string>;
  sites!: Table<SiteRow, string>;
  rooms!: Table<RoomRow, string>;
  meetings!: Table<MeetingRow, string>;
  conflicts!: Table<ConflictRow, string>;
  quarantine!: Table<QuarantineRow, string>;
  checkpoints!: Table<CheckpointRow, DbName>;
  enrolment!: Table<EnrolmentRow, 'device'>;
  pending!: Table<PendingRow, string>;
  syncState!: Table<SyncStateRow, string>;
  appointments!: Table<AppointmentRow, string>;
  receipts!: Table<ReceiptRow, string>;
  checklists!: Table<ChecklistRow, string>;
  tickets!: Table<TicketRow, string>;
  calls!: Table<CallRow, string>;
  feeds!: Table<FeedRow, string>;
  boardPrints!: Table<BoardPrintRow, string>;
  roomChecks!: Table<RoomCheckRow, string>;
  roomIssues!: Table<RoomIssueRow, string>;
  equipment!: Table<EquipmentRow, string>;
  loans!: Table<LoanRow, string>;
  advisers!: Table<AdviserRow, string>;
  shifts!: Table<ShiftRow, string>;
  handover!: Table<HandoverRow, string>;

  constructor(name = 'accueil-read-model', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      visits: 'id, site, day, status, [site+status], [site+day], arrivedAt, conflicted',
      services: 'id, site, name',
      sites: 'id, code',
      rooms: 'id, site',
      meetings: 'id, site, day, [site+day], roomId, start',
      conflicts: 'id, db, docId, reviewed',
      quarantine: 'key, db',
      checkpoints: 'db',
      enrolment: 'key',
      pending: 'key, db',
      syncState: 'key'
    });
    // Issue 3: appointments and receipts (accueil), procedure checklists (referentiel). New
    // tables start empty and fill from the changes feed, so no checkpoint reset is needed.
    this.version(2).stores({
      appointments: 'id, serviceId, site, day, [serviceId+day], [site+day], status, start, code, conflicted',
      receipts: 'id, site, day, number, createdAt',
      checklists: 'id, name'
    });
    // Visitors sent to the other building: lists go by where the visitor is (`location`).
    this.version(3)
      .stores({ visits: 'id, site, day, status, [site+status], [site+day], [location+status], arrivedAt, conflicted' })
      .upgrade((tx) =>
        tx
          .table('visits')
          .toCollection()
          .modify((v: { site: SiteCode; sentTo?: SiteCode; location?: SiteCode }) => {
            v.location = v.sentTo ?? v.site;
          })
      );
    // Issue 3, queue: tickets (accueil) and calls for the hallway display (planning). New
    // tables start empty and fill from the changes feed.
    this.version(4).stores({
      tickets: 'id, site, day, [site+day], [site+status], status, number, issuedAt',
      calls: 'id, site, day, [site+day], calledAt'
    });
    // Issue 4: meetings by every day they cover, feeds and printed boards (planning); rounds,
    // room issues, equipment and loans (accueil).
    this.version(5)
      .stores({
        meetings: 'id, site, day, [site+day], *days, roomId, start',
        feeds: 'id, site, roomId',
        boardPrints: 'id, [site+day]',
        roomChecks: 'id, [site+day], roomId',
        roomIssues: 'id, [site+open], roomId, reportedAt',
        equipment: 'id, site, kind',
        loans: 'id, [site+out], equipmentId, dueAt'
      })
      .upgrade((tx) =>
        tx
          .table('meetings')
          .toCollection()
          .modify((m: { start: string; end: string; days?: string[] }) => {
            m.days = meetingDays(m.start, m.end);
          })
      );
    // Issue 9: advisers and shifts (accueil); the unsent changes a revoked tablet keeps. Adviser
    // documents replicated before this version were quarantined as an unknown type: the
    // projector retries its quarantine at start, so they appear without a rebuild.
    this.version(6).stores({
      advisers: 'id, isActive, name',
      shifts: 'id, site, day, [site+day], device, adviserId, startedAt',
      handover: 'key, db'
    });
    // Issue 10: only the indexes a query uses. Each index is one more IndexedDB write per row,
    // and a fresh tablet's first sync writes a year of visits, appointments and meetings: the
    // unused ones made the read model most of that sync's cost. Dexie drops them on upgrade.
    this.version(7).stores({
      visits: 'id, [site+day], [location+status], conflicted',
      appointments: 'id, [serviceId+day]',
      meetings: 'id, *days'
    });
  }

  /** The projected tables fed from one database: a rebuild clears exactly these. */
  tablesOf(db: DbName): Table<{ id: string }, string>[] {
    const byDb: Record<DbName, Table<{ id: string }, string>[]> = {
      accueil: [this.visits, this.conflicts, this.appointments, this.receipts, this.tickets, this.roomChecks, this.roomIssues, this.equipment, this.loans, this.advisers, this.shifts],
      planning: [this.rooms, this.meetings, this.conflicts, this.calls, this.feeds, this.boardPrints],
      referentiel: [this.sites, this.services, this.checklists],
      borne: []
    };
    return byDb[db] as Table<{ id: string }, string>[];
  }
}
