/**
 * A font's character map (cmap) and advance widths (hmtx) read straight
 * from its bytes: the cmap subtable's ranges into typed arrays once per
 * font, each advance from hmtx when it is asked for.
 *
 * Why: fontkit reads both through restructure's lazy arrays, which decode
 * an object (with Object.defineProperties) for every entry a lookup
 * touches: a format-12 lookup in Noto Sans Hans's 1,500 groups decodes ≈11
 * groups, and an issue looks up ≈1,800 code points in up to four faces, so
 * glyph lookups took ≈45 ms of the render worker's PDF. Here a lookup is a
 * binary search over typed arrays of the subtable's ranges, and an advance
 * one read of hmtx (Noto Sans Hans holds 30,888 metrics, of which an issue
 * reads a few hundred: they are not copied out).
 *
 * The answers are fontkit's own (tests compare them over whole fonts): the
 * same Unicode subtable is chosen, by the same preference, and searched the
 * same way. A font this does not read the way fontkit would (no Unicode
 * subtable, a format not handled here, a table past the font's end) gets
 * null, and its callers use fontkit.
 */
import { tableDirectory, type TableRange } from './sfnt.js';

/** The (platform, encoding) pairs fontkit's CmapProcessor looks for, in its order. */
const UNICODE_SUBTABLES: readonly (readonly [number, number])[] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

/** code point → glyph id, 0 when the font has none */
type Lookup = (cp: number) => number;

export class GlyphMap {
  private constructor(
    private readonly lookup: Lookup,
    private readonly view: DataView,
    /** where hmtx's long metrics (advance, left side bearing) start, and how many there are */
    private readonly metrics: { start: number; count: number },
  ) {}

  /** The map of a font (an sfnt: TrueType or CFF OpenType); null when it is one fontkit should read. */
  static read(font: Uint8Array): GlyphMap | null {
    try {
      const tables = tableDirectory(font);
      const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
      const cmap = tables.get('cmap');
      const lookup = cmap ? unicodeLookup(view, cmap) : null;
      const metrics = longMetrics(view, tables);
      return lookup && metrics ? new GlyphMap(lookup, view, metrics) : null;
    } catch {
      return null;
    }
  }

  /** The glyph that draws `cp`; 0 (.notdef) when the font has none. fontkit: font.glyphForCodePoint(cp).id. */
  glyphId(cp: number): number {
    return this.lookup(cp);
  }

  /**
   * A glyph's advance width in font units. Glyphs past the long metrics
   * advance as the last of them (fontkit: font.hmtx.metrics, read at
   * min(glyph, length − 1)); 0 when the font has no metrics.
   */
  advance(glyphId: number): number {
    const { start, count } = this.metrics;
    return count === 0 ? 0 : this.view.getUint16(start + 4 * Math.min(glyphId, count - 1));
  }
}

/** hhea's numberOfHMetrics and where they are in hmtx; null without the tables or when they run short. */
function longMetrics(view: DataView, tables: Map<string, TableRange>): { start: number; count: number } | null {
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  if (!hhea || !hmtx || hhea.end - hhea.start < 36) return null;
  const count = view.getUint16(hhea.start + 34);
  return hmtx.start + 4 * count > hmtx.end ? null : { start: hmtx.start, count };
}

/** The lookup of the Unicode subtable fontkit would choose; null when it would choose none, or one of a format not read here. */
function unicodeLookup(view: DataView, cmap: TableRange): Lookup | null {
  const count = view.getUint16(cmap.start + 2);
  if (cmap.start + 4 + 8 * count > cmap.end) return null;
  const records: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < count; i++) {
    const r = cmap.start + 4 + 8 * i;
    records.push({ platform: view.getUint16(r), encoding: view.getUint16(r + 2), offset: view.getUint32(r + 4) });
  }
  for (const [platform, encoding] of UNICODE_SUBTABLES) {
    const record = records.find((r) => r.platform === platform && r.encoding === encoding);
    if (record) return subtableLookup(view, cmap.start + record.offset, cmap.end);
  }
  return null;
}

function subtableLookup(view: DataView, at: number, end: number): Lookup | null {
  if (at + 2 > end) return null;
  switch (view.getUint16(at)) {
    case 0:
      return byteEncoding(view, at, end);
    case 4:
      return segmentsToDeltas(view, at, end);
    case 6:
      return trimmedTable(view, at, end);
    case 12:
      return groups(view, at, end, true);
    case 13:
      return groups(view, at, end, false);
    default:
      return null;
  }
}

/** Format 0: a glyph id byte for each of the first 256 code points. */
function byteEncoding(view: DataView, at: number, end: number): Lookup | null {
  if (at + 6 + 256 > end) return null;
  const ids = new Uint8Array(view.buffer, view.byteOffset + at + 6, 256).slice();
  return (cp) => (cp >= 0 && cp < 256 ? ids[cp]! : 0);
}

/** Format 6: the glyph ids of a run of code points from firstCode. */
function trimmedTable(view: DataView, at: number, end: number): Lookup | null {
  const first = view.getUint16(at + 6);
  const count = view.getUint16(at + 8);
  const from = at + 10;
  if (from + 2 * count > end) return null;
  const ids = new Uint16Array(count);
  for (let i = 0; i < count; i++) ids[i] = view.getUint16(from + 2 * i);
  return (cp) => {
    const i = cp - first;
    return i >= 0 && i < count ? ids[i]! : 0;
  };
}

/**
 * Format 4: segments of code points, each mapped by a delta or through the
 * glyph id array, searched as fontkit does (a binary search over the
 * segments by start and end code).
 */
function segmentsToDeltas(view: DataView, at: number, tableEnd: number): Lookup | null {
  const end = at + view.getUint16(at + 2);
  if (end > tableEnd) return null;
  const segCount = view.getUint16(at + 6) >> 1;
  const ends = at + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  const glyphIds = rangeOffsets + 2 * segCount;
  if (glyphIds > end) return null;
  const column = (from: number) => {
    const a = new Uint16Array(segCount);
    for (let i = 0; i < segCount; i++) a[i] = view.getUint16(from + 2 * i);
    return a;
  };
  const endCode = column(ends);
  const startCode = column(starts);
  const idRangeOffset = column(rangeOffsets);
  const idDelta = new Int16Array(segCount);
  for (let i = 0; i < segCount; i++) idDelta[i] = view.getInt16(deltas + 2 * i);
  const glyphIndexCount = (end - glyphIds) >> 1;
  const glyphIndexArray = new Uint16Array(glyphIndexCount);
  for (let i = 0; i < glyphIndexCount; i++) glyphIndexArray[i] = view.getUint16(glyphIds + 2 * i);
  return (cp) => {
    const seg = rangeOf(startCode, endCode, cp);
    if (seg < 0) return 0;
    const rangeOffset = idRangeOffset[seg]!;
    if (rangeOffset === 0) return (cp + idDelta[seg]!) & 0xffff;
    // the offset counts from the segment's own idRangeOffset entry
    const index = rangeOffset / 2 + (cp - startCode[seg]!) - (segCount - seg);
    const gid = index >= 0 && index < glyphIndexCount ? glyphIndexArray[index]! : 0;
    return gid === 0 ? 0 : (gid + idDelta[seg]!) & 0xffff;
  };
}

/**
 * Formats 12 (a run of glyphs from startGlyphID) and 13 (one glyph for the
 * whole group): groups sorted by code point, found by binary search.
 */
function groups(view: DataView, at: number, end: number, sequential: boolean): Lookup | null {
  const n = view.getUint32(at + 12);
  const from = at + 16;
  if (from + 12 * n > end) return null;
  const firstCodes = new Uint32Array(n);
  const lastCodes = new Uint32Array(n);
  const glyphs = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    firstCodes[i] = view.getUint32(from + 12 * i);
    lastCodes[i] = view.getUint32(from + 12 * i + 4);
    glyphs[i] = view.getUint32(from + 12 * i + 8);
  }
  return (cp) => {
    const group = rangeOf(firstCodes, lastCodes, cp);
    if (group < 0) return 0;
    return sequential ? glyphs[group]! + (cp - firstCodes[group]!) : glyphs[group]!;
  };
}

/**
 * The range [firsts[i], lasts[i]] that holds `cp`, or −1: a binary search
 * over ranges sorted by code point, compared as fontkit compares them (a
 * table whose ranges are out of order gives fontkit's answers too).
 */
function rangeOf(firsts: Uint16Array | Uint32Array, lasts: Uint16Array | Uint32Array, cp: number): number {
  let min = 0;
  let max = firsts.length - 1;
  while (min <= max) {
    const mid = (min + max) >> 1;
    if (cp < firsts[mid]!) max = mid - 1;
    else if (cp > lasts[mid]!) min = mid + 1;
    else return mid;
  }
  return -1;
}
