import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECEIPT_NUMBER } from '$lib/domain/receipt';
import { memoryReadModel } from '$lib/testing/pouch';
import type { ReadModel } from '$lib/db/read-model';
import { formatReceiptNumber, nextReceiptNumber, randomDeviceCode } from './numbering';
import { receipt } from '$lib/testing/fixtures';

let rm: ReadModel;
beforeEach(() => {
  rm = memoryReadModel();
});
afterEach(async () => {
  rm.close();
  await rm.delete();
});

const NOW = new Date('2026-03-10T09:00:00.000Z');

describe('receipt numbering', () => {
  it('formats site letter, year, device code and a four-digit sequence', () => {
    expect(formatReceiptNumber('curial', '2026', 'K7QX', 42)).toBe('C-2026-K7QX-0042');
    expect(formatReceiptNumber('hdv', '2026', 'K7QX', 12345)).toBe('H-2026-K7QX-12345');
    expect(formatReceiptNumber('hdv', '2026', 'AB23', 1)).toMatch(RECEIPT_NUMBER);
  });

  it('draws device codes from an alphabet without 0, O, 1 or I', () => {
    for (let i = 0; i < 200; i++) expect(randomDeviceCode()).toMatch(/^[A-HJ-NP-Z2-9]{4}$/);
  });

  it('keeps one device code and counts up, durably, per device', async () => {
    const a = await nextReceiptNumber(rm, 'curial', NOW, () => 'K7QX');
    const b = await nextReceiptNumber(rm, 'hdv', NOW, () => 'ZZZZ');
    expect([a, b]).toEqual(['C-2026-K7QX-0001', 'H-2026-K7QX-0002']);
    expect(await rm.syncState.get('receipts.seq.2026')).toEqual({ key: 'receipts.seq.2026', value: '2' });
  });

  it('gives different numbers to concurrent calls', async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => nextReceiptNumber(rm, 'curial', NOW, () => 'K7QX')));
    expect(new Set(numbers).size).toBe(20);
  });

  it('starts again at 1 in a new year (Paris time: 31 Dec 23:30 UTC is already 1 January)', async () => {
    await nextReceiptNumber(rm, 'curial', NOW, () => 'K7QX');
    expect(await nextReceiptNumber(rm, 'curial', new Date('2026-12-31T23:30:00.000Z'), () => 'K7QX')).toBe('C-2027-K7QX-0001');
  });

  it('never goes below the receipts this device already made when its counter is lost', async () => {
    await nextReceiptNumber(rm, 'curial', NOW, () => 'K7QX');
    await rm.syncState.delete('receipts.seq.2026');
    await rm.receipts.put({ ...receipt({ number: 'C-2026-K7QX-0007', _id: 'receipt:curial:C-2026-K7QX-0007' }), id: 'receipt:curial:C-2026-K7QX-0007', conflicted: 0, day: '2026-03-10' });
    await rm.receipts.put({ ...receipt({ number: 'C-2026-OTHR-0050', _id: 'receipt:curial:C-2026-OTHR-0050' }), id: 'receipt:curial:C-2026-OTHR-0050', conflicted: 0, day: '2026-03-10' });
    expect(await nextReceiptNumber(rm, 'curial', NOW)).toBe('C-2026-K7QX-0008');
  });
});
