/**
 * A CFF OpenType font read without its glyphs' charstrings, which are read
 * from the file when they are asked for. Noto Sans Hans is 8.4 MB a weight,
 * 7.5 MB of it charstrings, of which an issue draws a few hundred glyphs:
 * reading both weights whole cost the render worker ≈40 ms of its start
 * and ≈60 ms of CPU (fresh memory is expensive to touch on small virtual
 * machines: 4,170 page faults against 545).
 *
 * The bytes are a buffer of the file's size; what is not read yet is zero
 * (calloc'd memory, which costs nothing until it is written). Readers of the
 * charstrings say what they need (`readRange`, given to ./cff-subset.ts), and
 * anything else that may look there reads the rest first (`readAll`: fontkit
 * decoding the CFF table, fontkit's own subsetter; see fonts.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { charStringsSpan } from './cff-subset.js';
import { tableDirectory } from './sfnt.js';

export interface SparseFont {
  /** the whole file's size; zero where not read yet */
  readonly bytes: Buffer;
  /** reads bytes [start, end) of the CFF table that are not read yet */
  readRange(start: number, end: number): void;
  /** reads all that is not read yet */
  readAll(): void;
}

/** what is read at least, at a time, of the charstrings (a CJK glyph's is ≈250 bytes) */
const BLOCK = 1024;

/** Reads bytes [from, to) of the file into the same place of `bytes`. */
function readSpan(fd: number, path: string, bytes: Buffer, from: number, to: number): void {
  for (let at = from; at < to; ) {
    const n = readSync(fd, bytes, at, to - at, at);
    if (n === 0) throw new Error(`${path} ended at byte ${at} of ${bytes.length}`);
    at += n;
  }
}

/**
 * Reads a CFF OpenType font but its charstrings; undefined when the file is
 * not one (read it whole then). Synchronous: what is read is small (≈0.9 MB
 * of Noto Sans Hans's 8.4), and the CFF's structure is found as it is read.
 */
export function readSparseCffFont(path: string): SparseFont | undefined {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.alloc(size);
    let read = 0;
    const readTo = (end: number) => {
      end = Math.min(end, size);
      if (end > read) readSpan(fd, path, bytes, read, end);
      read = Math.max(read, end);
    };
    readTo(12);
    if (bytes.toString('latin1', 0, 4) !== 'OTTO') return undefined;
    readTo(12 + 16 * bytes.readUInt16BE(4));
    const cff = tableDirectory(bytes).get('CFF ');
    if (!cff) return undefined;
    // the font up to the charstrings, read as the CFF's structure is found
    const span = charStringsSpan(bytes.subarray(cff.start, cff.end), (end) => readTo(cff.start + end));
    const hole = { start: cff.start + span.start, end: cff.start + span.end };
    readTo(hole.start);
    // and all after them
    readSpan(fd, path, bytes, hole.end, size);
    return sparseFont(path, bytes, cff.start, hole);
  } finally {
    closeSync(fd);
  }
}

function sparseFont(path: string, bytes: Buffer, cffStart: number, hole: { start: number; end: number }): SparseFont {
  const blocks = Math.ceil((hole.end - hole.start) / BLOCK);
  const have = new Uint8Array(blocks);
  let missing = blocks;
  // the file stays open while charstrings are missing (for the process, as the font itself): a glyph
  // outlined for a chart is one read, and opening the file for each took longer than reading
  let fd: number | undefined;
  /** reads the blocks [first, last] of the charstrings that are not read yet */
  const readBlocks = (first: number, last: number) => {
    if (missing === 0) return;
    try {
      for (let b = first; b <= last; b++) {
        if (have[b]) continue;
        let e = b;
        while (e + 1 <= last && !have[e + 1]) e++;
        const start = hole.start + b * BLOCK;
        const end = Math.min(hole.end, hole.start + (e + 1) * BLOCK);
        fd ??= openSync(path, 'r');
        readSpan(fd, path, bytes, start, end);
        have.fill(1, b, e + 1);
        missing -= e + 1 - b;
        b = e;
      }
    } catch (error) {
      // a failed read is tried again with the file opened afresh
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      throw error;
    }
    if (missing === 0 && fd !== undefined) {
      closeSync(fd);
      fd = undefined;
    }
  };
  return {
    bytes,
    readRange(start, end) {
      const from = Math.max(cffStart + start, hole.start);
      const to = Math.min(cffStart + end, hole.end);
      if (to > from) readBlocks(Math.floor((from - hole.start) / BLOCK), Math.floor((to - 1 - hole.start) / BLOCK));
    },
    readAll() {
      if (blocks > 0) readBlocks(0, blocks - 1);
    },
  };
}
