// Samples of the issue 9 documents, shared by the schema tests and the design-document parity test.
import type { AdviserDoc, ShiftDoc } from '$lib/domain/adviser';
import type { Fixture } from './fixtures';

export function adviser(overrides: Partial<Fixture<AdviserDoc>> = {}): Fixture<AdviserDoc> {
  return {
    _id: 'adviser:chloe-martin',
    type: 'adviser',
    v: 1,
    name: 'Chloé Martin',
    active: true,
    pin: { algo: 'PBKDF2-SHA256', iterations: 600_000, salt: 'AAECAwQFBgcICQoLDA0ODw==', hash: 'nznZxxwixMRZvCy6zG104hhBhdZx2R8KNKaDRBOghJ0=' },
    updatedAt: '2026-12-01T07:30:00.000Z',
    updatedBy: 'coordinator',
    ...overrides
  };
}

export function shift(overrides: Partial<Fixture<ShiftDoc>> = {}): Fixture<ShiftDoc> {
  const startedAt = overrides.startedAt ?? '2026-12-01T07:55:00.000Z';
  const site = overrides.site ?? 'curial';
  const device = overrides.device ?? 'desk-curial';
  return {
    _id: `shift:${site}:${device}:${Date.parse(startedAt)}`,
    type: 'shift',
    v: 1,
    site,
    device,
    adviserId: 'adviser:chloe-martin',
    adviserName: 'Chloé Martin',
    startedAt,
    ...overrides
  };
}
