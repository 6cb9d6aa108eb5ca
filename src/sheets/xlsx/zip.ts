/**
 * Zip access with limits: the central directory (zip64 too), and each entry
 * as a stream of inflated chunks. Nothing is trusted: offsets are checked
 * against the file, the declared size and ratio are checked before an entry is
 * opened, and the actual inflated bytes are counted while streaming, aborting
 * as soon as a limit is crossed (declared sizes can lie). Sizes and CRC-32 are
 * verified at the end of each entry.
 */
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { corrupt, mib, XlsxError } from './errors.js';
import type { ResolvedLimits } from './limits.js';
import { RATIO_FLOOR_BYTES } from './limits.js';
import { readUpTo, type RandomAccess } from './random-access.js';

export interface ZipEntry {
  /** as stored, with `\` turned into `/` and no leading `/` */
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

/** A workbook's zip directory is a few KB; a million entries would still fit in this. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
// decoded chunks must stay well under 128 KiB: V8 puts larger strings in large-object space, ~30× slower to allocate
const READ_CHUNK = 64 * 1024;
const INFLATE_CHUNK = 64 * 1024;
/**
 * Entries up to this size (declared, compressed and inflated) are read in one
 * call and inflated in one synchronous call, capped at the declared size: a
 * month's summary tables are a few kB each, and the stream machinery cost
 * more than the inflating (≈0.1 s over the ≈100 parts of three months).
 */
const SMALL_ENTRY = 1024 * 1024;

const crc32: ((data: Buffer, value?: number) => number) | undefined =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? zlib.crc32 : undefined;

/** Thrown when the file has no zip end record: the caller decides whether that means "not a zip" or "truncated". */
export class NoZipDirectory extends Error {}

export function normalizeEntryName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '');
}

export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();

  private constructor(
    private readonly handle: RandomAccess,
    readonly size: number,
    /** bytes before the zip proper (a self-extractor stub, say) */
    private readonly shift: number,
    entries: ZipEntry[],
    private readonly limits: ResolvedLimits,
  ) {
    for (const e of entries) {
      if (!this.byName.has(e.name)) this.byName.set(e.name, e);
      const lower = e.name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, e);
    }
  }

  /** Reads the central directory. Throws NoZipDirectory when there is none, XlsxError when it is damaged. */
  static async open(handle: RandomAccess, size: number, limits: ResolvedLimits): Promise<ZipArchive> {
    if (size < EOCD_MIN) throw new NoZipDirectory();
    const tailLength = Math.min(size, EOCD_MIN + MAX_COMMENT + 20);
    const tailStart = size - tailLength;
    const tail = await readAt(handle, tailStart, tailLength);
    let at = -1;
    for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_MIN + tail.readUInt16LE(i + 20) <= tail.length) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new NoZipDirectory();
    const eocdPos = tailStart + at;
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    let recordPos = eocdPos;
    // a zip64 end record, announced by the locator just before the end record (some writers add
    // one even when the classic fields are not saturated; it then sits between directory and end)
    const saturated = count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff;
    const locator = eocdPos >= 20 ? await readAt(handle, eocdPos - 20, 20) : undefined;
    if (locator && locator.readUInt32LE(0) === SIG_EOCD64_LOCATOR) {
      recordPos = u64(locator, 8);
      if (recordPos + 56 > eocdPos) throw corrupt('zip64 目录记录位置越界');
      const rec = await readAt(handle, recordPos, 56);
      if (rec.readUInt32LE(0) !== SIG_EOCD64) throw corrupt('zip64 目录记录损坏');
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
    } else if (saturated) {
      throw corrupt('zip64 目录定位记录缺失');
    }
    const shift = recordPos - (cdOffset + cdSize);
    if (shift < 0 || cdOffset + shift + cdSize > size) {
      throw corrupt(`zip 中央目录越界（文件 ${size} 字节，目录在 ${cdOffset}+${cdSize}）`);
    }
    if (cdSize > MAX_DIRECTORY_BYTES) {
      throw new XlsxError({ code: 'workbook-too-large', expected: `zip 目录不超过 ${mib(MAX_DIRECTORY_BYTES)}`, found: `zip 目录 ${mib(cdSize)}` });
    }
    const cd = await readAt(handle, cdOffset + shift, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    while (p + 46 <= cd.length && entries.length < count) {
      if (cd.readUInt32LE(p) !== SIG_CENTRAL) throw corrupt('zip 中央目录条目损坏');
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let localOffset = cd.readUInt32LE(p + 42);
      const nameStart = p + 46;
      const extraStart = nameStart + nameLength;
      const next = extraStart + extraLength + commentLength;
      if (next > cd.length) throw corrupt('zip 中央目录条目越界');
      const name = normalizeEntryName(cd.toString('utf8', nameStart, extraStart));
      // zip64 extended information: the 64-bit values, in this order, for each field that is saturated
      for (let x = extraStart; x + 4 <= extraStart + extraLength; ) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          const end = q + len;
          if (uncompressedSize === 0xffffffff && q + 8 <= end) (uncompressedSize = u64(cd, q)), (q += 8);
          if (compressedSize === 0xffffffff && q + 8 <= end) (compressedSize = u64(cd, q)), (q += 8);
          if (localOffset === 0xffffffff && q + 8 <= end) localOffset = u64(cd, q);
          break;
        }
        x += 4 + len;
      }
      entries.push({ name, flags, method, crc, compressedSize, uncompressedSize, localOffset });
      p = next;
    }
    if (entries.length < count) throw corrupt(`zip 中央目录不完整（应有 ${count} 项，只有 ${entries.length} 项）`);
    return new ZipArchive(handle, size, shift, entries, limits);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The entry with this name (`/xl/a.xml` and `xl/a.xml` alike), case-insensitively as a fallback. */
  get(name: string): ZipEntry | undefined {
    const n = normalizeEntryName(name);
    return this.byName.get(n) ?? this.byLowerName.get(n.toLowerCase());
  }

  /** Refuses an entry whose declared size or ratio is over the limits, before inflating anything. */
  private checkDeclared(entry: ZipEntry): void {
    const { maxEntryBytes, maxRatio } = this.limits;
    if (entry.uncompressedSize > maxEntryBytes) throw tooLarge(entry, `声明解压后 ${mib(entry.uncompressedSize)}`, this.limits);
    if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > maxRatio * Math.max(entry.compressedSize, 1)) {
      throw tooLarge(entry, `声明压缩比 ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1`, this.limits);
    }
    if (entry.flags & 1) {
      throw new XlsxError({ code: 'encrypted-workbook', found: `${entry.name} 经 zip 加密` });
    }
    if (entry.method !== 0 && entry.method !== 8) throw corrupt(`${entry.name} 使用不支持的压缩方式（${entry.method}）`, 'deflate 或不压缩');
  }

  private async dataStart(entry: ZipEntry): Promise<number> {
    const at = entry.localOffset + this.shift;
    if (at + 30 > this.size) throw corrupt(`${entry.name} 的数据越出文件末尾（文件被截断？）`);
    const header = await readAt(this.handle, at, 30);
    if (header.readUInt32LE(0) !== SIG_LOCAL) throw corrupt(`${entry.name} 的本地文件头损坏`);
    const start = at + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.size) throw corrupt(`${entry.name} 的数据越出文件末尾（文件被截断？）`);
    return start;
  }

  /**
   * The entry's bytes, inflated chunk by chunk. Memory stays bounded by the
   * chunk size; a consumer that stops early (break/return) releases the streams.
   */
  async *stream(entry: ZipEntry): AsyncGenerator<Buffer, void, undefined> {
    this.checkDeclared(entry);
    const start = await this.dataStart(entry);
    const { maxEntryBytes, maxRatio } = this.limits;
    let total = 0;
    let crc = 0;
    if (entry.compressedSize > 0 && entry.compressedSize <= SMALL_ENTRY && entry.uncompressedSize <= SMALL_ENTRY) {
      const whole = await this.inflateSmall(entry, start);
      total = whole.length;
      if (crc32) crc = crc32(whole);
      if (total === entry.uncompressedSize && (!crc32 || crc >>> 0 === entry.crc >>> 0)) {
        yield whole;
        return;
      }
    } else if (entry.compressedSize > 0) {
      // (a FileHandle's own read streams close the handle when destroyed, so the file is read by hand)
      const src = Readable.from(readChunks(this.handle, start, entry.compressedSize), { objectMode: false, highWaterMark: READ_CHUNK });
      const inflater = entry.method === 8 ? zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK }) : undefined;
      if (inflater) {
        src.on('error', (e) => inflater.destroy(e));
        src.pipe(inflater);
      }
      const out: AsyncIterable<Buffer> = inflater ?? src;
      try {
        for await (const chunk of out) {
          total += chunk.length;
          if (total > maxEntryBytes) throw tooLarge(entry, `实际解压超过 ${mib(maxEntryBytes)}`, this.limits);
          if (total > RATIO_FLOOR_BYTES) {
            // bytes the inflater has actually consumed, so a bomb is caught within its first megabytes
            const consumed = inflater ? inflater.bytesWritten : total;
            if (total > maxRatio * Math.max(consumed, 1)) {
              throw tooLarge(entry, `实际压缩比超过 ${maxRatio}:1（${mib(total)} 来自 ${consumed} 字节）`, this.limits);
            }
          }
          if (crc32) crc = crc32(chunk, crc);
          yield chunk;
        }
      } catch (e) {
        if (e instanceof XlsxError) throw e;
        throw corrupt(`${entry.name} 解压失败：${String((e as Error)?.message ?? e).slice(0, 120)}`);
      } finally {
        src.destroy();
        inflater?.destroy();
      }
    }
    if (total !== entry.uncompressedSize) {
      throw corrupt(`${entry.name} 解压后 ${total} 字节，目录中记为 ${entry.uncompressedSize} 字节`);
    }
    if (crc32 && (crc >>> 0) !== entry.crc >>> 0) throw corrupt(`${entry.name} 的 CRC 校验不符`);
  }

  /** A small entry's bytes, inflated at once; never more than its declared size plus one byte. */
  private async inflateSmall(entry: ZipEntry, start: number): Promise<Buffer> {
    const raw = await readAt(this.handle, start, entry.compressedSize);
    if (entry.method !== 8) return raw;
    try {
      // one byte over the declared size is enough to tell that the directory lies
      return zlib.inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1, chunkSize: Math.max(64, Math.min(INFLATE_CHUNK, entry.uncompressedSize + 1)) });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        // a part that inflates beyond what the directory declares is treated as the bomb it may be
        throw tooLarge(entry, `实际解压超过目录中记录的 ${entry.uncompressedSize} 字节`, this.limits);
      }
      throw corrupt(`${entry.name} 解压失败：${String((e as Error)?.message ?? e).slice(0, 120)}`);
    }
  }

  /** A whole (small) entry: workbook.xml, relationships, styles. */
  async read(entry: ZipEntry): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of this.stream(entry)) chunks.push(c);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }
}

function tooLarge(entry: ZipEntry, found: string, limits: ResolvedLimits): XlsxError {
  return new XlsxError({
    code: 'workbook-too-large',
    expected: `每个部件解压后不超过 ${mib(limits.maxEntryBytes)}、压缩比不超过 ${limits.maxRatio}:1`,
    found: `${entry.name}：${found}`,
  });
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('zip64 数值超出范围');
  return Number(v);
}

async function* readChunks(handle: RandomAccess, start: number, length: number): AsyncGenerator<Buffer, void, undefined> {
  const end = start + length;
  for (let pos = start; pos < end; ) {
    const n = Math.min(READ_CHUNK, end - pos);
    yield await readAt(handle, pos, n);
    pos += n;
  }
}

export async function readAt(handle: RandomAccess, position: number, length: number): Promise<Buffer> {
  const buf = await readUpTo(handle, position, length);
  if (buf.length < length) throw corrupt(`文件在第 ${position + buf.length} 字节处提前结束（文件被截断？）`);
  return buf;
}
