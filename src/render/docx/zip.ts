/**
 * A small, reproducible zip writer for the DOCX package: entries in the
 * order given, every entry dated the same, XML deflated once with Node's
 * zlib (in its thread pool, entries in parallel), images stored as they are
 * (PNG is compressed already). No zip64: a part of 4 GiB is refused.
 *
 * The same entries and date always give the same bytes (zlib's output
 * depends only on the input and the settings).
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';

const deflateRaw = promisify(zlib.deflateRaw);

let table: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as zip and PNG use it); zlib's own where Node has it (20.15+). */
export function crc32(data: Uint8Array, initial = 0): number {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(data, initial);
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~initial >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** deflate (true) or store (false) */
  deflate: boolean;
}

/** DOS date and time from the date's UTC fields (1980–2107, 2-second steps). */
function dosDateTime(date: Date): { time: number; day: number } {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

interface EntryFields {
  utf8: number;
  method: number;
  time: number;
  day: number;
  crc: number;
  compressed: number;
  size: number;
  nameLength: number;
}

/**
 * The 26 bytes a local file header (from offset 4) and a central directory
 * header (from offset 6) share, in the same order: version needed (2.0),
 * flags, method, time, date, CRC, compressed and uncompressed size, name length.
 */
function writeEntryFields(buf: Buffer, at: number, f: EntryFields): void {
  buf.writeUInt16LE(20, at);
  buf.writeUInt16LE(f.utf8, at + 2);
  buf.writeUInt16LE(f.method, at + 4);
  buf.writeUInt16LE(f.time, at + 6);
  buf.writeUInt16LE(f.day, at + 8);
  buf.writeUInt32LE(f.crc, at + 10);
  buf.writeUInt32LE(f.compressed, at + 14);
  buf.writeUInt32LE(f.size, at + 18);
  buf.writeUInt16LE(f.nameLength, at + 22);
}

/** Writes the entries as a zip file; `date` must lie in 1980–2107. */
export async function writeZip(entries: readonly ZipEntry[], date: Date, level = 6): Promise<Buffer> {
  const { time, day } = dosDateTime(date);
  const packed = await Promise.all(
    entries.map(async (e) => {
      const data = e.deflate ? await deflateRaw(e.data, { level }) : e.data;
      if (e.data.length >= 0xffffffff || data.length >= 0xffffffff) throw new RangeError(`zip entry ${e.name} is too large`);
      return { name: Buffer.from(e.name, 'utf8'), method: e.deflate ? 8 : 0, crc: crc32(e.data), size: e.data.length, data };
    }),
  );
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of packed) {
    const utf8 = /[^\x20-\x7e]/.test(p.name.toString('latin1')) ? 0x0800 : 0;
    const entry = { utf8, method: p.method, time, day, crc: p.crc, compressed: p.data.length, size: p.size, nameLength: p.name.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, entry);
    // extra field length: 0
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    writeEntryFields(header, 6, entry);
    // extra, comment, disk, internal and external attributes: 0
    header.writeUInt32LE(offset, 42);
    central.push(header, p.name);
    chunks.push(local, p.name, p.data);
    offset += 30 + p.name.length + p.data.length;
    if (offset >= 0xffffffff) throw new RangeError('zip file is too large');
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(packed.length, 8);
  end.writeUInt16LE(packed.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
