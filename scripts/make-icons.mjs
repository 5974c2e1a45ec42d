// Writes the PWA icons (static/icons/*.png): a white door on the city's blue, drawn pixel by
// pixel so that no image tool is needed. Run once; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, safe) {
  const rows = [];
  const m = safe ? 0.2 : 0.12; // maskable icons keep the drawing inside the safe zone
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const u = x / size, v = y / size;
      const door = Math.abs(u - 0.5) < (0.5 - m) * 0.55 && v > m + 0.05 && v < 1 - m;
      const knob = (u - 0.58) ** 2 + (v - 0.58) ** 2 < 0.0012;
      const [r, g, b] = door && !knob ? [255, 255, 255] : [0, 74, 143];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))
  ]);
}
writeFileSync('static/icons/icon-192.png', png(192, false));
writeFileSync('static/icons/icon-512.png', png(512, false));
writeFileSync('static/icons/icon-512-maskable.png', png(512, true));
writeFileSync('static/icons/apple-touch-icon.png', png(180, false));
