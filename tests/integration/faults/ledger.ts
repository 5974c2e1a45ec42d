// What the fault tests wrote, and the checks that it all arrived exactly once everywhere.
import { expect } from 'vitest';
import type { Runtime } from '../../../src/lib/app/runtime';
import type { Actor } from '../../../src/lib/visitors/repo';
import { registerVisit, updateVisit } from '../../../src/lib/visitors/repo';
import { issueTicket } from '../../../src/lib/queue/repo';
import type { TestDevice } from '../../support/clients';

interface Written {
  id: string;
  /** Unique per write: checked by content, not only by id. */
  label: string;
  /** The last organisation written by an edit, if any. */
  organisation?: string;
}

/** The writes one tablet made through the app's repositories. */
export class Ledger {
  readonly visits = new Map<string, Written>();
  readonly tickets = new Set<string>();
  /** Every revision this tablet wrote, in order, once its write resolved. */
  readonly revs: { db: 'accueil'; id: string; rev: string }[] = [];
  private n = 0;
  private readonly actor: Actor;

  constructor(
    readonly tablet: Runtime,
    readonly device: TestDevice
  ) {
    this.actor = { device: device.name, adviser: `Agent ${device.name}` };
  }

  /** A new visit, a ticket, and an edit of one of this tablet's earlier visits. */
  async writeSome(count: number, pick: (n: number) => number = (n) => n - 1): Promise<void> {
    for (let i = 0; i < count; i++) {
      const label = `${this.device.name} visiteur ${++this.n}`;
      const v = await registerVisit(
        this.tablet.store,
        { site: this.device.site, visitorName: label, reason: 'Acte de naissance', serviceId: 'service:etat-civil', idChecked: true, doorOpenedBy: 'Agent' },
        this.actor
      );
      this.visits.set(v._id, { id: v._id, label });
      this.revs.push({ db: 'accueil', id: v._id, rev: v._rev! });
    }
    const t = await issueTicket(this.tablet.store, this.device.site, 'general', this.actor);
    this.tickets.add(t._id);
    this.revs.push({ db: 'accueil', id: t._id, rev: t._rev });
    const mine = [...this.visits.values()];
    const target = mine[Math.max(0, Math.min(mine.length - 1, pick(mine.length)))];
    if (target) {
      const organisation = `édité ${++this.n}`;
      const edited = await updateVisit(this.tablet.store, target.id, { organisation }, this.actor);
      target.organisation = organisation;
      this.revs.push({ db: 'accueil', id: target.id, rev: edited._rev! });
    }
  }
}

interface VisitLike {
  _id: string;
  visitorName?: string;
  organisation?: string;
  _conflicts?: string[];
}

/** Checks that `docs` (visits and tickets of one place) hold every write of `ledgers` exactly once. */
export function expectExactlyOnce(where: string, visits: VisitLike[], ticketIds: string[], ledgers: Ledger[]): void {
  const expected = new Map<string, Written>();
  for (const l of ledgers) for (const [id, w] of l.visits) expected.set(id, w);
  const ours = visits.filter((v) => expected.has(v._id));
  // By id: each once, none missing.
  expect(ours.length, `${where}: visits by id`).toBe(expected.size);
  expect(new Set(ours.map((v) => v._id)).size, `${where}: distinct visit ids`).toBe(expected.size);
  // By content: every label exactly once in the whole database, even under another id.
  const labels = new Map<string, number>();
  for (const v of visits) if (v.visitorName) labels.set(v.visitorName, (labels.get(v.visitorName) ?? 0) + 1);
  for (const w of expected.values()) {
    expect(labels.get(w.label), `${where}: ${w.label} present once`).toBe(1);
  }
  for (const v of ours) {
    const w = expected.get(v._id)!;
    expect(v.visitorName, `${where}: ${v._id} name`).toBe(w.label);
    expect(v.organisation, `${where}: ${v._id} last edit`).toBe(w.organisation);
    expect(v._conflicts ?? [], `${where}: ${v._id} conflicts`).toEqual([]);
  }
  const tickets = new Set(ledgers.flatMap((l) => [...l.tickets]));
  const seen = ticketIds.filter((id) => tickets.has(id));
  expect(seen.length, `${where}: tickets`).toBe(tickets.size);
  expect(new Set(seen).size, `${where}: distinct tickets`).toBe(tickets.size);
}

/** Visits and ticket ids of a tablet's local database (with conflicts) and of its read model. */
export async function tabletContents(r: Runtime) {
  const all = await r.store.dbs.accueil.allDocs({ include_docs: true, conflicts: true });
  const docs = all.rows.map((row) => row.doc as unknown as VisitLike & { type?: string });
  return {
    visits: docs.filter((d) => d.type === 'visit'),
    tickets: docs.filter((d) => d.type === 'ticket').map((d) => d._id),
    rmVisits: await r.deps.rm.visits.toArray(),
    rmTickets: (await r.deps.rm.tickets.toArray()).map((t) => t.id)
  };
}

/** The same, from the server (as its admin). */
export async function serverContents(url: string, admin: { name: string; password: string }) {
  const auth = `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`;
  const res = await fetch(`${url}/accueil/_all_docs?include_docs=true&conflicts=true`, { headers: { Authorization: auth } });
  if (!res.ok) throw new Error(`server _all_docs: ${res.status}`);
  const body = (await res.json()) as { rows: { doc: VisitLike & { type?: string } }[] };
  const docs = body.rows.map((r) => r.doc);
  return { visits: docs.filter((d) => d.type === 'visit'), tickets: docs.filter((d) => d.type === 'ticket').map((d) => d._id) };
}
