import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Reads what a LevelDB folder holds on disk, as an attacker with the files would: the raw bytes,
 * the records of its logs reassembled across their 32 KiB blocks, and every block of its tables
 * (`.ldb`/`.sst`) decompressed when Snappy-compressed. Used to check a purged name is gone from
 * the server's data folder and from Chromium's IndexedDB folder (Chromium's IndexedDB is LevelDB).
 * The formats: https://github.com/google/leveldb/blob/main/doc/log_format.md and table_format.md.
 */

/** Snappy's raw format (https://github.com/google/snappy/blob/main/format_description.txt). */
export function snappyDecompress(input: Buffer): Buffer {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = input[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
  };
  const out = Buffer.alloc(varint());
  let written = 0;
  while (pos < input.length) {
    const tag = input[pos++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let length = tag >> 2;
      if (length >= 60) {
        const bytes = length - 59;
        length = input.readUIntLE(pos, bytes);
        pos += bytes;
      }
      length += 1;
      input.copy(out, written, pos, pos + length);
      pos += length;
      written += length;
      continue;
    }
    let length: number;
    let offset: number;
    if (kind === 1) {
      length = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | input[pos++]!;
    } else if (kind === 2) {
      length = (tag >> 2) + 1;
      offset = input.readUInt16LE(pos);
      pos += 2;
    } else {
      length = (tag >> 2) + 1;
      offset = input.readUInt32LE(pos);
      pos += 4;
    }
    if (offset === 0 || offset > written) throw new Error('snappy: bad copy offset');
    // Byte by byte: a copy may overlap what it is writing (runs).
    for (let i = 0; i < length; i++, written++) out[written] = out[written - offset]!;
  }
  return out.subarray(0, written);
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = buf[pos++]!;
    result += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [result, pos];
  }
}

/** The contents of the block at a handle, decompressed by its trailer's type (0 none, 1 Snappy). */
function blockAt(file: Buffer, offset: number, size: number): Buffer {
  const raw = file.subarray(offset, offset + size);
  const type = file[offset + size];
  return type === 1 ? snappyDecompress(raw) : raw;
}

/** The values of a block's entries (an index block's values are the data blocks' handles). */
function blockValues(block: Buffer): Buffer[] {
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - restarts * 4;
  const values: Buffer[] = [];
  let pos = 0;
  while (pos < end) {
    let unshared: number, valueLength: number;
    [, pos] = readVarint(block, pos);
    [unshared, pos] = readVarint(block, pos);
    [valueLength, pos] = readVarint(block, pos);
    pos += unshared;
    values.push(block.subarray(pos, pos + valueLength));
    pos += valueLength;
  }
  return values;
}

/** Every block of a table file, decompressed: data blocks through the index, then meta and index. */
export function tableBlocks(file: Buffer): Buffer[] {
  const footer = file.subarray(file.length - 48);
  const [metaOffset, a] = readVarint(footer, 0);
  const [metaSize, b] = readVarint(footer, a);
  const [indexOffset, c] = readVarint(footer, b);
  const [indexSize] = readVarint(footer, c);
  const index = blockAt(file, indexOffset, indexSize);
  const blocks = blockValues(index).map((handle) => {
    const [offset, next] = readVarint(handle, 0);
    const [size] = readVarint(handle, next);
    return blockAt(file, offset, size);
  });
  return [...blocks, blockAt(file, metaOffset, metaSize), index];
}

/** Buffer.concat without its typing, which the app's tsconfig (DOM and Node together) rejects. */
function joined(parts: Buffer[]): Buffer {
  const out = Buffer.alloc(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) at += part.copy(out, at);
  return out;
}

/** A log file's records (write batches, plain), reassembled from their fragments. */
export function logRecords(file: Buffer): Buffer[] {
  const BLOCK = 32 * 1024;
  const records: Buffer[] = [];
  let parts: Buffer[] = [];
  for (let block = 0; block < file.length; block += BLOCK) {
    let pos = block;
    while (pos + 7 <= Math.min(block + BLOCK, file.length)) {
      const length = file.readUInt16LE(pos + 4);
      const type = file[pos + 6]!;
      if (type === 0 && length === 0) break; // the block's zero padding
      parts.push(file.subarray(pos + 7, pos + 7 + length));
      // 1 full, 2 first, 3 middle, 4 last
      if (type === 1 || type === 4) {
        records.push(joined(parts));
        parts = [];
      }
      pos += 7 + length;
    }
  }
  if (parts.length) records.push(joined(parts));
  return records;
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

export interface Finding {
  /** The file, relative to the folder scanned. */
  file: string;
  /** Where: the raw bytes, or the decoded content (log records, decompressed table blocks). */
  where: 'raw' | 'decoded';
  count: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []))));
  return nested.flat();
}

/**
 * Every place under `dir` where `text` appears, in UTF-8 and in UTF-16LE (V8's serializer, which
 * Chromium's IndexedDB uses, writes two-byte strings so). Raw bytes of every file, plus for
 * LevelDB files their decoded content. A table that cannot be parsed is an error, not a pass.
 */
export async function findOnDisk(dir: string, text: string): Promise<Finding[]> {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const count = (bufs: Buffer[]) => bufs.reduce((n, b) => n + needles.reduce((m, needle) => m + occurrences(b, needle), 0), 0);
  const findings: Finding[] = [];
  for (const path of await filesUnder(dir)) {
    const file = await readFile(path);
    const name = relative(dir, path);
    const raw = count([file]);
    if (raw) findings.push({ file: name, where: 'raw', count: raw });
    let decoded: Buffer[] = [];
    if (/\.(ldb|sst)$/.test(path) && file.length >= 48) decoded = tableBlocks(file);
    else if (/(\.log|MANIFEST-\d+)$/.test(path)) decoded = logRecords(file);
    const inside = count(decoded);
    if (inside) findings.push({ file: name, where: 'decoded', count: inside });
  }
  return findings;
}
