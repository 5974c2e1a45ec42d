import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_RULES, PHOTO_MAX_BYTES, RECEIPT_PDF_MAX_BYTES, SIGNATURE_MAX_BYTES } from '$lib/domain/attachments';
import { DB_NAMES, type DbName, ISO_DAY } from '$lib/domain/common';
import { parseDocument } from '$lib/domain/documents';
import { attachmentStub, checkin, inlineAttachment, meeting, receipt, room, visit, withAttachments } from '$lib/testing/fixtures';
import { boardPrint, feed, roomIssue } from '$lib/testing/building-fixtures';
import { compileDesignFunction, type ValidateFn } from '../../../sync-server/src/couch/ddoc-eval';
import { DDOCS_DIR, type DesignDoc, loadDesignDocs, loadSharedFragments } from '../../../sync-server/src/setup/design-docs';
import {
  anyDay, anyInstant, AUTHORITY_CASES, AUTHORITY_SAMPLE, AUTHORITY_USERS, authorityOps, type Doc, isRealDay, isRealInstant,
  MALFORMED, MISMATCHED, REQUIRED, stored, VALID, WITH_DAY, WITH_INSTANT, without
} from './ddoc-samples';

const ADMIN = { name: 'admin', roles: ['_admin'] };
const SEC = { members: { names: [], roles: [] }, admins: { names: [], roles: [] } };

/** What the server installs: the design documents with their shared fragments inlined. */
let ddocs: Record<string, DesignDoc[]>;
const source = (db: string, name: string): string => {
  const src = ddocs[db]?.find((d) => d._id === `_design/${name}`)?.validate_doc_update;
  if (!src) throw new Error(`no ${name} validate_doc_update in ${db}`);
  return src;
};
const fn = (db: string, name: string): ValidateFn => compileDesignFunction<ValidateFn>(source(db, name), `${db}/${name}`);

/** Runs a validator; returns null when it accepts, else what it threw. */
function verdict(validate: ValidateFn, doc: unknown, oldDoc: unknown = null, userCtx: unknown = ADMIN): { forbidden?: string; unauthorized?: string } | null {
  try {
    validate(structuredClone(doc), oldDoc, userCtx, SEC);
    return null;
  } catch (e) {
    return e as { forbidden?: string; unauthorized?: string };
  }
}

beforeAll(async () => {
  ddocs = await loadDesignDocs();
});


describe('structure ddocs and zod schemas agree', () => {
  it.each(VALID.map(([db, doc], i) => [db, doc.type, i, doc] as const))('both accept valid %s %s #%i', (db, _type, _i, doc) => {
    expect(parseDocument(db, stored(doc))).toMatchObject({ ok: true });
    expect(verdict(fn(db, 'structure'), stored(doc))).toBeNull();
  });

  it.each(MALFORMED)('both reject in %s: %s', (db, _label, doc) => {
    expect(parseDocument(db, stored(doc)).ok).toBe(false);
    expect(verdict(fn(db, 'structure'), stored(doc))?.forbidden).toEqual(expect.any(String));
  });

  it.each(VALID.flatMap(([db, doc]) => (REQUIRED[doc.type ?? ''] ?? []).map((key) => [db, doc.type, key, doc] as const)))(
    'both reject %s %s without %s',
    (db, _type, key, doc) => {
      expect(parseDocument(db, without(stored(doc), key)).ok).toBe(false);
      expect(verdict(fn(db, 'structure'), without(stored(doc), key))?.forbidden).toEqual(expect.any(String));
    }
  );

  it('both accept a kiosk arrival without Vigipirate facts (waiting to be admitted), and only from the kiosk', () => {
    const waiting = stored(visit({ vigipirate: undefined, source: 'kiosk' }));
    expect(parseDocument('accueil', waiting)).toMatchObject({ ok: true });
    expect(verdict(fn('accueil', 'structure'), waiting)).toBeNull();
    const fromDesk = stored(visit({ vigipirate: undefined, source: 'desk' }));
    expect(parseDocument('accueil', fromDesk).ok).toBe(false);
    expect(verdict(fn('accueil', 'structure'), fromDesk)?.forbidden).toEqual(expect.any(String));
  });

  it('both accept tombstones and design documents as they are', () => {
    for (const db of ['accueil', 'planning', 'referentiel', 'borne'] as const) {
      for (const doc of [{ _id: 'anything', _rev: '2-a', _deleted: true }, { _id: '_design/x', views: {} }]) {
        expect(parseDocument(db, doc).ok).toBe(true);
        expect(verdict(fn(db, 'structure'), doc)).toBeNull();
      }
    }
  });

  it('both refuse ids that do not match their type and site', () => {
    for (const [db, doc] of MISMATCHED) {
      expect(parseDocument(db, doc).ok, doc._id).toBe(false);
      expect(verdict(fn(db, 'structure'), doc)?.forbidden, doc._id).toContain('_id');
    }
  });

  it('inlines the shared prelude exactly once into every installed structure and authority function', async () => {
    const fragments = await loadSharedFragments();
    // The loader indents a fragment like its `// @include` line: compare line by line, trimmed.
    const flat = (text: string) => text.split('\n').map((line) => line.trim()).join('\n');
    const count = (text: string, part: string) => flat(text).split(flat(part)).length - 1;
    for (const name of ['structure', 'authority']) {
      const fragment = fragments[`${name}-prelude`] ?? '';
      expect(fragment.length, `${name}-prelude`).toBeGreaterThan(500);
      for (const db of DB_NAMES) {
        // The tree holds the fragment once: each database's file only names it.
        const file = await readFile(join(DDOCS_DIR, db, name, 'validate_doc_update.js'), 'utf8');
        expect(count(file, `// @include ${name}-prelude`), `${db}/${name} file`).toBe(1);
        expect(count(file, fragment), `${db}/${name} file`).toBe(0);
        expect(count(source(db, name), fragment), `${db}/${name}`).toBe(1);
        expect(() => fn(db, name), `${db}/${name}`).not.toThrow();
      }
    }
    for (const [db, list] of Object.entries(ddocs)) {
      for (const d of list) expect(JSON.stringify(d), `${db}/${d._id}`).not.toContain('@include');
    }
  });

  it('refuses to load a design function that includes a missing fragment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ddocs-'));
    try {
      await mkdir(join(dir, 'accueil', 'structure'), { recursive: true });
      await writeFile(join(dir, 'accueil', 'structure', 'validate_doc_update.js'), 'function (newDoc) {\n  // @include nowhere\n}\n');
      await expect(loadDesignDocs(dir)).rejects.toThrow('_shared/nowhere.js');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives reasons in the form "<type>: <field>: <problem>"', () => {
    expect(verdict(fn('accueil', 'structure'), visit({ visitorName: '' }))?.forbidden).toBe('visit: visitorName: must not be empty');
    expect(verdict(fn('planning', 'structure'), room({ capacity: 0 }))?.forbidden).toBe('room: capacity: must be at least 1');
  });

  it('has only self-contained ES5 functions (no require, arrows, let/const, template literals)', () => {
    for (const [db, list] of Object.entries(ddocs)) {
      for (const d of list) {
        const sources = [d.validate_doc_update, ...Object.values(d.views ?? {}).map((v) => v.map)].filter((x): x is string => !!x);
        for (const src of sources) {
          expect(src, `${db}/${d._id}`).toMatch(/^function \(/);
          expect(src, `${db}/${d._id}`).not.toMatch(/\brequire\(|=>|\blet\b|\bconst\b|`/);
        }
      }
    }
  });
});

/** Both sides' verdicts on one document, with the field each blamed. */
function judge(db: DbName, doc: Doc) {
  const z = parseDocument(db, stored(doc));
  const d = verdict(fn(db, 'structure'), stored(doc));
  return { zodOk: z.ok, zodReason: z.ok ? '' : z.reason, ddocOk: d === null, ddocReason: d?.forbidden ?? '' };
}

describe('generated dates: zod and the design documents agree with the calendar', () => {
  it('impossible dates such as 2025-02-30 are refused by zod and by the design documents alike', () => {
    for (const [what, db, make, field] of WITH_DAY) {
      for (const day of ['2025-02-30', '2025-13-45', '0000-00-00', '2023-02-29', '2100-02-29', '2025-04-31', '0000-01-01']) {
        const v = judge(db, make(day));
        expect(v.zodOk, `${what} ${day}`).toBe(false);
        expect(v.ddocOk, `${what} ${day}`).toBe(false);
        expect(v.zodReason, `${what} ${day}`).toContain(`: ${field}: `);
        expect(v.ddocReason, `${what} ${day}`).toContain(`: ${field}: `);
      }
    }
  });

  it.each(WITH_DAY)('%s: generated days, valid and not, get the same verdict from zod, the ddoc and the calendar', (what, db, make, field) => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const v = judge(db, make(day));
        const real = isRealDay(day);
        expect(v.zodOk, `zod on ${JSON.stringify(day)}: ${v.zodReason}`).toBe(real);
        expect(v.ddocOk, `ddoc on ${JSON.stringify(day)}: ${v.ddocReason}`).toBe(real);
        // Refused for the day itself, not for a side effect of it.
        if (!real) {
          expect(v.zodReason).toContain(`: ${field}: `);
          expect(v.ddocReason).toContain(`: ${field}: `);
        }
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it.each(WITH_INSTANT)('%s: generated instants get the same verdict from zod, the ddoc and the calendar', (what, db, make, field) => {
    fc.assert(
      fc.property(anyInstant, (at) => {
        const v = judge(db, make(at));
        const real = isRealInstant(at);
        expect(v.zodOk, `zod on ${at}: ${v.zodReason}`).toBe(real);
        expect(v.ddocOk, `ddoc on ${at}: ${v.ddocReason}`).toBe(real);
        if (!real) {
          expect(v.zodReason).toContain(`: ${field}: `);
          expect(v.ddocReason).toContain(`: ${field}: `);
        }
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it('every structure ddoc tests days with the pattern zod uses', () => {
    for (const db of DB_NAMES) expect(source(db, 'structure'), db).toContain(`var ISO_DAY = /${ISO_DAY.source}/;`);
  });
});

describe('attachments: only the files the app makes, on the documents that carry them', () => {
  /** Each type's allowed files, and what a writer could try instead. */
  const ATTACHABLE: [string, DbName, Doc, string, string[], number][] = [
    ['visit', 'accueil', visit(), 'signature.png', ['image/png'], SIGNATURE_MAX_BYTES],
    ['checkin', 'borne', checkin(), 'signature.png', ['image/png'], SIGNATURE_MAX_BYTES],
    ['receipt signature', 'accueil', receipt(), 'signature.png', ['image/png'], SIGNATURE_MAX_BYTES],
    ['receipt PDF', 'accueil', receipt(), 'recepisse.pdf', ['application/pdf'], RECEIPT_PDF_MAX_BYTES],
    ['roomissue photo', 'accueil', roomIssue(), 'photo.jpg', ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'], PHOTO_MAX_BYTES]
  ];
  const CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/heic', 'application/pdf', 'text/html', 'image/svg+xml', 'application/javascript', 'text/plain', 'application/octet-stream', 'IMAGE/PNG', ''];
  const NAMES = ['signature.png', 'recepisse.pdf', 'photo.jpg', 'page.html', 'x.svg', 'signature.PNG', 'photo.jpg ', '__defineGetter__', 'hasOwnProperty'];

  it.each(ATTACHABLE)('%s: generated names, types and sizes get the same verdict from zod and the ddoc', (what, db, doc, name, types, max) => {
    const entry = fc.oneof(
      fc.record({ type: fc.constantFrom(...CONTENT_TYPES, ...types), length: fc.oneof(fc.integer({ min: 0, max: 2 * max }), fc.constantFrom(max, max + 1)) }).map((e) => ({ ...e, att: attachmentStub(e.type, e.length) as unknown })),
      fc.record({ type: fc.constantFrom(...CONTENT_TYPES, ...types), length: fc.integer({ min: 0, max: 3000 }) }).map((e) => ({ ...e, att: inlineAttachment(e.type, e.length) as unknown }))
    );
    // The table the app reads says the same as this row; its other names are judged by it.
    const rules = ATTACHMENT_RULES[doc.type!]!;
    expect(rules[name], what).toEqual({ types, maxBytes: max });
    fc.assert(
      fc.property(fc.constantFrom(name, name, ...NAMES), entry, (attName, e) => {
        const v = judge(db, withAttachments(doc, { [attName]: e.att }));
        const rule = Object.prototype.hasOwnProperty.call(rules, attName) ? rules[attName] : undefined;
        const allowed = !!rule && rule.types.includes(e.type) && e.length <= rule.maxBytes;
        expect(v.zodOk, `zod on ${attName} ${e.type} ${e.length}: ${v.zodReason}`).toBe(allowed);
        expect(v.ddocOk, `ddoc on ${attName} ${e.type} ${e.length}: ${v.ddocReason}`).toBe(allowed);
        if (!allowed) {
          expect(v.zodReason).toContain(': _attachments.');
          expect(v.ddocReason).toContain(': _attachments.');
        }
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it('no other document type carries any attachment, whatever its type', () => {
    const others = VALID.filter(([, doc]) => !['visit', 'checkin', 'receipt', 'roomissue'].includes(doc.type ?? ''));
    expect(new Set(others.map(([, d]) => d.type)).size).toBeGreaterThanOrEqual(14);
    for (const [db, doc] of others) {
      for (const type of ['image/png', 'application/pdf', 'text/html']) {
        const v = judge(db, withAttachments(doc, { 'signature.png': inlineAttachment(type) }));
        expect(v.zodOk, `${doc.type} ${type}`).toBe(false);
        expect(v.ddocOk, `${doc.type} ${type}`).toBe(false);
      }
    }
  });
});

describe('authority ddocs', () => {
  const USERS = AUTHORITY_USERS;
  const SAMPLE = AUTHORITY_SAMPLE;
  const ops = authorityOps;
  const cases = AUTHORITY_CASES;

  it.each(cases)('%s: %s %s -> %s', (db, who, op, expected) => {
    const [newDoc, oldDoc] = ops(SAMPLE[db])[op];
    const result = verdict(fn(db, 'authority'), newDoc, oldDoc, USERS[who]);
    if (expected === 'allowed') expect(result).toBeNull();
    else expect(Object.keys(result ?? {})).toEqual([expected]);
  });

  it('only coordinators (and the server) change rooms, the reference data that names Zimbra feeds', () => {
    const authority = fn('planning', 'authority');
    for (const [op, [newDoc, oldDoc]] of Object.entries(ops(room()))) {
      expect(verdict(authority, newDoc, oldDoc, USERS.coordinator), op).toBeNull();
      expect(verdict(authority, newDoc, oldDoc, USERS.admin), op).toBeNull();
      expect(verdict(authority, newDoc, oldDoc, USERS.desk)?.forbidden, op).toContain('Only a coordinator');
      expect(verdict(authority, newDoc, oldDoc, USERS.display)?.forbidden, op).toBe('A display device may not write to planning.');
    }
  });

  it('only the server writes or deletes feed states and meetings polled from Zimbra', () => {
    const authority = fn('planning', 'authority');
    const zimbra = meeting({ _id: 'meeting:hdv:ics:0a1b2c3d', source: 'zimbra' });
    for (const who of ['desk', 'coordinator'] as const) {
      expect(verdict(authority, feed(), null, USERS[who])?.forbidden).toContain('Only the server');
      expect(verdict(authority, zimbra, null, USERS[who])?.forbidden).toContain('Only the server');
      // Turning a Zimbra meeting into a desk one, or deleting it, is the same edit in disguise.
      expect(verdict(authority, { ...zimbra, source: 'manual', _rev: '1-a' }, { ...zimbra, _rev: '1-a' }, USERS[who])?.forbidden).toContain('Only the server');
      expect(verdict(authority, { _id: zimbra._id, _rev: '1-a', _deleted: true }, { ...zimbra, _rev: '1-a' }, USERS[who])?.forbidden).toContain('Only the server');
      expect(verdict(authority, meeting({ source: 'ics' }), null, USERS[who])).toBeNull();
      expect(verdict(authority, boardPrint(), null, USERS[who])).toBeNull();
    }
    expect(verdict(authority, feed(), null, USERS.admin)).toBeNull();
    expect(verdict(authority, zimbra, null, USERS.admin)).toBeNull();
  });

  it('a kiosk may only create its own check-ins, at its own site, and nothing else', () => {
    const authority = fn('borne', 'authority');
    expect(verdict(authority, checkin({ kiosk: 'kiosk-hdv' }), null, USERS.kiosk)?.forbidden).toContain("kiosk's own name");
    expect(verdict(authority, checkin({ site: 'hdv', _id: 'checkin:hdv:1', kiosk: 'kiosk-curial' }), null, USERS.kiosk)?.forbidden).toContain('own site');
    expect(verdict(authority, { ...visit(), _id: 'visit:curial:x' }, null, USERS.kiosk)?.forbidden).toContain('only write checkin');
  });

  it('nobody but the server admin writes design documents', () => {
    for (const db of Object.keys(SAMPLE)) {
      expect(verdict(fn(db, 'authority'), { _id: '_design/x' }, null, USERS.coordinator)?.forbidden).toContain('design documents');
    }
  });
});
