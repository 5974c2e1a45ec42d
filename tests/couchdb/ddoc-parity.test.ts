import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbName } from '$lib/domain/common';
import { compileDesignFunction, type ValidateFn } from '../../sync-server/src/couch/ddoc-eval';
import { loadDesignDocs } from '../../sync-server/src/setup/design-docs';
import { SECURITY } from '../../sync-server/src/setup/security';
import {
  anyDay, anyInstant, AUTHORITY_CASES, AUTHORITY_SAMPLE, authorityOps, type Doc, MALFORMED, MISMATCHED, REQUIRED, stored, VALID, WITH_DAY, WITH_INSTANT, without
} from '../integration/server/ddoc-samples';
import { visit } from '$lib/testing/fixtures';
import { demoPassword } from '../integration/server/helpers';
import { call, couchWithDemo } from './helpers';

/**
 * The design documents' parity samples (tests/integration/server/ddoc-samples.ts, judged in
 * Node by ddoc-parity.test.ts) written through a real CouchDB 3.5's `_bulk_docs`, where the
 * validate_doc_update functions run in QuickJS: each sample gets the verdict Node gives it,
 * with the same reason string. Samples are written by a device allowed to write them (the
 * first demo account the authority ddoc lets through), so the structure ddoc decides.
 */
type UserCtx = { name: string | null; roles: string[] };
type Cred = string | { name: string; password: string } | undefined;
interface Sample {
  label: string;
  db: DbName;
  doc: Doc;
}
interface NodeVerdict {
  ok: boolean;
  /** What each refusing function threw ({forbidden} or {unauthorized}): CouchDB reports one of them. */
  refusals: { error: string; reason: string }[];
}

const DEVICES = ['desk-curial', 'desk-hdv', 'kiosk-curial', 'coordinator'] as const;

describe('design documents in QuickJS: the parity samples through _bulk_docs', () => {
  let couch: Awaited<ReturnType<typeof couchWithDemo>>;
  let validators: Record<string, ValidateFn[]>;
  const ctx: Record<string, UserCtx> = {};

  beforeAll(async () => {
    couch = await couchWithDemo();
    const ddocs = await loadDesignDocs();
    validators = Object.fromEntries(
      Object.entries(ddocs).map(([db, list]) => [
        db,
        [...list].sort((a, b) => (a._id < b._id ? -1 : 1)).filter((d) => d.validate_doc_update).map((d) => compileDesignFunction<ValidateFn>(d.validate_doc_update!, `${db}/${d._id}`))
      ])
    );
    for (const name of DEVICES) ctx[name] = (await call(couch.url, 'GET', '/_session', { as: name })).json.userCtx;
    // The demo's accounts are needed, not its documents, some of which have the samples' ids.
    for (const db of Object.keys(SECURITY)) {
      const rows = (await call(couch.url, 'GET', `/${db}/_all_docs`, { as: adminCred() })).json.rows as { id: string; value: { rev: string } }[];
      const purge = Object.fromEntries(rows.filter((r) => !r.id.startsWith('_design/')).map((r) => [r.id, [r.value.rev]]));
      if (Object.keys(purge).length) expect((await call(couch.url, 'POST', `/${db}/_purge`, { as: adminCred(), body: purge })).status).toBe(201);
    }
  });

  const adminCred = () => ({ name: couch.admin.name, password: couch.admin.password });
  const credOf = (who: string): Cred => (who === 'admin' ? adminCred() : who);

  /**
   * One cookie session per account: CouchDB hashes a Basic password on every request (PBKDF2,
   * about half a second here under load), a cookie once.
   */
  const cookies = new Map<string, string>();
  async function as(cred: Cred): Promise<{ headers: Record<string, string> }> {
    if (!cred) return { headers: {} };
    const c = typeof cred === 'string' ? { name: cred, password: demoPassword(cred) } : cred;
    if (!cookies.has(c.name)) {
      const res = await fetch(`${couch.url}/_session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(c) });
      expect(res.status, c.name).toBe(200);
      cookies.set(c.name, (res.headers.get('set-cookie') ?? '').split(';')[0]!);
    }
    return { headers: { Cookie: cookies.get(c.name)! } };
  }

  function judge(db: DbName, doc: unknown, oldDoc: unknown, userCtx: UserCtx): NodeVerdict {
    const refusals: NodeVerdict['refusals'] = [];
    for (const validate of validators[db]!) {
      try {
        validate(structuredClone(doc), oldDoc === null ? null : structuredClone(oldDoc), userCtx, SECURITY[db]);
      } catch (e) {
        const thrown = e as { forbidden?: string; unauthorized?: string };
        refusals.push(thrown.unauthorized !== undefined ? { error: 'unauthorized', reason: thrown.unauthorized } : { error: 'forbidden', reason: String(thrown.forbidden) });
      }
    }
    return { ok: refusals.length === 0, refusals };
  }

  const isMember = (db: DbName, c: UserCtx) => c.roles.some((r) => SECURITY[db].members.roles.includes(r));
  const authorityOf = (db: DbName) => validators[db]!; // sorted: _design/authority first

  /** The first demo device (else the server admin) the authority ddoc lets write this document. */
  function writerFor(db: DbName, doc: Doc): string {
    for (const name of DEVICES) {
      const c = ctx[name]!;
      if (!isMember(db, c)) continue;
      try {
        authorityOf(db)[0]!(structuredClone(doc), null, c, SECURITY[db]);
        return name;
      } catch {
        // not this one
      }
    }
    return 'admin';
  }
  const userCtxOf = (who: string): UserCtx => (who === 'admin' ? { name: couch.admin.name, roles: ['_admin'] } : ctx[who]!);

  /** The largest stub turned into real data; larger ones (up to the 8 MiB limits) stay judged in Node only. */
  const INLINE_MAX = 512 * 1024;
  /**
   * A stub needs a stored attachment to stand for (CouchDB answers `missing_stub` for the whole
   * batch otherwise): a sample's stub becomes inline data of its length, which QuickJS then sees
   * as the stub Node judged. Null when that cannot be done (no length, or too large to send).
   */
  function sendable(doc: Doc): Doc | null {
    const atts = doc._attachments as Record<string, { stub?: boolean; length?: number; content_type?: string } | null> | undefined;
    if (!atts || typeof atts !== 'object' || Array.isArray(atts)) return doc;
    const out: Record<string, unknown> = {};
    for (const [name, att] of Object.entries(atts)) {
      if (!att || att.stub !== true) {
        out[name] = att;
        continue;
      }
      if (typeof att.length !== 'number' || att.length > INLINE_MAX) return null;
      out[name] = { content_type: att.content_type, data: Buffer.alloc(att.length, 0x41).toString('base64') };
    }
    return { ...doc, _attachments: out };
  }
  const nodeOnly: string[] = [];
  const normalised: string[] = [];
  /**
   * Writes the samples in `_bulk_docs` batches (one per database and writer; a sample whose id
   * is already in the batch waits for the next round) and compares each per-document answer with
   * Node's verdict. Accepted documents are purged after each round, so every sample is a creation.
   */
  async function compare(samples: Sample[]): Promise<{ mismatches: string[]; accepted: number; refused: number; skipped: number }> {
    const mismatches: string[] = [];
    let accepted = 0;
    let refused = 0;
    let skipped = 0;
    const groups = new Map<string, (Sample & { writer: string; expected: NodeVerdict })[]>();
    for (const s of samples) {
      const doc = stored(s.doc);
      const writer = writerFor(s.db, doc);
      const key = `${s.db} ${writer}`;
      const sent = sendable(doc);
      if (!sent) {
        nodeOnly.push(s.label);
        skipped++;
        continue;
      }
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push({ ...s, doc: sent, writer, expected: judge(s.db, doc, null, userCtxOf(writer)) });
    }
    for (const group of groups.values()) {
      let pending = group;
      while (pending.length) {
        const seen = new Set<string>();
        // CouchDB caps a batch's size (max_bulk_docs_count): 200 at a time.
        const round = pending.filter((s) => seen.size < 200 && !seen.has(s.doc._id) && !!seen.add(s.doc._id));
        pending = pending.filter((s) => !round.includes(s));
        const { db, writer } = round[0]!;
        const post = async (docs: Doc[]) => call(couch.url, 'POST', `/${db}/_bulk_docs`, { ...(await as(credOf(writer))), body: { docs } });
        const res = await post(round.map((s) => s.doc));
        // A request CouchDB refuses as a whole (data that is not base64, `_attachments` not an
        // object): each sample alone, to find which; refused before any ddoc, only Node's reason to check is that it refused.
        const answers: { id: string; rev?: string; ok?: boolean; error?: string; reason?: string; engine?: boolean }[] = [];
        if (res.status === 201) answers.push(...res.json);
        else {
          for (const s of round) {
            const one = await post([s.doc]);
            answers.push(one.status === 201 ? one.json[0] : { id: s.doc._id, error: one.json?.error, reason: one.json?.reason, engine: true });
          }
        }
        expect(answers.length).toBe(round.length);
        const purge: Record<string, string[]> = {};
        const acceptedAgainstNode: { what: string; id: string; rev: string; refusals: NodeVerdict['refusals']; writer: string }[] = [];
        round.forEach((s, i) => {
          const a = answers[i]!;
          const what = `${s.label} (${db}, as ${writer})`;
          if (a.ok) {
            accepted++;
            purge[a.id] = [a.rev!];
            if (!s.expected.ok) acceptedAgainstNode.push({ what, id: a.id, rev: a.rev!, refusals: s.expected.refusals, writer });
          } else {
            refused++;
            if (s.expected.ok) mismatches.push(`${what}: ${a.engine ? 'CouchDB' : 'QuickJS'} refused (${a.error}: ${a.reason}), Node accepted`);
            else if (!a.engine && !s.expected.refusals.some((r) => r.error === a.error && r.reason === a.reason)) mismatches.push(`${what}: QuickJS said ${a.error}: ${a.reason}; Node ${JSON.stringify(s.expected.refusals)}`);
          }
        });
        // CouchDB may normalise a document before the ddoc sees it (an attachment entry `null` is
        // dropped): acceptable only if what it stored is valid by the same ddocs in Node.
        for (const x of acceptedAgainstNode) {
          const kept = (await call(couch.url, 'GET', `/${db}/${encodeURIComponent(x.id)}?rev=${x.rev}`, { as: adminCred() })).json as Doc;
          const { _rev: _ignored, ...body } = kept;
          if (judge(db, body, null, userCtxOf(x.writer)).ok) normalised.push(`${x.what}: stored as ${JSON.stringify(body._attachments ?? null)}`);
          else mismatches.push(`${x.what}: QuickJS accepted, Node refused: ${JSON.stringify(x.refusals)}`);
        }
        if (Object.keys(purge).length) {
          const purged = await call(couch.url, 'POST', `/${db}/_purge`, { as: adminCred(), body: purge });
          expect(purged.status, purged.text).toBe(201);
        }
      }
    }
    return { mismatches, accepted, refused, skipped };
  }

  it('the valid samples are stored, the malformed ones refused with the reason Node gives', async () => {
    const samples: Sample[] = [
      ...VALID.map(([db, doc], i) => ({ label: `valid #${i} ${doc.type}`, db, doc })),
      ...MALFORMED.map(([db, label, doc]) => ({ label, db, doc })),
      ...MISMATCHED.map(([db, doc]) => ({ label: `mismatched id ${doc._id}`, db, doc })),
      { label: 'kiosk arrival waiting', db: 'accueil', doc: visit({ vigipirate: undefined, source: 'kiosk' }) },
      { label: 'desk arrival without Vigipirate', db: 'accueil', doc: visit({ vigipirate: undefined, source: 'desk' }) }
    ];
    const { mismatches, accepted, refused } = await compare(samples);
    expect(mismatches).toEqual([]);
    // Node's own run says every VALID sample is valid and every MALFORMED one is not.
    expect(accepted).toBeGreaterThanOrEqual(VALID.length);
    expect(refused + nodeOnly.length).toBeGreaterThanOrEqual(MALFORMED.length + MISMATCHED.length);
    // Shown in the run's output: what only Node judges.
    console.info(`ddoc parity on CouchDB: ${accepted} accepted, ${refused} refused as in Node; judged in Node only (stubs without a length or over ${INLINE_MAX} bytes): ${nodeOnly.join('; ')}; normalised by CouchDB before its ddocs ran: ${normalised.join('; ')}`);
    expect(nodeOnly).toHaveLength(6);
    expect(normalised).toEqual(['roomissue photo entry null (accueil, as desk-curial): stored as null']);
  });

  it('every required field removed: refused with the reason Node gives', async () => {
    const samples = VALID.flatMap(([db, doc]) => (REQUIRED[doc.type ?? ''] ?? []).map((key) => ({ label: `${doc.type} without ${key}`, db, doc: without(stored(doc), key) })));
    expect(samples.length).toBeGreaterThan(100);
    const { mismatches, refused, skipped } = await compare(samples);
    expect(mismatches).toEqual([]);
    expect(refused + skipped).toBe(samples.length);
  });

  it('generated days and instants (the Node run’s generators and seed, 50 of its 200 runs): the same verdicts', async () => {
    const days = fc.sample(anyDay, { seed: 42, numRuns: 50 });
    const instants = fc.sample(anyInstant, { seed: 42, numRuns: 50 });
    const samples: Sample[] = [
      ...WITH_DAY.flatMap(([what, db, make]) => days.map((day) => ({ label: `${what} ${day}`, db, doc: make(day) }))),
      ...WITH_INSTANT.flatMap(([what, db, make]) => instants.map((at) => ({ label: `${what} ${at}`, db, doc: make(at) })))
    ];
    const { mismatches, accepted, refused } = await compare(samples);
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  describe('the authority cases, as real accounts', () => {
    const extra = { revoked: { name: 'ddoc-revoked', password: 'revoked-pass-1234' }, roleless: { name: 'ddoc-roleless', password: 'roleless-pass-1234' } };
    beforeAll(async () => {
      for (const [kind, u] of Object.entries(extra)) {
        const doc = { _id: `org.couchdb.user:${u.name}`, name: u.name, type: 'user', roles: kind === 'revoked' ? ['revoked'] : [], password: u.password };
        expect((await call(couch.url, 'PUT', `/_users/${encodeURIComponent(doc._id)}`, { as: adminCred(), body: doc })).status).toBe(201);
      }
    });
    const ACCOUNTS: Record<string, () => Cred> = {
      admin: () => adminCred(),
      coordinator: () => 'coordinator',
      desk: () => 'desk-curial',
      kiosk: () => 'kiosk-curial',
      display: () => 'display-hdv',
      revoked: () => extra.revoked,
      roleless: () => extra.roleless,
      anonymous: () => undefined
    };

    it.each(AUTHORITY_CASES)('%s: %s %s -> %s', async (db, who, op, expected) => {
      const sample = stored(AUTHORITY_SAMPLE[db]);
      let rev: string | undefined;
      if (op !== 'create') {
        const seeded = await call(couch.url, 'PUT', `/${db}/${encodeURIComponent(sample._id)}`, { as: adminCred(), body: sample });
        expect(seeded.status, seeded.text).toBe(201);
        rev = seeded.json.rev;
      }
      const [newDoc] = authorityOps(sample)[op];
      const body = { docs: [rev ? { ...(newDoc as Doc), _rev: rev } : newDoc] };
      const res = await call(couch.url, 'POST', `/${db}/_bulk_docs`, { ...(await as(ACCOUNTS[who]!())), body });
      const session = (await call(couch.url, 'GET', '/_session', await as(ACCOUNTS[who]!()))).json.userCtx as UserCtx;
      const member = session.roles.includes('_admin') || isMember(db, session);
      if (expected === 'allowed') {
        expect(res.status, res.text).toBe(201);
        expect(res.json[0], res.text).toMatchObject({ ok: true });
      } else if (!member) {
        // Not a member of the database: CouchDB refuses the request before any ddoc runs.
        expect(res.status, res.text).toBe(session.name ? 403 : 401);
      } else {
        const node = judge(db, body.docs[0], op === 'create' ? null : { ...sample, _rev: rev }, session);
        expect(node.ok).toBe(false);
        expect(res.status, res.text).toBe(201);
        expect(res.json[0].error).toBe(expected);
        expect(node.refusals, res.text).toContainEqual({ error: res.json[0].error, reason: res.json[0].reason });
      }
      // Back to nothing for the next case (the samples share their ids).
      const now = await call(couch.url, 'GET', `/${db}/${encodeURIComponent(sample._id)}?revs_info=true&open_revs=all`, { as: adminCred() });
      const revs = Array.isArray(now.json) ? (now.json as { ok?: { _rev: string } }[]).flatMap((r) => (r.ok ? [r.ok._rev] : [])) : [];
      if (revs.length) await call(couch.url, 'POST', `/${db}/_purge`, { as: adminCred(), body: { [sample._id]: revs } });
    });
  });
});
