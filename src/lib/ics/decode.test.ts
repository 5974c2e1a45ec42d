import { describe, expect, it } from 'vitest';
import { decodeIcs } from './decode';
import { parseIcs } from './parse';

const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
const encoder = new TextEncoder();

/** A one-event feed whose SUMMARY line is given as raw bytes. */
function feed(summary: number[], eol = '\r\n'): Uint8Array {
  const head = encoder.encode(['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20260105T090000Z', ''].join(eol));
  const tail = encoder.encode(['', 'END:VEVENT', 'END:VCALENDAR', ''].join(eol));
  return new Uint8Array([...head, ...summary, ...tail]);
}
const title = (text: string) => {
  const r = parseIcs(text, window);
  if (!r.ok) throw new Error(r.error);
  return r.occurrences[0]!.title;
};
const bytes = (text: string) => [...encoder.encode(text)];

describe('decodeIcs', () => {
  // "é" is C3 A9 in UTF-8; the fold falls between the two bytes.
  const split = [...bytes('SUMMARY:Caf'), 0xc3, 0x0d, 0x0a, 0x20, 0xa9, ...bytes(' crème')];

  it('repairs a fold that splits a multi-byte UTF-8 character', () => {
    expect(title(decodeIcs(feed(split)))).toBe('Café crème');
  });

  it('shows why callers must not decode the body as a string first', () => {
    expect(title(new TextDecoder().decode(feed(split)))).toBe('Caf\uFFFD\uFFFD crème');
  });

  it('handles LF folds, tab continuations, a BOM and ArrayBuffer input', () => {
    const lf = feed([...bytes('SUMMARY:Caf'), 0xc3, 0x0a, 0x09, 0xa9], '\n');
    expect(title(decodeIcs(lf))).toBe('Café');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...feed(bytes('SUMMARY:Accueil'))]);
    expect(title(decodeIcs(withBom.buffer))).toBe('Accueil');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    const latin = [...bytes('SUMMARY:R'), 0xe9, ...bytes('union '), 0x80, ...bytes(' c'), 0x9c, ...bytes('ur')];
    expect(title(decodeIcs(feed(latin)))).toBe('Réunion € cœur');
  });
});
