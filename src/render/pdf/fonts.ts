/**
 * Fonts and faces. A face (serif 宋体 role, sans 黑体 role, regular or bold)
 * is a fallback chain of font files installed by npm; every character is
 * drawn with the first font of its face's chain that has a glyph for it.
 *
 *   serif      = Noto Serif SC (woff2 chunks)      → Noto Sans Hans Regular
 *   serifBold  = Noto Serif SC Bold (woff2 chunks) → Noto Sans Hans Bold
 *   sans       = Noto Sans Hans Regular
 *   sansBold   = Noto Sans Hans Bold
 *
 * Noto Serif SC ships as ~100 Google-Fonts-style woff2 chunks, each covering
 * the code points its css.css `unicode-range` lists. pdfkit cannot subset
 * woff2 (fontkit copies the transformed glyf table, the glyphs come out
 * blank), so a chunk is decoded to plain TrueType with wawoff2 first; only
 * chunks holding characters a document uses are decoded, and each only once
 * per installation (./font-cache.ts keeps the decoded TrueType on disk).
 *
 * Everything loaded here is cached for the life of the process (fonts,
 * decoded chunks, glyph lookups): building many issues in one process loads
 * each font once. Glyph lookups are synchronous and only valid for code
 * points passed to `prepareFaces` before.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, type Font, type Glyph, type Subset } from 'fontkit';
import { BulletinError } from '../../errors.js';
import { CffSubsetter } from './cff-subset.js';
import { codePointName } from './chars.js';
import { cached, fileIdentity } from './font-cache.js';
import { GlyphMap } from './glyph-map.js';
import { readSparseCffFont, type SparseFont } from './sparse-font.js';
import { TrueTypeSubsetter } from './tt-subset.js';

export type FaceName = 'serif' | 'serifBold' | 'sans' | 'sansBold';

type Weight = 'regular' | 'bold';

/** One font file as pdfkit receives it. */
export interface FontFile {
  /** stable cache key, also the name the font is registered under in pdfkit */
  readonly key: string;
  readonly font: Font;
  readonly unitsPerEm: number;
  /** code point → glyph id, glyph id → advance: ./glyph-map.ts, or fontkit for a font it does not read */
  readonly glyphs: GlyphSource;
}

interface GlyphSource {
  /** 0 (.notdef) when the font has no glyph for the code point */
  glyphId(cp: number): number;
  /** font units */
  advance(glyphId: number): number;
}

/** A resolved glyph: which font draws the code point, and how wide it is. */
export interface GlyphRef {
  readonly cp: number;
  readonly file: FontFile;
  readonly glyphId: number;
  /** advance width in em (font units / unitsPerEm) */
  readonly advance: number;
}

/** A character of laid-out text: its glyph and its width at the size it is set in. */
export interface Piece {
  readonly ch: string;
  readonly glyph: GlyphRef;
  readonly size: number;
  /** points */
  readonly width: number;
}

const FACES: Record<FaceName, { weight: Weight; serif: boolean }> = {
  serif: { weight: 'regular', serif: true },
  serifBold: { weight: 'bold', serif: true },
  sans: { weight: 'regular', serif: false },
  sansBold: { weight: 'bold', serif: false },
};

const SANS_FILE: Record<Weight, string> = {
  regular: 'fonts/NotoSansHans-Regular.otf',
  bold: 'fonts/NotoSansHans-Bold.otf',
};

const SERIF_DIR: Record<Weight, string> = {
  regular: 'noto_serif_sc_regular',
  bold: 'noto_serif_sc_bold',
};

/** The chunks carry the name table of an ExtraLight master; the PDF shows the weight they really are. */
const SERIF_PDF_NAME: Record<Weight, string> = {
  regular: 'NotoSerifSC-Regular',
  bold: 'NotoSerifSC-Bold',
};

/** Finds an installed package's folder the way Node does: node_modules of this module's folder and its parents. */
const packageDirs = new Map<string, string>();

function packageDir(name: string): string {
  const known = packageDirs.get(name);
  if (known) return known;
  const starts = [path.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) {
        packageDirs.set(name, candidate);
        return candidate;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new BulletinError('font', `the font package ${name} is not installed (run npm install)`);
}

// ---------------------------------------------------------------------------
// process-wide caches

const loading = new Map<string, Promise<FontFile>>();
const loaded = new Map<string, FontFile>();
const chunkIndexes = new Map<Weight, Promise<ChunkIndex>>();
const readyIndexes = new Map<Weight, ChunkIndex>();
const glyphCache: Record<FaceName, Map<number, GlyphRef | null>> = {
  serif: new Map(),
  serifBold: new Map(),
  sans: new Map(),
  sansBold: new Map(),
};

function openFont(
  key: string,
  source: string,
  read: () => Promise<Uint8Array | SparseFont>,
  options: { pdfName?: string; outlines?: Outlines } = {},
): Promise<FontFile> {
  let pending = loading.get(key);
  if (pending) return pending;
  pending = (async () => {
    let font: Font;
    let glyphs: GlyphSource;
    try {
      const got = await read();
      const sparse = got instanceof Uint8Array ? undefined : got;
      const bytes = sparse ? sparse.bytes : (got as Uint8Array);
      // fontkit probes the format with Buffer methods
      const parsed = create(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      if (!('unitsPerEm' in parsed)) throw new Error('a font collection, expected a single font');
      font = parsed;
      // pdfkit names the embedded font after postscriptName
      if (options.pdfName !== undefined) Object.defineProperty(font, 'postscriptName', { value: options.pdfName });
      if (sparse) readWholeForFontkit(font, sparse);
      if (options.outlines) useFastSubsets(font, bytes, options.outlines, sparse);
      glyphs = GlyphMap.read(bytes) ?? fontkitGlyphs(font);
    } catch (err) {
      loading.delete(key);
      const reason = err instanceof Error ? err.message : String(err);
      throw new BulletinError('font', `cannot load the font ${source}: ${reason}`, { cause: err });
    }
    const file: FontFile = { key, font, unitsPerEm: font.unitsPerEm, glyphs };
    loaded.set(key, file);
    return file;
  })();
  loading.set(key, pending);
  return pending;
}

/** What a font's outlines are, for the subsetter that writes them: CFF (the sans fonts) or TrueType glyf (the serif chunks). */
type Outlines = 'cff' | 'truetype';

const subsetterChoice: Record<Outlines, 'fast' | 'fontkit'> = { cff: 'fast', truetype: 'fast' };

/** Which subsetter the CFF or the TrueType fonts use from now on (for comparing the two: tests, debugging). */
export function useSubsetter(outlines: Outlines, which: 'fast' | 'fontkit'): void {
  subsetterChoice[outlines] = which;
}

/** ./cff-subset.ts's and ./tt-subset.ts's subsetters: a font holding the glyphs given, numbered in their order. */
interface Subsetter {
  subset(glyphs: readonly number[]): Uint8Array;
}

/** each CFF font's reader (./cff-subset.ts), made on first use: its subsets and the charts' outlines share it */
const cffReaders = new WeakMap<Font, () => CffSubsetter | null>();

/**
 * pdfkit subsets a font through `font.createSubset()`; fontkit's subsetters
 * are slow on these fonts. For the large CFF fonts (Noto Sans Hans: 30,888
 * glyphs, 22,293 subroutines in one font dict) fontkit decodes and
 * re-encodes every subroutine (≈250 ms for a process's first subset,
 * ≈100 ms after); ./cff-subset.ts reads the font in place and writes only
 * the glyphs used, desubroutinized. For the serif chunks (TrueType) fontkit
 * decodes every glyph it includes, twice (35–75 ms for the sample issue's
 * 27 chunks); ./tt-subset.ts copies their bytes (2–7 ms), and writes the
 * same tables but for head's checksum. Should ours fail on a font,
 * fontkit's subsetter is used for that subset (the glyphs in the same order).
 */
function useFastSubsets(font: Font, bytes: Uint8Array, outlines: Outlines, sparse?: SparseFont): void {
  // (fontkit's subsetter decodes the CFF table first, which reads a sparse font whole: readWholeForFontkit)
  const fontkitSubset = font.createSubset.bind(font);
  let subsetter: Subsetter | null | undefined;
  const reader = (): Subsetter | null => {
    if (subsetter === undefined) {
      try {
        subsetter = outlines === 'cff' ? new CffSubsetter(bytes, sparse?.readRange) : new TrueTypeSubsetter(bytes);
      } catch {
        subsetter = null;
      }
    }
    return subsetter;
  };
  if (outlines === 'cff') cffReaders.set(font, () => {
    const cff = reader();
    return cff instanceof CffSubsetter ? cff : null;
  });
  Object.defineProperty(font, 'createSubset', {
    configurable: true,
    value: (): Subset => {
      if (subsetterChoice[outlines] === 'fontkit') return fontkitSubset();
      const fast = reader();
      if (!fast) return fontkitSubset();
      return outlines === 'cff' ? new FastCffSubset(fast, fontkitSubset) : new FastSubset(fast, fontkitSubset);
    },
  });
}

/**
 * A font read without its charstrings (./sparse-font.ts) is read whole
 * before fontkit decodes its CFF table, which any of fontkit's glyph
 * outlines, bounding boxes or glyph names starts with (the outlines of
 * render/docx/outline-font.ts fall back to fontkit's). Through fontkit's
 * `_decodeTable`, the one place its tables are decoded (a test checks that
 * fontkit still goes through it).
 */
function readWholeForFontkit(font: Font, sparse: SparseFont): void {
  const internals = font as unknown as { _decodeTable(table: { tag: string }): unknown };
  const decode = internals._decodeTable;
  Object.defineProperty(font, '_decodeTable', {
    configurable: true,
    value(this: Font, table: { tag: string }) {
      if (table.tag === 'CFF ' || table.tag === 'CFF2') sparse.readAll();
      return decode.call(this, table);
    },
  });
}

/** The font's CFF read in place (null when it is not a CFF font this reader understands). */
export function cffReader(file: FontFile): CffSubsetter | null {
  return cffReaders.get(file.font)?.() ?? null;
}

/**
 * The subset object pdfkit uses (fontkit's interface): glyphs numbered in
 * the order they are included, .notdef first. pdfkit calls includeGlyph and
 * encode, and embeds the font as TrueType (CIDFontType2) unless it has a
 * `cff` property.
 */
class FastSubset implements Subset {
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(
    private readonly subsetter: Subsetter,
    private readonly fallback: () => Subset,
  ) {
    this.includeGlyph(0);
  }

  includeGlyph(glyph: number | Glyph): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    let n = this.mapping.get(id);
    if (n === undefined) {
      n = this.glyphs.length;
      this.glyphs.push(id);
      this.mapping.set(id, n);
    }
    return n;
  }

  encode(): Uint8Array {
    try {
      return this.subsetter.subset(this.glyphs);
    } catch {
      const subset = this.fallback();
      for (const id of this.glyphs) subset.includeGlyph(id);
      return subset.encode();
    }
  }
}

/** pdfkit embeds a subset with `cff` as CIDFontType0C */
class FastCffSubset extends FastSubset {
  readonly cff = true;
}

function sansKey(weight: Weight): string {
  return `sans-${weight}`;
}

function chunkKey(weight: Weight, file: string): string {
  return `serif-${weight}/${file}`;
}

function loadSans(weight: Weight): Promise<FontFile> {
  const file = path.join(packageDir('@embedpdf/fonts-sc'), SANS_FILE[weight]);
  // all but the glyphs' charstrings, which the subsets and the charts' outlines read as they need them
  return openFont(sansKey(weight), file, async () => readSparseCffFont(file) ?? readFile(file), { outlines: 'cff' });
}

/**
 * Noto Sans Hans (regular or bold), the font of the sans face and of the
 * charts' text, loaded once per process: the DOCX draws the charts' text
 * with its outlines (render/docx/outline.ts).
 */
export function sansFont(weight: Weight = 'regular'): Promise<FontFile> {
  return loadSans(weight);
}

let decompressWoff2: ((data: Uint8Array) => Promise<Uint8Array>) | undefined;
let woff2Queue: Promise<unknown> = Promise.resolve();

/**
 * wawoff2 returns a view into its wasm heap that the next call overwrites:
 * calls are queued one at a time and each result is copied out at once.
 */
function woff2ToTtf(data: Uint8Array): Promise<Uint8Array> {
  const next = woff2Queue.then(async () => {
    if (!decompressWoff2) decompressWoff2 = (await import('wawoff2')).default.decompress;
    const view = await decompressWoff2(data);
    return Buffer.from(view);
  });
  woff2Queue = next.catch(() => undefined);
  return next;
}

function loadChunk(weight: Weight, file: string): Promise<FontFile> {
  const pkg = packageDir('noto-serif-sc');
  const source = path.join(pkg, SERIF_DIR[weight], file);
  return openFont(
    chunkKey(weight, file),
    source,
    // decoded once per installation: ./font-cache.ts keeps the TrueType by the woff2 file's identity
    async () => cached('woff2-ttf', await fileIdentity(source), pkg, async () => woff2ToTtf(await readFile(source))),
    { pdfName: SERIF_PDF_NAME[weight], outlines: 'truetype' },
  );
}

/**
 * css.css's unicode ranges: which chunk files list a code point. Kept as
 * ranges sorted by their start, looked up by binary search (a map of every
 * code point, as this once built, cost ≈30 ms a weight to fill).
 */
export class ChunkIndex {
  /** the largest `hi` of ranges 0…i: where a backward scan for overlapping ranges can stop */
  private readonly reach: Int32Array;

  /** `lo`, `hi`, `rule`: the ranges, sorted by lo, then rule */
  private constructor(
    private readonly lo: Int32Array,
    private readonly hi: Int32Array,
    private readonly rule: Int32Array,
    private readonly files: readonly string[],
  ) {
    this.reach = new Int32Array(lo.length);
    let max = -1;
    for (let i = 0; i < hi.length; i++) this.reach[i] = max = Math.max(max, hi[i]!);
  }

  static fromRanges(ranges: readonly { lo: number; hi: number; rule: number }[], files: readonly string[]): ChunkIndex {
    const sorted = [...ranges].sort((a, b) => a.lo - b.lo || a.rule - b.rule);
    return new ChunkIndex(
      Int32Array.from(sorted, (r) => r.lo),
      Int32Array.from(sorted, (r) => r.hi),
      Int32Array.from(sorted, (r) => r.rule),
      files,
    );
  }

  /** The index as bytes, for the font cache: range count, the file names (JSON), then lo, hi and rule (int32, this machine's byte order). */
  toBytes(): Buffer {
    const names = Buffer.from(JSON.stringify(this.files), 'utf8');
    const head = Buffer.alloc(8);
    head.writeUInt32LE(this.lo.length, 0);
    head.writeUInt32LE(names.length, 4);
    const column = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return Buffer.concat([head, names, column(this.lo), column(this.hi), column(this.rule)]);
  }

  /** What toBytes wrote; throws on bytes of another shape. */
  static fromBytes(bytes: Uint8Array): ChunkIndex {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = view.readUInt32LE(0);
    const namesEnd = 8 + view.readUInt32LE(4);
    if (view.length !== namesEnd + 12 * n) throw new Error('a serif chunk index of the wrong size');
    const files = JSON.parse(view.toString('utf8', 8, namesEnd)) as string[];
    const column = (i: number) => {
      const a = new Int32Array(n);
      Buffer.from(a.buffer).set(view.subarray(namesEnd + 4 * n * i, namesEnd + 4 * n * (i + 1)));
      return a;
    };
    return new ChunkIndex(column(0), column(1), column(2), files);
  }

  get size(): number {
    return this.lo.length;
  }

  /** The files whose ranges include `cp`, in the order of their rules in css.css. */
  get(cp: number): string[] | undefined {
    let a = 0;
    let b = this.lo.length - 1;
    let last = -1;
    while (a <= b) {
      const mid = (a + b) >> 1;
      if (this.lo[mid]! <= cp) {
        last = mid;
        a = mid + 1;
      } else b = mid - 1;
    }
    let rules: number[] | undefined;
    for (let i = last; i >= 0 && this.reach[i]! >= cp; i--) {
      if (this.hi[i]! >= cp) (rules ??= []).push(this.rule[i]!);
    }
    if (!rules) return undefined;
    return [...new Set(rules.sort((x, y) => x - y))].map((r) => this.files[r]!);
  }
}

/** Parses css.css: code point → the chunk files whose unicode-range lists it. */
export function parseUnicodeRanges(css: string): ChunkIndex {
  const ranges: { lo: number; hi: number; rule: number }[] = [];
  const files: string[] = [];
  for (const rule of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = rule[1] ?? '';
    const file = /url\(\s*['"]?([^'")]+)['"]?\s*\)/.exec(body)?.[1];
    const list = /unicode-range\s*:\s*([^;}]+)/.exec(body)?.[1];
    if (!file || !list) continue;
    const n = files.push(file) - 1;
    for (const part of list.split(',')) {
      const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
      if (!m || m[1] === undefined) continue;
      const lo = parseInt(m[1].replace(/\?/g, '0'), 16);
      const hi = m[2] !== undefined ? parseInt(m[2], 16) : parseInt(m[1].replace(/\?/g, 'f'), 16);
      if (hi >= lo) ranges.push({ lo, hi, rule: n });
    }
  }
  return ChunkIndex.fromRanges(ranges, files);
}

function loadChunkIndex(weight: Weight): Promise<ChunkIndex> {
  let pending = chunkIndexes.get(weight);
  if (pending) return pending;
  const pkg = packageDir('noto-serif-sc');
  const cssFile = path.join(pkg, SERIF_DIR[weight], 'css.css');
  pending = (async () => {
    let index: ChunkIndex;
    try {
      // parsing the ≈9,000 ranges of css.css took ≈20 ms a weight; the index depends on the file alone
      const parse = async () => parseUnicodeRanges(await readFile(cssFile, 'utf8'));
      const bytes = await cached('serif-chunk-index-1', await fileIdentity(cssFile), pkg, async () => (await parse()).toBytes());
      try {
        index = ChunkIndex.fromBytes(bytes);
      } catch {
        index = await parse();
      }
    } catch (err) {
      chunkIndexes.delete(weight);
      throw new BulletinError('font', `cannot read ${cssFile}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (index.size === 0) throw new BulletinError('font', `no unicode-range rules in ${cssFile}`);
    readyIndexes.set(weight, index);
    return index;
  })();
  chunkIndexes.set(weight, pending);
  return pending;
}

/**
 * Loads what drawing the given code points in the given faces needs: the
 * sans fonts of the faces' weights and the serif chunks covering the code
 * points. Cheap when everything is loaded already.
 */
export async function prepareFaces(needs: ReadonlyMap<FaceName, ReadonlySet<number>>): Promise<void> {
  const tasks: Promise<unknown>[] = [];
  for (const [face, cps] of needs) {
    if (cps.size === 0) continue;
    const { weight, serif } = FACES[face];
    tasks.push(loadSans(weight));
    if (!serif) continue;
    const index = await loadChunkIndex(weight);
    const files = new Set<string>();
    for (const cp of cps) for (const file of index.get(cp) ?? []) files.add(file);
    for (const file of files) tasks.push(loadChunk(weight, file));
  }
  await Promise.all(tasks);
}

/**
 * fontkit's answers, for a font ./glyph-map.ts does not read. The advance
 * comes from the hmtx table, what Glyph.advanceWidth returns: fontkit's
 * getter first decodes the glyph's outline for a bounding box (its vertical
 * metrics, which these fonts lack a vmtx for), ≈0.1 ms a CFF glyph.
 */
function fontkitGlyphs(font: Font): GlyphSource {
  return {
    glyphId: (cp) => (font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).id : 0),
    advance(glyphId) {
      const { metrics } = font.hmtx;
      return metrics.get(Math.min(glyphId, metrics.length - 1))?.advance ?? 0;
    },
  };
}

/** The glyph that draws `cp` in this font, or null when it has none. */
function ref(file: FontFile, cp: number): GlyphRef | null {
  const glyphId = file.glyphs.glyphId(cp);
  return glyphId === 0 ? null : { cp, file, glyphId, advance: file.glyphs.advance(glyphId) / file.unitsPerEm };
}

function mustBeLoaded(key: string): FontFile {
  const file = loaded.get(key);
  if (!file) throw new Error(`font ${key} used before prepareFaces loaded it`);
  return file;
}

/** The glyph that draws `cp` in `face`, or null when no font of the face's chain has one. */
export function glyphFor(face: FaceName, cp: number): GlyphRef | null {
  const cache = glyphCache[face];
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const { weight, serif } = FACES[face];
  let found: GlyphRef | null = null;
  if (serif) {
    const index = readyIndexes.get(weight);
    if (!index) throw new Error(`serif ${weight} used before prepareFaces`);
    for (const file of index.get(cp) ?? []) {
      found = ref(mustBeLoaded(chunkKey(weight, file)), cp);
      if (found) break;
    }
  }
  found ??= ref(mustBeLoaded(sansKey(weight)), cp);
  cache.set(cp, found);
  return found;
}

/** Resolves each character of already cleaned text; the document was checked, so a miss is a bug. */
export function shape(text: string, face: FaceName, size: number): Piece[] {
  const pieces: Piece[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const glyph = glyphFor(face, cp);
    if (!glyph) throw new BulletinError('font', `no font has the character ${codePointName(cp)} (${face})`);
    pieces.push({ ch, glyph, size, width: glyph.advance * size });
  }
  return pieces;
}

export function widthOf(pieces: readonly Piece[]): number {
  let w = 0;
  for (const p of pieces) w += p.width;
  return w;
}

/** Fonts opened so far (for diagnostics and tests). */
export function loadedFontKeys(): string[] {
  return [...loaded.keys()].sort();
}
