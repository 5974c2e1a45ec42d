import { describe, expect, it } from 'vitest';
import { checkin, checklist, conflict, meeting, receipt, room, service, site, visit } from '$lib/testing/fixtures';
import type { DbName } from './common';
import { parseDocument, SCHEMAS_BY_DB } from './documents';
import { appointment } from '$lib/testing/appointment-fixtures';
import { call, ticket } from '$lib/testing/queue-fixtures';
import { boardPrint, equipment, feed, loan, roomCheck, roomIssue } from '$lib/testing/building-fixtures';
import { adviser, shift } from '$lib/testing/shift-fixtures';

type Sample = { _id: string; type: string } & Record<string, unknown>;

/** One valid sample of every document type, in the database it lives in. */
const SAMPLES: [DbName, Sample][] = [
  ['accueil', visit()],
  ['accueil', conflict()],
  ['accueil', appointment()],
  ['planning', room()],
  ['planning', meeting()],
  ['planning', conflict({ docId: 'meeting:hdv:x', docType: 'meeting' })],
  ['accueil', receipt()],
  ['referentiel', checklist()],
  ['referentiel', site()],
  ['referentiel', service()],
  ['borne', checkin()],
  ['accueil', ticket()],
  ['planning', call()],
  ['planning', feed()],
  ['planning', boardPrint()],
  ['accueil', roomCheck()],
  ['accueil', roomIssue()],
  ['accueil', equipment()],
  ['accueil', loan()],
  ['accueil', adviser()],
  ['accueil', shift()]
];

/** The fields each type cannot do without. */
const REQUIRED: Record<string, string[]> = {
  visit: ['_id', 'type', 'v', 'site', 'visitorName', 'reason', 'serviceId', 'vigipirate', 'arrivedAt', 'createdBy', 'updatedAt', 'updatedBy', 'fieldGen'],
  conflict: ['_id', 'type', 'v', 'docId', 'docType', 'fields', 'keptRev', 'discardedRev', 'detectedAt', 'detectedBy'],
  appointment: ['_id', 'type', 'v', 'serviceId', 'site', 'start', 'end', 'seat', 'person', 'reason', 'status', 'code', 'createdBy', 'updatedAt', 'updatedBy', 'fieldGen'],
  room: ['_id', 'type', 'v', 'site', 'name', 'floor', 'capacity', 'equipment', 'directions'],
  meeting: ['_id', 'type', 'v', 'site', 'roomId', 'title', 'organiser', 'start', 'end', 'source'],
  site: ['_id', 'type', 'v', 'code', 'name', 'address', 'timeZone', 'openingHours', 'vigipirateLevel'],
  service: ['_id', 'type', 'v', 'name', 'site', 'location', 'reasons'],
  checkin: ['_id', 'type', 'v', 'site', 'visitorName', 'reason', 'createdAt', 'kiosk'],
  receipt: ['_id', 'type', 'v', 'kind', 'site', 'number', 'person', 'documents', 'createdAt', 'adviser', 'createdBy'],
  checklist: ['_id', 'type', 'v', 'name', 'items', 'updatedAt', 'updatedBy'],
  ticket: ['_id', 'type', 'v', 'site', 'day', 'number', 'category', 'source', 'issuedAt', 'status', 'createdBy', 'updatedAt', 'updatedBy', 'fieldGen'],
  call: ['_id', 'type', 'v', 'site', 'day', 'number', 'guichet', 'calledAt', 'issuedAt', 'device'],
  feed: ['_id', 'type', 'v', 'site', 'roomId', 'checkedAt', 'failures', 'meetings'],
  boardprint: ['_id', 'type', 'v', 'site', 'day', 'printedAt', 'printedBy', 'entries'],
  roomcheck: ['_id', 'type', 'v', 'site', 'day', 'round', 'roomId', 'items', 'checkedAt', 'checkedBy'],
  roomissue: ['_id', 'type', 'v', 'site', 'roomId', 'item', 'description', 'reportedAt', 'reportedBy', 'status'],
  equipment: ['_id', 'type', 'v', 'site', 'kind', 'label', 'reference'],
  loan: ['_id', 'type', 'v', 'site', 'equipmentId', 'agent', 'service', 'lentAt', 'dueAt', 'lentBy'],
  adviser: ['_id', 'type', 'v', 'name', 'active', 'pin', 'updatedAt', 'updatedBy'],
  shift: ['_id', 'type', 'v', 'site', 'device', 'adviserId', 'adviserName', 'startedAt']
};

const without = (doc: Sample, key: string): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...doc };
  delete copy[key];
  return copy;
};

describe('parseDocument', () => {
  it('covers every type of every database with a sample and a list of required fields', () => {
    for (const [db, schemas] of Object.entries(SCHEMAS_BY_DB)) {
      for (const type of Object.keys(schemas)) {
        expect(SAMPLES.some(([d, s]) => d === db && s.type === type), `${type} in ${db}`).toBe(true);
        expect(REQUIRED[type], type).toBeDefined();
      }
    }
  });

  it.each(SAMPLES)('accepts a valid %s document (%#)', (db, doc) => {
    const res = parseDocument(db, doc);
    expect(res).toEqual({ ok: true, doc: expect.objectContaining({ _id: doc._id, type: doc.type }) });
  });

  it.each(SAMPLES)('accepts a %s document that carries its revision and attachments (%#)', (db, doc) => {
    const res = parseDocument(db, { ...doc, _rev: '3-abc', _conflicts: ['3-def'], _attachments: {} });
    expect(res.ok).toBe(true);
  });

  it.each(SAMPLES.flatMap(([db, doc]) => (REQUIRED[doc.type] ?? []).map((key) => [db, doc.type, key, doc] as const)))(
    'rejects a %s %s without %s',
    (db, _type, key, doc) => {
      const res = parseDocument(db, without(doc, key));
      expect(res.ok).toBe(false);
    }
  );

  it.each(SAMPLES)('rejects a %s document with another schema version (%#)', (db, doc) => {
    for (const v of [0, 2, '1', null]) {
      expect(parseDocument(db, { ...doc, v }).ok, `v=${JSON.stringify(v)}`).toBe(false);
    }
  });

  it('names the type, the field and the rule in the reason', () => {
    const res = parseDocument('accueil', { ...visit(), site: 'chambery' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/^visit: site: /);
    const root = parseDocument('planning', { ...meeting(), end: meeting().start });
    if (!root.ok) expect(root.reason).toBe('meeting: end: la fin doit suivre le début');
    else expect.fail('meeting ending when it starts was accepted');
  });

  it.each([
    ['accueil', 'visitor'],
    ['accueil', 'VISIT'],
    ['referentiel', 'building'],
    ['borne', 'visit']
  ] as const)('rejects an unknown type in %s: %s', (db, type) => {
    const res = parseDocument(db, { ...visit(), type });
    expect(res).toEqual({ ok: false, reason: `unknown type "${type}" in ${db}` });
  });

  it('rejects a document without a type', () => {
    expect(parseDocument('accueil', without(visit(), 'type'))).toEqual({ ok: false, reason: 'unknown type undefined in accueil' });
    expect(parseDocument('accueil', { ...visit(), type: 7 }).ok).toBe(false);
  });

  it.each([
    ['planning', visit()],
    ['referentiel', visit()],
    ['borne', visit()],
    ['accueil', room()],
    ['accueil', meeting()],
    ['accueil', service()],
    ['accueil', site()],
    ['accueil', checkin()],
    ['planning', checkin()],
    ['referentiel', conflict()],
    ['borne', conflict()]
  ] as [DbName, Sample][])('rejects a document of a type that does not live in %s (%#)', (db, doc) => {
    const res = parseDocument(db, doc);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toContain('unknown type');
  });

  it.each([null, undefined, 42, 'visit', true])('rejects a non-object: %s', (raw) => {
    expect(parseDocument('accueil', raw)).toEqual({ ok: false, reason: 'not an object' });
  });

  it('rejects an array', () => {
    expect(parseDocument('accueil', [visit()]).ok).toBe(false);
  });

  it.each(['accueil', 'planning', 'referentiel', 'borne'] as DbName[])('accepts a tombstone in %s', (db) => {
    const res = parseDocument(db, { _id: 'visit:curial:x', _rev: '4-abc', _deleted: true });
    expect(res).toEqual({ ok: true, doc: expect.objectContaining({ _id: 'visit:curial:x', _rev: '4-abc', _deleted: true }) });
  });

  it('accepts a tombstone that kept its body, even one that would not validate any more', () => {
    const res = parseDocument('accueil', { ...visit(), v: 0, _rev: '2-a', _deleted: true });
    expect(res.ok).toBe(true);
  });

  it('does not take `_deleted: false` for a tombstone', () => {
    expect(parseDocument('accueil', { _id: 'visit:curial:x', _deleted: false }).ok).toBe(false);
  });

  it.each(['accueil', 'planning', 'referentiel', 'borne'] as DbName[])('accepts a design document in %s', (db) => {
    const ddoc = { _id: '_design/app', validate_doc_update: 'function (newDoc) {}', views: { byType: { map: 'function (d) {}' } } };
    const res = parseDocument(db, ddoc);
    expect(res).toEqual({ ok: true, doc: ddoc });
  });

  it('returns the validated document: text trimmed, defaults filled', () => {
    const res = parseDocument('referentiel', { ...service(), name: '  État civil  ', keywords: undefined });
    expect(res.ok).toBe(true);
    if (res.ok) {
      expect(res.doc.name).toBe('État civil');
      expect(res.doc.keywords).toEqual([]);
    }
  });
});
