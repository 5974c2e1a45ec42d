import type { CallDoc, TicketDoc } from '$lib/domain/ticket';
import type { Fixture } from './fixtures';

/** A waiting desk ticket of Curial. */
export function ticket(overrides: Partial<Fixture<TicketDoc>> = {}): Fixture<TicketDoc> {
  return {
    _id: 'ticket:curial:2025-03-10:A12',
    type: 'ticket',
    v: 1,
    site: 'curial',
    day: '2025-03-10',
    number: 'A12',
    category: 'general',
    source: 'desk',
    issuedAt: '2025-03-10T08:00:00.000Z',
    status: 'waiting',
    createdBy: 'desk-curial',
    updatedAt: '2025-03-10T08:00:00.000Z',
    updatedBy: 'desk-curial',
    fieldGen: {},
    ...overrides
  };
}

/** A call of that ticket at guichet 2. */
export function call(overrides: Partial<Fixture<CallDoc>> = {}): Fixture<CallDoc> {
  return {
    _id: 'call:curial:2025-03-10:A12:desk-curial',
    type: 'call',
    v: 1,
    site: 'curial',
    day: '2025-03-10',
    number: 'A12',
    guichet: 2,
    calledAt: '2025-03-10T08:10:00.000Z',
    issuedAt: '2025-03-10T08:00:00.000Z',
    device: 'desk-curial',
    ...overrides
  };
}
