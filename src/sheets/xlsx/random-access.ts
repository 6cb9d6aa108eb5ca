/**
 * What the zip and file sniffing code reads a workbook through: positioned
 * reads, as a FileHandle has them. A small workbook (a month's summary tables
 * are about 10 KB each) is read into memory in one call and served from
 * there: positioned reads through the thread pool, a dozen per workbook,
 * cost ≈50 ms over the ≈24 workbooks of a build, more than the reading. A
 * large one (a call-detail log) stays on disk and is streamed
 * (XlsxLimits.wholeFileBytes sets the size between).
 */
import type { FileHandle } from 'node:fs/promises';

export interface RandomAccess {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** The file's bytes served from memory (the same answers a FileHandle would give, short reads at the end included). */
export function inMemory(bytes: Buffer): RandomAccess {
  return {
    read(buffer, offset, length, position) {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      if (n > 0) bytes.copy(buffer, offset, position, position + n);
      return Promise.resolve({ bytesRead: n });
    },
  };
}

/** `length` bytes from `position`, fewer where the file ends first (reads are repeated until it does). */
export async function readUpTo(source: RandomAccess, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await source.read(buf, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

/** The whole file when it has at most `wholeFileBytes`, else the handle itself. */
export async function randomAccess(handle: FileHandle, size: number, wholeFileBytes: number): Promise<RandomAccess> {
  if (size > wholeFileBytes) return handle;
  // a file that shrank while being read is read as what there was (the zip checks then report it)
  return inMemory(await readUpTo(handle, 0, size));
}
