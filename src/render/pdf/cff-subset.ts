/**
 * A fast CFF subsetter for the CID-keyed OpenType fonts the PDF embeds
 * (Noto Sans Hans: 30,888 glyphs, 19 font dicts, one of them with 22,293
 * local subroutines). fontkit's subsetter decodes every INDEX into objects
 * and writes every subroutine back (unused ones as a bare `return`), through
 * restructure's generic encoders: ≈250 ms for the first subset of a process
 * and ≈100 ms after that, and ≈70 KB of empty subroutines in each subset.
 *
 * This one reads the CFF table in place (INDEX offsets are read when needed,
 * nothing is decoded up front) and writes a CID-keyed CFF with the glyphs
 * desubroutinized: every subroutine call is replaced by the subroutine's
 * code, so the subset has no subroutines at all. Charstrings are otherwise
 * copied byte for byte (operands, hints, widths), font dicts and private
 * dicts too (less FontName and Subrs); glyph n of the subset is CID n, as
 * with fontkit's subsets (pdfkit writes CIDs = subset glyph ids).
 *
 * It throws on anything it does not know (CFF2, arithmetic charstring
 * operators, a malformed font); fonts.ts then uses fontkit's subsetter.
 * The output depends only on the font and the glyphs, in order.
 */

import { tableDirectory } from './sfnt.js';

const enum Op {
  hstem = 1,
  vstem = 3,
  callsubr = 10,
  return_ = 11,
  escape = 12,
  endchar = 14,
  hstemhm = 18,
  hintmask = 19,
  cntrmask = 20,
  vstemhm = 23,
  shortint = 28,
  callgsubr = 29,
}

/** An INDEX read in place: item i is bytes [start(i), end(i)). */
class Index {
  readonly count: number;
  /** offset of the byte after the INDEX */
  readonly end: number;
  private readonly offSize: number;
  private readonly offsets: number;
  private readonly data: number;

  constructor(
    private readonly b: Uint8Array,
    at: number,
  ) {
    this.count = (b[at]! << 8) | b[at + 1]!;
    if (this.count === 0) {
      this.offSize = 0;
      this.offsets = at + 2;
      this.data = at + 2;
      this.end = at + 2;
      return;
    }
    this.offSize = b[at + 2]!;
    if (this.offSize < 1 || this.offSize > 4) throw new Error(`CFF: bad INDEX offset size ${this.offSize}`);
    this.offsets = at + 3;
    this.data = this.offsets + (this.count + 1) * this.offSize - 1;
    this.end = this.data + this.offset(this.count);
    if (this.end > b.length) throw new Error('CFF: INDEX runs past the table');
  }

  private offset(i: number): number {
    let v = 0;
    const p = this.offsets + i * this.offSize;
    for (let k = 0; k < this.offSize; k++) v = v * 256 + this.b[p + k]!;
    return v;
  }

  start(i: number): number {
    return this.data + this.offset(i);
  }

  stop(i: number): number {
    return this.data + this.offset(i + 1);
  }

  item(i: number): Uint8Array {
    if (i < 0 || i >= this.count) throw new Error(`CFF: INDEX item ${i} of ${this.count}`);
    return this.b.subarray(this.start(i), this.stop(i));
  }
}

/** A DICT entry: its operator (12 x as 1200 + x) and the raw bytes of its operands. */
interface DictEntry {
  op: number;
  operands: Uint8Array;
  values: number[];
}

function parseDict(d: Uint8Array): DictEntry[] {
  const entries: DictEntry[] = [];
  let i = 0;
  let from = 0;
  let values: number[] = [];
  while (i < d.length) {
    const b = d[i]!;
    if (b <= 21) {
      let op = b;
      const operands = d.subarray(from, i);
      i++;
      if (b === Op.escape) op = 1200 + d[i++]!;
      entries.push({ op, operands, values });
      values = [];
      from = i;
    } else if (b === 28) {
      values.push(((d[i + 1]! << 24) >> 16) | d[i + 2]!);
      i += 3;
    } else if (b === 29) {
      values.push((d[i + 1]! << 24) | (d[i + 2]! << 16) | (d[i + 3]! << 8) | d[i + 4]!);
      i += 5;
    } else if (b === 30) {
      // a real: nibbles up to 0xf; its value is never needed here
      i++;
      while (i < d.length && (d[i]! & 0x0f) !== 0x0f && (d[i]! & 0xf0) !== 0xf0) i++;
      i++;
      values.push(NaN);
    } else if (b >= 32 && b <= 246) {
      values.push(b - 139);
      i++;
    } else if (b >= 247 && b <= 250) {
      values.push((b - 247) * 256 + d[i + 1]! + 108);
      i += 2;
    } else if (b >= 251 && b <= 254) {
      values.push(-(b - 251) * 256 - d[i + 1]! - 108);
      i += 2;
    } else {
      throw new Error(`CFF: bad DICT byte ${b}`);
    }
  }
  return entries;
}

const int32 = (v: number): number[] => [29, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

function dictInt(v: number): number[] {
  if (v >= -107 && v <= 107) return [v + 139];
  if (v >= 108 && v <= 1131) return [((v - 108) >> 8) + 247, (v - 108) & 0xff];
  if (v >= -1131 && v <= -108) return [((-v - 108) >> 8) + 251, (-v - 108) & 0xff];
  if (v >= -32768 && v <= 32767) return [28, (v >> 8) & 0xff, v & 0xff];
  return int32(v);
}

const opBytes = (op: number): number[] => (op >= 1200 ? [12, op - 1200] : [op]);

function writeDict(entries: readonly { op: number; operands: Uint8Array | number[] }[]): Uint8Array {
  const out: number[] = [];
  for (const e of entries) {
    for (const b of e.operands) out.push(b);
    out.push(...opBytes(e.op));
  }
  return Uint8Array.from(out);
}

function writeIndex(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return Uint8Array.from([0, 0]);
  let total = 1;
  for (const it of items) total += it.length;
  const offSize = total <= 0xff ? 1 : total <= 0xffff ? 2 : total <= 0xffffff ? 3 : 4;
  const out = new Uint8Array(3 + (items.length + 1) * offSize + total - 1);
  out[0] = items.length >> 8;
  out[1] = items.length & 0xff;
  out[2] = offSize;
  let p = 3;
  let offset = 1;
  const put = (v: number) => {
    for (let k = offSize - 1; k >= 0; k--) out[p + k] = (v >>> (8 * (offSize - 1 - k))) & 0xff;
    p += offSize;
  };
  put(offset);
  for (const it of items) {
    offset += it.length;
    put(offset);
  }
  for (const it of items) {
    out.set(it, p);
    p += it.length;
  }
  return out;
}

const bias = (count: number): number => (count < 1240 ? 107 : count < 33900 ? 1131 : 32768);

/** Top and font DICT operators */
const D = {
  charStrings: 17,
  private: 18,
  subrs: 19,
  charset: 15,
  encoding: 16,
  ros: 1230,
  cidCount: 1234,
  fdArray: 1236,
  fdSelect: 1237,
  fontName: 1238,
  fontMatrix: 1207,
  fontBBox: 5,
} as const;

interface FontDict {
  /** the font DICT's entries, less FontName and Private */
  entries: DictEntry[];
  /** the private DICT's entries, less Subrs */
  privateEntries: DictEntry[];
  subrs: Index | undefined;
}

/** Finds the 'CFF ' table of an OpenType font (or takes a bare CFF). */
function cffTable(font: Uint8Array): Uint8Array {
  const tag = String.fromCharCode(font[0]!, font[1]!, font[2]!, font[3]!);
  if (tag !== 'OTTO') {
    if (font[0] === 1 && font[2]! >= 4) return font;
    throw new Error(`not a CFF-based OpenType font (${JSON.stringify(tag)})`);
  }
  const cff = tableDirectory(font).get('CFF ');
  if (!cff) throw new Error('the font has no CFF table');
  return font.subarray(cff.start, cff.end);
}

/**
 * A CFF table's header, Name INDEX, Top DICT and CharStrings INDEX, the
 * structure both the subsetter and a reader of the font's parts need.
 * `readTo(n)` is called before bytes below n are looked at, so that a
 * reader can fetch the table's structure only (./sparse-font.ts).
 */
function readHead(cff: Uint8Array, readTo: (end: number) => void = () => undefined) {
  const index = (at: number): Index => {
    readTo(at + 3);
    const count = (cff[at]! << 8) | cff[at + 1]!;
    // the offsets, the last of which gives the INDEX's end
    if (count > 0) readTo(at + 3 + (count + 1) * cff[at + 2]!);
    return new Index(cff, at);
  };
  readTo(4);
  if (cff[0] !== 1) throw new Error(`CFF version ${cff[0]} (only 1 is supported)`);
  const names = index(cff[2]!);
  const topDicts = index(names.end);
  readTo(topDicts.end);
  const top = parseDict(topDicts.item(0));
  const cs = top.find((e) => e.op === D.charStrings)?.values[0];
  if (cs === undefined) throw new Error('CFF: no CharStrings');
  return { names, topDicts, top, charStrings: index(cs) };
}

/**
 * Where a CFF table's CharStrings INDEX keeps the glyphs' charstrings: bytes [start, end) of the
 * table, nearly all of a CJK font (Noto Sans Hans: 7.46 of its 8.03 MB). `readTo` as for readHead.
 */
export function charStringsSpan(cff: Uint8Array, readTo?: (end: number) => void): { start: number; end: number } {
  const { charStrings } = readHead(cff, readTo);
  return { start: charStrings.count > 0 ? charStrings.start(0) : charStrings.end, end: charStrings.end };
}

/**
 * Reads bytes [start, end) of the CFF table, should they not be read yet: a font read without its
 * charstrings (./sparse-font.ts) reads each glyph's when it is asked for.
 */
export type CharstringReader = (start: number, end: number) => void;

/** Type 2 charstrings' argument stack limit (48), with room to spare */
const MAX_OPERANDS = 64;

/** desubroutinize's buffers, reused from glyph to glyph (a thread runs one at a time) */
const scratch = {
  out: new Uint8Array(4096),
  starts: new Int32Array(MAX_OPERANDS),
  ends: new Int32Array(MAX_OPERANDS),
  values: new Float64Array(MAX_OPERANDS),
};

export class CffSubsetter {
  private readonly b: Uint8Array;
  private readonly name: Uint8Array;
  private readonly top: DictEntry[];
  private readonly charStrings: Index;
  private readonly globalSubrs: Index;
  private readonly fds: FontDict[] = [];
  private readonly fdSelect: (gid: number) => number;

  /**
   * @param font the OpenType font file (or a bare CFF table)
   * @param readCharstrings for a font whose charstrings are not read yet (offsets in the CFF table)
   */
  constructor(
    font: Uint8Array,
    private readonly readCharstrings?: CharstringReader,
  ) {
    const b = cffTable(font);
    this.b = b;
    const { names, topDicts, top, charStrings } = readHead(b);
    this.name = names.item(0);
    this.top = top;
    this.charStrings = charStrings;
    const strings = new Index(b, topDicts.end);
    this.globalSubrs = new Index(b, strings.end);
    const get = (op: number) => this.top.find((e) => e.op === op);
    const fdArray = get(D.fdArray)?.values[0];
    const fdSelect = get(D.fdSelect)?.values[0];
    if (get(D.ros) && fdArray !== undefined && fdSelect !== undefined) {
      const fdIndex = new Index(b, fdArray);
      for (let i = 0; i < fdIndex.count; i++) this.fds.push(this.fontDict(parseDict(fdIndex.item(i))));
      this.fdSelect = this.readFdSelect(fdSelect);
    } else {
      // a name-keyed font: its one private dict becomes the one font dict
      this.fds.push(this.fontDict(this.top.filter((e) => e.op === D.private)));
      this.fdSelect = () => 0;
    }
  }

  private fontDict(entries: DictEntry[]): FontDict {
    const priv = entries.find((e) => e.op === D.private);
    let privateEntries: DictEntry[] = [];
    let subrs: Index | undefined;
    if (priv) {
      const [size, offset] = priv.values as [number, number];
      privateEntries = parseDict(this.b.subarray(offset, offset + size));
      const s = privateEntries.find((e) => e.op === D.subrs);
      if (s) subrs = new Index(this.b, offset + s.values[0]!);
      privateEntries = privateEntries.filter((e) => e.op !== D.subrs);
    }
    return { entries: entries.filter((e) => e.op !== D.private && e.op !== D.fontName), privateEntries, subrs };
  }

  private readFdSelect(at: number): (gid: number) => number {
    const b = this.b;
    const format = b[at]!;
    if (format === 0) return (gid) => b[at + 1 + gid]!;
    if (format === 3) {
      const n = (b[at + 1]! << 8) | b[at + 2]!;
      const first = (k: number) => (b[at + 3 + k * 3]! << 8) | b[at + 4 + k * 3]!;
      return (gid) => {
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (first(mid) <= gid) lo = mid;
          else hi = mid - 1;
        }
        return b[at + 5 + lo * 3]!;
      };
    }
    throw new Error(`CFF: FDSelect format ${format}`);
  }

  get numGlyphs(): number {
    return this.charStrings.count;
  }

  /** Has the glyphs' charstrings read (when they are read on demand), near ones together: a few reads, not one per glyph. */
  private readAll(glyphs: readonly number[]): void {
    const read = this.readCharstrings;
    if (!read) return;
    const spans = glyphs
      .filter((gid) => gid >= 0 && gid < this.charStrings.count)
      .map((gid) => [this.charStrings.start(gid), this.charStrings.stop(gid)] as const)
      .sort((a, b) => a[0] - b[0]);
    // charstrings less than 4 KB apart are read in one go
    let [from, to] = spans[0] ?? [0, 0];
    for (const [start, end] of spans) {
      if (start - to > 4096) {
        read(from, to);
        from = start;
      }
      to = Math.max(to, end);
    }
    if (to > from) read(from, to);
  }

  /** The glyph's charstring without subroutines (what ./cff-path.ts draws). */
  flatCharstring(gid: number): Uint8Array {
    return this.desubroutinize(gid, this.fontDictOf(gid));
  }

  /** The glyph's font dict (its index), checking both exist. */
  private fontDictOf(gid: number): number {
    if (!Number.isInteger(gid) || gid < 0 || gid >= this.charStrings.count) throw new Error(`glyph ${gid} of ${this.charStrings.count}`);
    const fd = this.fdSelect(gid);
    if (fd >= this.fds.length) throw new Error(`CFF: font dict ${fd} of ${this.fds.length}`);
    return fd;
  }

  /** The glyph's charstring with every subroutine call replaced by the subroutine's code. */
  desubroutinize(gid: number, fd: number): Uint8Array {
    const b = this.b;
    const locals = this.fds[fd]?.subrs;
    const localBias = locals ? bias(locals.count) : 0;
    const globalBias = bias(this.globalSubrs.count);
    // The output and the operands not yet written (their [start, end) bytes and values) live in
    // buffers reused from glyph to glyph: an object per operand and a growing array of bytes were
    // most of what the render worker allocated while it subset and outlined the sans fonts.
    let out = scratch.out;
    let n = 0;
    const put = (byte: number) => {
      if (n === out.length) {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = scratch.out = grown;
      }
      out[n++] = byte;
    };
    const { starts, ends, values } = scratch;
    let pending = 0;
    const push = (start: number, end: number, value: number) => {
      // Type 2 charstrings keep at most 48 operands; a font that passes that is left to fontkit
      if (pending === MAX_OPERANDS) throw new Error('CFF: too many operands');
      starts[pending] = start;
      ends[pending] = end;
      values[pending++] = value;
    };
    let stems = 0;
    const flush = () => {
      for (let p = 0; p < pending; p++) for (let k = starts[p]!; k < ends[p]!; k++) put(b[k]!);
      pending = 0;
    };
    const run = (start: number, end: number, depth: number): 'end' | 'return' | 'fell' => {
      if (depth > 10) throw new Error('CFF: subroutines nested too deep');
      let i = start;
      while (i < end) {
        const v = b[i]!;
        if (v >= 32) {
          if (v <= 246) {
            push(i, i + 1, v - 139);
            i += 1;
          } else if (v <= 250) {
            push(i, i + 2, (v - 247) * 256 + b[i + 1]! + 108);
            i += 2;
          } else if (v <= 254) {
            push(i, i + 2, -(v - 251) * 256 - b[i + 1]! - 108);
            i += 2;
          } else {
            // 16.16 fixed
            const raw = (b[i + 1]! << 24) | (b[i + 2]! << 16) | (b[i + 3]! << 8) | b[i + 4]!;
            push(i, i + 5, raw / 65536);
            i += 5;
          }
          continue;
        }
        if (v === Op.shortint) {
          push(i, i + 3, ((b[i + 1]! << 24) >> 16) | b[i + 2]!);
          i += 3;
          continue;
        }
        i++;
        switch (v) {
          case Op.callsubr:
          case Op.callgsubr: {
            const index = pending > 0 ? values[--pending]! : NaN;
            if (!Number.isInteger(index)) throw new Error('CFF: subroutine call without an index');
            const subrs = v === Op.callsubr ? locals : this.globalSubrs;
            if (!subrs) throw new Error('CFF: local subroutine call in a font dict without subroutines');
            const at = index + (v === Op.callsubr ? localBias : globalBias);
            if (at < 0 || at >= subrs.count) throw new Error(`CFF: subroutine ${at} of ${subrs.count}`);
            const r = run(subrs.start(at), subrs.stop(at), depth + 1);
            if (r === 'end') return 'end';
            break;
          }
          case Op.return_:
            return 'return';
          case Op.endchar:
            flush();
            put(v);
            return 'end';
          case Op.hstem:
          case Op.vstem:
          case Op.hstemhm:
          case Op.vstemhm:
            stems += pending >> 1;
            flush();
            put(v);
            break;
          case Op.hintmask:
          case Op.cntrmask: {
            // operands before a mask are an implied vstem
            stems += pending >> 1;
            flush();
            put(v);
            const bytes = (stems + 7) >> 3;
            for (let k = 0; k < bytes; k++) put(b[i + k]!);
            i += bytes;
            break;
          }
          case Op.escape: {
            const x = b[i++]!;
            // flex, hflex, hflex1, flex1 are drawing operators; the arithmetic and storage ones are not supported
            if (x < 34 || x > 37) throw new Error(`CFF: charstring operator 12 ${x}`);
            flush();
            put(12);
            put(x);
            break;
          }
          default:
            if (v === 0 || v === 2 || v === 9 || v === 13 || v === 15 || v === 16 || v === 17) throw new Error(`CFF: charstring operator ${v}`);
            flush();
            put(v);
        }
      }
      return 'fell';
    };
    this.readCharstrings?.(this.charStrings.start(gid), this.charStrings.stop(gid));
    const r = run(this.charStrings.start(gid), this.charStrings.stop(gid), 0);
    if (r !== 'end') {
      // a charstring must end with endchar; one that runs out is closed here
      flush();
      put(Op.endchar);
    }
    return out.slice(0, n);
  }

  /** A CID-keyed CFF holding `glyphs` (glyph ids of this font, .notdef first) as CIDs 0, 1, 2, … */
  subset(glyphs: readonly number[]): Uint8Array {
    if (glyphs.length === 0 || glyphs[0] !== 0) throw new Error('a subset starts with .notdef (glyph 0)');
    const fdOf = new Map<number, number>();
    const usedFds: number[] = [];
    const select: number[] = [];
    const charstrings: Uint8Array[] = [];
    this.readAll(glyphs);
    for (const gid of glyphs) {
      const fd = this.fontDictOf(gid);
      let local = fdOf.get(fd);
      if (local === undefined) {
        local = usedFds.length;
        usedFds.push(fd);
        fdOf.set(fd, local);
      }
      select.push(local);
      charstrings.push(this.desubroutinize(gid, fd));
    }

    const strings = [Buffer.from('Adobe', 'latin1'), Buffer.from('Identity', 'latin1')];
    const SID = 391; // the first custom string id
    const keep = (op: number) => op === D.fontBBox || op === D.fontMatrix;
    const topFixed: { op: number; operands: Uint8Array | number[] }[] = [
      { op: D.ros, operands: [...dictInt(SID), ...dictInt(SID + 1), ...dictInt(0)] },
      ...this.top.filter((e) => keep(e.op)),
      { op: D.cidCount, operands: dictInt(glyphs.length) },
    ];
    // offsets are written as 5-byte integers, so the top DICT's size does not depend on them
    const withOffsets = (charset: number, fdSelect: number, charStrings: number, fdArray: number) =>
      writeDict([
        ...topFixed,
        { op: D.charset, operands: int32(charset) },
        { op: D.fdSelect, operands: int32(fdSelect) },
        { op: D.charStrings, operands: int32(charStrings) },
        { op: D.fdArray, operands: int32(fdArray) },
      ]);
    const header = Uint8Array.from([1, 0, 4, 4]);
    const nameIndex = writeIndex([this.name]);
    const stringIndex = writeIndex(strings);
    const globalSubrIndex = writeIndex([]);
    const n = glyphs.length;
    const charset = n > 1 ? Uint8Array.from([2, 0, 1, ((n - 2) >> 8) & 0xff, (n - 2) & 0xff]) : Uint8Array.from([0]);
    const fdSelect = Uint8Array.from([0, ...select]);
    const charStringIndex = writeIndex(charstrings);
    const privates = usedFds.map((fd) => writeDict(this.fds[fd]!.privateEntries));

    const topSize = writeIndex([withOffsets(0, 0, 0, 0)]).length;
    const charsetAt = header.length + nameIndex.length + topSize + stringIndex.length + globalSubrIndex.length;
    const fdSelectAt = charsetAt + charset.length;
    const charStringsAt = fdSelectAt + fdSelect.length;
    const fdArrayAt = charStringsAt + charStringIndex.length;
    const fontDicts = (privateAt: number[]) =>
      usedFds.map((fd, k) => writeDict([...this.fds[fd]!.entries, { op: D.private, operands: [...int32(privates[k]!.length), ...int32(privateAt[k]!)] }]));
    const fdArraySize = writeIndex(fontDicts(usedFds.map(() => 0))).length;
    const privateAt: number[] = [];
    let at = fdArrayAt + fdArraySize;
    for (const p of privates) {
      privateAt.push(at);
      at += p.length;
    }
    const parts = [
      header,
      nameIndex,
      writeIndex([withOffsets(charsetAt, fdSelectAt, charStringsAt, fdArrayAt)]),
      stringIndex,
      globalSubrIndex,
      charset,
      fdSelect,
      charStringIndex,
      writeIndex(fontDicts(privateAt)),
      ...privates,
    ];
    const out = new Uint8Array(at);
    let p = 0;
    for (const part of parts) {
      out.set(part, p);
      p += part.length;
    }
    if (p !== at) throw new Error('CFF: subset layout mismatch');
    return out;
  }
}
