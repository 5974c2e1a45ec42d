import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdviserRow, EnrolmentRow } from '$lib/db/read-model';
import type { ShiftDoc } from '$lib/domain/adviser';
import { hashPin, verifyPin } from '$lib/domain/pin';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import { adviser } from '$lib/testing/shift-fixtures';
import { lockAfter } from './attempts';
import { ShiftSession } from './session.svelte';

// Fewer iterations than production: the tests check the logic, not the cost.
const FAST = 100_000;
const ENROLMENT: EnrolmentRow = { key: 'device', name: 'desk-curial', password: 'x', site: 'curial', role: 'desk', label: 'Accueil Curial', enrolledAt: '2026-12-01T07:00:00.000Z' };
let device: TestDevice;
let session: ShiftSession;
let chloe: AdviserRow;
let karim: AdviserRow;

const row = async (id: string, name: string, pin: string): Promise<AdviserRow> => ({ ...adviser({ _id: id, name, pin: await hashPin(pin, FAST) }), id, conflicted: 0, isActive: 1 });
const shiftDoc = (id: string) => device.store.get<ShiftDoc>('accueil', id);

beforeEach(async () => {
  device = memoryDevice();
  session = new ShiftSession(device.rm, () => device.store, () => ENROLMENT);
  chloe = await row('adviser:chloe-martin', 'Chloé Martin', '4821');
  karim = await row('adviser:karim-benali', 'Karim Benali', '7390');
});
afterEach(async () => {
  session.stop();
  await device.close();
});

describe('PIN hash', () => {
  it('verifies the PIN hashed, and no other', async () => {
    const h = await hashPin('4821', FAST);
    expect(h.hash).not.toContain('4821');
    expect(await verifyPin('4821', h)).toBe(true);
    expect(await verifyPin('4822', h)).toBe(false);
    expect(await verifyPin('', h)).toBe(false);
  });

  it('salts each hash: one PIN gives two different hashes', async () => {
    expect((await hashPin('4821', FAST)).hash).not.toBe((await hashPin('4821', FAST)).hash);
  });
});

describe('shift sign-in', () => {
  it('opens a shift document naming the adviser, the building and the tablet', async () => {
    const at = new Date('2026-12-01T07:58:00.000Z');
    expect(await session.signIn(chloe, '4821', at)).toEqual({ ok: true });
    expect(session.current).toMatchObject({ adviserId: chloe.id, adviserName: 'Chloé Martin' });
    const doc = await shiftDoc(session.current!.shiftId);
    expect(doc).toMatchObject({ type: 'shift', site: 'curial', device: 'desk-curial', adviserName: 'Chloé Martin', startedAt: at.toISOString() });
    expect(doc?.endedAt).toBeUndefined();
  });

  it('refuses a wrong PIN and opens nothing', async () => {
    expect((await session.signIn(chloe, '1111')).ok).toBe(false);
    expect(session.current).toBeNull();
    expect(await device.rm.pending.count()).toBe(0);
  });

  it('wrong PINs are rate-limited: after three, even the right PIN waits, and a reload does not reset it', async () => {
    const t0 = Date.parse('2026-12-01T08:00:00.000Z');
    for (let i = 0; i < 2; i++) expect(await session.signIn(chloe, '0000', new Date(t0))).toEqual({ ok: false, lockedUntil: 0 });
    const third = await session.signIn(chloe, '0000', new Date(t0));
    expect(third).toEqual({ ok: false, lockedUntil: t0 + 30_000 });
    const reloaded = new ShiftSession(device.rm, () => device.store, () => ENROLMENT);
    expect(await reloaded.signIn(chloe, '4821', new Date(t0 + 10_000))).toEqual({ ok: false, lockedUntil: t0 + 30_000 });
    expect(await reloaded.signIn(chloe, '4821', new Date(t0 + 31_000))).toEqual({ ok: true });
    reloaded.stop();
  });

  it('locks for longer after each further wrong PIN, up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 20].map(lockAfter)).toEqual([0, 0, 30_000, 60_000, 120_000, 15 * 60_000]);
  });

  it('signing out closes the shift with its reason and time', async () => {
    await session.signIn(chloe, '4821', new Date('2026-12-01T08:00:00.000Z'));
    const id = session.current!.shiftId;
    await session.signOut('sign-out', Date.parse('2026-12-01T12:30:00.000Z'));
    expect(session.current).toBeNull();
    expect(await shiftDoc(id)).toMatchObject({ endedAt: '2026-12-01T12:30:00.000Z', endReason: 'sign-out' });
  });

  it('a colleague taking over closes the first shift as a takeover and opens theirs', async () => {
    await session.signIn(chloe, '4821', new Date('2026-12-01T08:00:00.000Z'));
    const first = session.current!.shiftId;
    await session.signOut('takeover', Date.parse('2026-12-01T10:00:00.000Z'));
    await session.signIn(karim, '7390', new Date('2026-12-01T10:00:05.000Z'));
    expect(await shiftDoc(first)).toMatchObject({ endReason: 'takeover' });
    expect(session.current?.adviserName).toBe('Karim Benali');
  });
});

describe('idle time-out', () => {
  it('warns 30 s before, then returns to the sign-in and ends the shift at the last activity', async () => {
    const t0 = Date.parse('2026-12-01T08:00:00.000Z');
    await session.signIn(chloe, '4821', new Date(t0));
    const id = session.current!.shiftId;
    session.touch(t0 + 60_000);
    await session.tick(t0 + 60_000 + 15 * 60_000 - 20_000);
    expect(session.idleWarningAt).toBe(t0 + 60_000 + 15 * 60_000);
    await session.tick(t0 + 60_000 + 15 * 60_000);
    expect(session.current).toBeNull();
    expect(await shiftDoc(id)).toMatchObject({ endReason: 'idle', endedAt: new Date(t0 + 60_000).toISOString() });
  });

  it('a touch during the warning keeps the adviser signed in', async () => {
    const t0 = Date.parse('2026-12-01T08:00:00.000Z');
    await session.signIn(chloe, '4821', new Date(t0));
    await session.tick(t0 + 15 * 60_000 - 10_000);
    session.touch(t0 + 15 * 60_000 - 5_000);
    await session.tick(t0 + 15 * 60_000 + 1000);
    expect(session.current?.adviserName).toBe('Chloé Martin');
    expect(session.idleWarningAt).toBeNull();
  });

  it('a reload within the idle time keeps the shift; after it, the shift is closed as idle', async () => {
    const t0 = Date.parse('2026-12-01T08:00:00.000Z');
    await session.signIn(chloe, '4821', new Date(t0));
    const id = session.current!.shiftId;
    const soon = new ShiftSession(device.rm, () => device.store, () => ENROLMENT);
    await soon.restore(t0 + 5 * 60_000);
    expect(soon.current?.shiftId).toBe(id);
    soon.stop();
    const late = new ShiftSession(device.rm, () => device.store, () => ENROLMENT);
    await late.restore(t0 + 60 * 60_000);
    expect(late.current).toBeNull();
    expect(await shiftDoc(id)).toMatchObject({ endReason: 'idle', endedAt: new Date(t0).toISOString() });
    late.stop();
  });

  it('the idle time is a device setting among the offered choices', async () => {
    await session.setIdleMinutes(5);
    const reloaded = new ShiftSession(device.rm, () => device.store, () => ENROLMENT);
    await reloaded.restore();
    expect(reloaded.idleMinutes).toBe(5);
    reloaded.stop();
    await expect(session.setIdleMinutes(7)).rejects.toThrow();
  });
});
