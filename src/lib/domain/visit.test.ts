import { describe, expect, it } from 'vitest';
import { LATE_ARRIVAL, visit } from '$lib/testing/fixtures';
import { visitDoc, visitStatus, VISIT_MUTABLE_FIELDS, type VisitDoc } from './visit';

const issues = (doc: unknown) => {
  const res = visitDoc.safeParse(doc);
  return res.success ? [] : res.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('visitDoc', () => {
  it('accepts a complete visit, checked out or not', () => {
    expect(issues(visit())).toEqual([]);
    expect(issues(visit({ organisation: undefined }))).toEqual([]);
    expect(issues(visit({ checkedOutAt: '2025-03-11T01:00:00.000Z', checkedOutBy: 'Paul Girard' }))).toEqual([]);
    expect(issues(visit({ vigipirate: { idChecked: false, doorOpenedBy: 'Paul', doorOpenedAt: LATE_ARRIVAL, refusedReason: 'Refus de contrôle' } }))).toEqual([]);
  });

  it('rejects an id that names another building', () => {
    expect(issues(visit({ site: 'hdv' }))).toContainEqual({ path: '_id', message: "l'identifiant ne correspond pas au bâtiment" });
    expect(issues(visit({ _id: 'visit:hdv:2025-03-10T23:30:00.000Z:x' }))).toContainEqual(expect.objectContaining({ path: '_id' }));
    expect(issues(visit({ _id: 'visit:curialx:2025:x' }))).toContainEqual(expect.objectContaining({ path: '_id' }));
    expect(issues(visit({ _id: 'meeting:curial:x' }))).toContainEqual(expect.objectContaining({ path: '_id' }));
  });

  it('rejects a checkout before the arrival', () => {
    expect(issues(visit({ checkedOutAt: '2025-03-10T23:29:59.999Z' }))).toEqual([
      { path: 'checkedOutAt', message: "la sortie ne peut précéder l'arrivée" }
    ]);
    expect(issues(visit({ checkedOutAt: LATE_ARRIVAL }))).toEqual([]);
  });

  // Regression: the rule compared the ISO strings, which is only right when both use `Z`
  // and milliseconds; the schema accepts offsets and whole seconds.
  it('compares checkout and arrival as instants, whatever their offset or precision', () => {
    // 00:15 in Paris is 23:15 UTC: before the 23:30 UTC arrival although the string sorts after.
    expect(issues(visit({ checkedOutAt: '2025-03-11T00:15:00+01:00' }))).toContainEqual(expect.objectContaining({ path: 'checkedOutAt' }));
    // 23:00 at UTC-1 is midnight UTC: after the arrival although the string sorts before.
    expect(issues(visit({ checkedOutAt: '2025-03-10T23:00:00-01:00' }))).toEqual([]);
    // Half a second before the arrival, written without milliseconds.
    const arrivedAt = '2025-03-10T23:30:00.500Z';
    expect(issues(visit({ arrivedAt, checkedOutAt: '2025-03-10T23:30:00Z' }))).toContainEqual(expect.objectContaining({ path: 'checkedOutAt' }));
  });

  it.each([
    ['arrivedAt', '2025-03-10 23:30'],
    ['arrivedAt', '2025-03-10T23:30:00'],
    ['arrivedAt', '2025-03-10'],
    ['arrivedAt', '2025-13-10T23:30:00Z'],
    ['arrivedAt', 'hier soir'],
    ['updatedAt', ''],
    ['checkedOutAt', '11/03/2025 08:00']
  ] as const)('rejects %s = %j (not an ISO instant with offset)', (field, value) => {
    expect(issues({ ...visit(), [field]: value })).toContainEqual(expect.objectContaining({ path: field }));
  });

  it('rejects a bad door-opening time', () => {
    expect(issues(visit({ vigipirate: { idChecked: true, doorOpenedBy: 'Paul', doorOpenedAt: 'maintenant' } }))).toContainEqual(
      expect.objectContaining({ path: 'vigipirate.doorOpenedAt' })
    );
  });

  it.each([
    ['visitorName', 120],
    ['reason', 200],
    ['createdBy', 80],
    ['updatedBy', 80]
  ] as const)('bounds %s to %i characters and refuses it blank', (field, max) => {
    expect(issues({ ...visit(), [field]: 'x'.repeat(max) })).toEqual([]);
    expect(issues({ ...visit(), [field]: 'x'.repeat(max + 1) })).toContainEqual(expect.objectContaining({ path: field }));
    expect(issues({ ...visit(), [field]: '   ' })).toContainEqual(expect.objectContaining({ path: field }));
  });

  it('bounds the optional texts', () => {
    expect(issues(visit({ organisation: 'x'.repeat(121) }))).toContainEqual(expect.objectContaining({ path: 'organisation' }));
    expect(issues(visit({ checkedOutAt: LATE_ARRIVAL, checkedOutBy: 'x'.repeat(81) }))).toContainEqual(expect.objectContaining({ path: 'checkedOutBy' }));
    const vigipirate = { idChecked: false, doorOpenedBy: 'Paul', doorOpenedAt: LATE_ARRIVAL, refusedReason: 'x'.repeat(301) };
    expect(issues(visit({ vigipirate }))).toContainEqual(expect.objectContaining({ path: 'vigipirate.refusedReason' }));
  });

  it('rejects an unknown building, a service id of another kind and a non-boolean identity check', () => {
    expect(issues({ ...visit(), site: 'chambery' })).toContainEqual(expect.objectContaining({ path: 'site' }));
    expect(issues(visit({ serviceId: 'room:hdv:salle' }))).toContainEqual(expect.objectContaining({ path: 'serviceId' }));
    expect(issues({ ...visit(), vigipirate: { ...visit().vigipirate, idChecked: 'oui' } })).toContainEqual(
      expect.objectContaining({ path: 'vigipirate.idChecked' })
    );
  });

  it('refuses unknown keys in the Vigipirate facts (strict)', () => {
    expect(issues({ ...visit(), vigipirate: { ...visit().vigipirate, photo: 'data:image/png;base64,…' } })).toContainEqual(
      expect.objectContaining({ path: 'vigipirate' })
    );
  });

  it('accepts fieldGen entries only for mutable fields, with positive integer generations', () => {
    expect(issues(visit({ fieldGen: Object.fromEntries(VISIT_MUTABLE_FIELDS.map((f, i) => [f, i + 1])) }))).toEqual([]);
    expect(issues({ ...visit(), fieldGen: { reason: 0 } })).toContainEqual(expect.objectContaining({ path: 'fieldGen.reason' }));
    expect(issues({ ...visit(), fieldGen: { reason: 1.5 } })).not.toEqual([]);
    expect(issues({ ...visit(), fieldGen: { arrivedAt: 2 } })).not.toEqual([]);
  });
});

describe('visitStatus', () => {
  const v = (o: Partial<VisitDoc>) => visit(o);
  it('is present until checked out, then left', () => {
    expect(visitStatus(v({}))).toBe('present');
    expect(visitStatus(v({ checkedOutAt: '2025-03-11T01:00:00.000Z' }))).toBe('left');
  });
  it('is refused whenever a refusal reason is recorded, checked out or not', () => {
    const vigipirate = { idChecked: false, doorOpenedBy: 'Paul', doorOpenedAt: LATE_ARRIVAL, refusedReason: 'Sac non présenté' };
    expect(visitStatus(v({ vigipirate }))).toBe('refused');
    expect(visitStatus(v({ vigipirate, checkedOutAt: '2025-03-11T01:00:00.000Z' }))).toBe('refused');
  });
});
