// Bytes of a .ics file (an upload on the desk, a feed body on the server) to the text that
// parseIcs reads. RFC 5545 folds lines every 75 octets, not characters, and some producers cut
// a multi-byte UTF-8 character in two: once decoded, each half is already a U+FFFD that no
// string processing can repair. Unfolding must happen on the bytes, before decoding.

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Removes every fold (CRLF or LF followed by a space or a tab). Safe on UTF-8: these bytes never occur inside a multi-byte character. */
function unfold(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === CR && bytes[i + 1] === LF && (bytes[i + 2] === SPACE || bytes[i + 2] === TAB)) {
      i += 2;
    } else if (b === LF && (bytes[i + 1] === SPACE || bytes[i + 1] === TAB)) {
      i += 1;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}

// Bytes 0x80–0x9F of Windows-1252. Browsers decode them so, but Node 20's TextDecoder treats
// the "windows-1252" label as ISO-8859-1 and returns C1 control characters instead.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Decodes an iCalendar body for parseIcs: lines unfolded on the bytes, UTF-8 (the RFC 5545
 * charset, BOM dropped), or Windows-1252 when the bytes are not valid UTF-8 (old Outlook exports).
 */
export function decodeIcs(body: Uint8Array | ArrayBuffer): string {
  const bytes = unfold(body instanceof Uint8Array ? body : new Uint8Array(body));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
}
