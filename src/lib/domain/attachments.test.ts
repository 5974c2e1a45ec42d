import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachmentProblem, attachmentSize, PHOTO_MAX_BYTES, SIGNATURE_MAX_BYTES } from './attachments';
import { isoDay, isoInstant } from './common';
import { roomIssueDoc } from './rounds';
import { visitDoc } from './visit';
import { roomIssue } from '$lib/testing/building-fixtures';
import { attachmentStub, inlineAttachment, visit, withAttachments } from '$lib/testing/fixtures';

const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

describe('attachmentSize', () => {
  it('is the decoded size of inline base64 data, whatever the padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(attachmentSize({ content_type: 'image/png', data: base64(bytes) })).toBe(bytes.length);
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it('is the declared length of a stub or of a part that follows', () => {
    expect(attachmentSize(attachmentStub('image/png', 1234))).toBe(1234);
    expect(attachmentSize({ content_type: 'image/png', follows: true, length: 99 })).toBe(99);
  });

  it('is unknown for data that is not base64 and for a stub without a whole length', () => {
    for (const att of [{ data: '<svg/>' }, { data: 'abc' }, { data: 42 }, { stub: true }, { stub: true, length: -1 }, { stub: true, length: 1.5 }, { length: 10 }]) {
      expect(attachmentSize(att), JSON.stringify(att)).toBeNull();
    }
  });
});

describe('attachment rules', () => {
  it('say in French why a file is refused', () => {
    expect(attachmentProblem('ticket', 'a.png', inlineAttachment('image/png'))).toBe("ce document n'admet aucune pièce jointe");
    expect(attachmentProblem('visit', 'page.html', inlineAttachment('text/html'))).toBe('pièce jointe non admise (seulement signature.png)');
    expect(attachmentProblem('visit', 'signature.png', inlineAttachment('image/svg+xml'))).toBe('type de fichier non admis (seulement image/png)');
    expect(attachmentProblem('visit', 'signature.png', attachmentStub('image/png', SIGNATURE_MAX_BYTES + 1))).toBe('pièce jointe trop lourde (au plus 512 Kio)');
    expect(attachmentProblem('roomissue', 'photo.jpg', attachmentStub('image/jpeg', PHOTO_MAX_BYTES + 1))).toBe('pièce jointe trop lourde (au plus 8 Mio)');
    expect(attachmentProblem('visit', 'toString', inlineAttachment('image/png'))).toBe('pièce jointe non admise (seulement signature.png)');
  });

  it('are applied by the schemas, with the file named in the path', () => {
    const res = visitDoc.safeParse(withAttachments(visit(), { 'page.html': inlineAttachment('text/html') }));
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.path).toEqual(['_attachments', 'page.html']);
    expect(roomIssueDoc.safeParse(withAttachments(roomIssue(), { 'photo.jpg': inlineAttachment('image/heic', 1000) })).success).toBe(true);
    expect(roomIssueDoc.safeParse(withAttachments(roomIssue(), { 'photo.jpg': attachmentStub('image/jpeg', 1000) })).success).toBe(true);
  });
});

describe('days and instants', () => {
  it.each(['2025-02-30', '2025-13-45', '0000-00-00', '0000-01-01', '1900-02-29', '2025-04-31', '2025-1-01', '2025-01-01 '])('refuses the day %s', (day) => {
    expect(isoDay.safeParse(day).success).toBe(false);
  });
  it.each(['0001-01-01', '2024-02-29', '2000-02-29', '2025-12-31', '9999-12-31'])('accepts the day %s', (day) => {
    expect(isoDay.safeParse(day).success).toBe(true);
  });
  it('refuses instants of days that do not exist, and of year 0', () => {
    expect(isoInstant.safeParse('2025-02-30T10:00:00Z').success).toBe(false);
    expect(isoInstant.safeParse('0000-03-01T10:00:00Z').success).toBe(false);
    expect(isoInstant.safeParse('2024-02-29T23:59:59.999+01:00').success).toBe(true);
  });
});
