/**
 * The TrueType subsetter of the serif chunks (src/render/pdf/tt-subset.ts):
 * its subsets draw every glyph as the font does, with the same advance,
 * composite glyphs' components included and renumbered; they are the
 * tables fontkit's subsetter writes, with correct checksums; and a whole
 * issue's PDF reads and looks the same as with fontkit's subsets.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create, type Font, type Glyph } from 'fontkit';
import wawoff2 from 'wawoff2';
import { describe, expect, it, vi } from 'vitest';
import { parseMonth } from '../src/month/month.js';
import { buildIssue } from '../src/pipeline.js';
import { parseUnicodeRanges, useSubsetter } from '../src/render/pdf/fonts.js';
import { TrueTypeSubsetter } from '../src/render/pdf/tt-subset.js';
import { hasPoppler, pdfFonts, pdfText } from './helpers/pdf.js';
import { tempDir } from './helpers/workbook.js';

const require = createRequire(import.meta.url);
const SERIF = path.dirname(require.resolve('noto-serif-sc/package.json'));
const SANS = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');

interface Table {
  checkSum: number;
  offset: number;
  bytes: Buffer;
}

/** An sfnt's tables by tag, in the directory's order. */
function tablesOf(font: Uint8Array): Map<string, Table> {
  const b = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map<string, Table>();
  for (let i = 0; i < b.readUInt16BE(4); i++) {
    const r = 12 + 16 * i;
    const offset = b.readUInt32BE(r + 8);
    tables.set(b.toString('latin1', r, r + 4), { checkSum: b.readUInt32BE(r + 4), offset, bytes: b.subarray(offset, offset + b.readUInt32BE(r + 12)) });
  }
  return tables;
}

/** A font file of these tables (checksums left 0: fontkit does not read them). */
function sfnt(tables: Record<string, Uint8Array>): Buffer {
  const tags = Object.keys(tables);
  const directory = Buffer.alloc(12 + 16 * tags.length);
  directory.writeUInt32BE(0x00010000, 0);
  directory.writeUInt16BE(tags.length, 4);
  const parts: Buffer[] = [directory];
  let at = directory.length;
  tags.forEach((tag, i) => {
    const bytes = tables[tag]!;
    directory.write(tag, 12 + 16 * i, 'latin1');
    directory.writeUInt32BE(at, 12 + 16 * i + 8);
    directory.writeUInt32BE(bytes.length, 12 + 16 * i + 12);
    parts.push(Buffer.from(bytes), Buffer.alloc(((bytes.length + 3) & ~3) - bytes.length));
    at += (bytes.length + 3) & ~3;
  });
  return Buffer.concat(parts);
}

/** fontkit's Font, with what the tests read besides what the renderer does (src/render/pdf/fontkit.d.ts) */
type FullFont = Font & { getGlyph(id: number): Glyph & { path: { toSVG(): string } } };

/** A serif chunk's TrueType, as fonts.ts decodes it (copied out of wawoff2's heap). */
const ttfOf = async (woff2: string): Promise<Buffer> => Buffer.from(await wawoff2.decompress(readFileSync(woff2)));

const fontOf = (bytes: Uint8Array): FullFont => create(Buffer.from(bytes)) as FullFont;

/** fontkit's subset of `glyphs` and the glyph order it ends with (components appended). */
function fontkitSubset(bytes: Uint8Array, glyphs: readonly number[]): { bytes: Uint8Array; order: number[] } {
  const subset = fontOf(bytes).createSubset() as ReturnType<Font['createSubset']> & { glyphs: number[] };
  for (const g of glyphs) subset.includeGlyph(g);
  return { bytes: subset.encode(), order: subset.glyphs };
}

/** Each glyph of `subset` draws and advances as glyph order[n] of `font`. */
function expectSameGlyphs(font: FullFont, subset: FullFont, order: readonly number[]): void {
  expect(subset.numGlyphs).toBe(order.length);
  for (let n = 0; n < order.length; n++) {
    const [a, b] = [font.getGlyph(order[n]!), subset.getGlyph(n)];
    if (a.advanceWidth !== b.advanceWidth || a.path.toSVG() !== b.path.toSVG()) {
      expect({ n, advance: b.advanceWidth, path: b.path.toSVG() }).toEqual({ n, advance: a.advanceWidth, path: a.path.toSVG() });
    }
  }
}

/** The tables of fontkit's subset are ours byte for byte, but for head's checkSumAdjustment (fontkit keeps the font's). */
function expectFontkitTables(ours: Uint8Array, fontkit: Uint8Array): void {
  const [a, b] = [tablesOf(ours), tablesOf(fontkit)];
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [tag, t] of b) {
    const mine = Buffer.from(a.get(tag)!.bytes);
    if (tag === 'head') mine.writeUInt32BE(t.bytes.readUInt32BE(8), 8);
    expect([tag, mine.equals(t.bytes)]).toEqual([tag, true]);
  }
}

/** The sfnt rules: tables sorted by tag, on 4-byte boundaries, their checksums, the binary search fields, the whole file summing to 0xB1B0AFBA. */
function expectWellFormed(font: Uint8Array): void {
  const b = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const sum = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i < to; i += 4) s = (s + b.readUInt32BE(i)) >>> 0;
    return s;
  };
  expect(b.length % 4).toBe(0);
  const tables = tablesOf(font);
  const tags = [...tables.keys()];
  expect(tags).toEqual([...tags].sort());
  const n = tags.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  expect([b.readUInt16BE(6), b.readUInt16BE(8), b.readUInt16BE(10)]).toEqual([16 * pow, Math.log2(pow), 16 * n - 16 * pow]);
  for (const [tag, t] of tables) {
    expect(t.offset % 4).toBe(0);
    const expected = tag === 'head' ? (sum(t.offset, t.offset + 8) + sum(t.offset + 12, t.offset + ((t.bytes.length + 3) & ~3))) >>> 0 : sum(t.offset, t.offset + ((t.bytes.length + 3) & ~3));
    expect([tag, t.checkSum]).toEqual([tag, expected]);
  }
  expect(sum(0, b.length)).toBe(0xb1b0afba);
}

describe('TrueType subsets of the serif chunks', () => {
  const chunk = (weight: 'regular' | 'bold', ch: string, last = false) => {
    const dir = path.join(SERIF, `noto_serif_sc_${weight}`);
    const files = parseUnicodeRanges(readFileSync(path.join(dir, 'css.css'), 'utf8')).get(ch.codePointAt(0)!)!;
    return path.join(dir, last ? files.at(-1)! : files[0]!);
  };
  // CJK chunks, and the Latin one: 252 glyphs, the last 5 without a long horizontal metric of their own
  const files = [chunk('regular', '南'), chunk('regular', '卫'), chunk('bold', '南'), chunk('regular', 'A', true)];
  const decoded = (async () => {
    const fonts: Buffer[] = [];
    // one at a time: wawoff2's result is a view of its heap, overwritten by the next call
    for (const f of files) fonts.push(await ttfOf(f));
    return fonts;
  })();

  it('draw every glyph as the chunk does, with its advance, in the order asked for', async () => {
    let shortMetrics = 0;
    for (const bytes of await decoded) {
      const font = fontOf(bytes);
      const hhea = tablesOf(bytes).get('hhea')!.bytes;
      if (hhea.readUInt16BE(34) < font.numGlyphs) shortMetrics++;
      // every glyph, the last first
      const glyphs = [0, ...Array.from({ length: font.numGlyphs - 1 }, (_, i) => font.numGlyphs - 1 - i)];
      const subset = new TrueTypeSubsetter(bytes).subset(glyphs);
      expectSameGlyphs(font, fontOf(subset), glyphs);
      expectWellFormed(subset);
      expectFontkitTables(subset, fontkitSubset(bytes, glyphs).bytes);
      // and a few glyphs: the same every time
      const few = [0, 7, 3, 30];
      const small = new TrueTypeSubsetter(bytes).subset(few);
      expect(Buffer.from(small).equals(Buffer.from(new TrueTypeSubsetter(bytes).subset(few)))).toBe(true);
      expectSameGlyphs(font, fontOf(small), few);
      expectFontkitTables(small, fontkitSubset(bytes, few).bytes);
    }
    // the chunks hold no composite glyph (see below for those); one has glyphs past hhea's numberOfMetrics
    expect(shortMetrics).toBeGreaterThan(0);
  });

  it('refuse a subset without .notdef first, a glyph twice, and glyphs the font does not have', async () => {
    const [bytes] = await decoded;
    const subsetter = new TrueTypeSubsetter(bytes!);
    expect(() => subsetter.subset([5])).toThrow(/notdef/);
    expect(() => subsetter.subset([0, 5, 5])).toThrow(/twice/);
    expect(() => subsetter.subset([0, subsetter.numGlyphs])).toThrow(/glyph/);
  });
});

/**
 * A small TrueType font with composite glyphs of every record shape (none
 * of Noto Serif SC's chunks has one): glyphs 0–5 from a serif chunk (1
 * empty), then
 *   6: glyph 3 moved (byte arguments)
 *   7: glyph 5 scaled (word arguments), glyph 2 with an x and a y scale
 *   8: glyph 6 (itself composite), glyph 4 through a 2×2 matrix, then instructions
 * loca long, 7 long horizontal metrics (glyphs 7 and 8 advance as glyph 6),
 * and cvt, fpgm, prep tables.
 */
async function compositeFont(changes: { tables?: Record<string, Uint8Array | undefined>; glyph8?: number[][] } = {}): Promise<Buffer> {
  const dir = path.join(SERIF, 'noto_serif_sc_regular');
  const file = parseUnicodeRanges(readFileSync(path.join(dir, 'css.css'), 'utf8')).get('南'.codePointAt(0)!)![0]!;
  const chunk = await ttfOf(path.join(dir, file));
  const font = fontOf(chunk);
  const t = tablesOf(chunk);
  const loca = t.get('loca')!.bytes;
  const glyphBytes = (gid: number) => t.get('glyf')!.bytes.subarray(2 * loca.readUInt16BE(2 * gid), 2 * loca.readUInt16BE(2 * gid + 2));
  const simple = [...'南京卫生'].map((c) => glyphBytes(font.glyphForCodePoint(c.codePointAt(0)!).id));
  const words = (...v: number[]) => {
    const b = Buffer.alloc(2 * v.length);
    v.forEach((x, i) => b.writeInt16BE(x, 2 * i));
    return b;
  };
  const composite = (...records: number[][]) => Buffer.concat([words(-1, 0, -100, 1000, 900), ...records.map((r) => Buffer.from(r))]);
  const glyphs = [
    glyphBytes(0),
    Buffer.alloc(0),
    ...simple,
    composite([0x00, 0x02, 0, 3, 10, 0xec]), // ARGS_ARE_XY_VALUES, glyph 3, (10, -20)
    composite(
      [...words(0x0001 | 0x0002 | 0x0008 | 0x0020, 5, 300, -40, 0x2000)], // words, xy, a scale (0.5), more
      [...words(0x0002 | 0x0040, 2), 5, 6, ...words(0x3000, 0x5000)], // xy, an x and a y scale (0.75, 1.25)
    ),
    composite(
      ...(changes.glyph8 ?? [
        [...words(0x0001 | 0x0002 | 0x0020, 6, 0, 500)], // words, xy, more: glyph 6
        [...words(0x0002 | 0x0080 | 0x0100, 4), 20, 30, ...words(0x4000, 0x1000, 0, 0x4000, 3), 0xb0, 0x01, 0x00], // 2×2, instructions
      ]),
    ),
  ];
  const glyf = Buffer.concat(glyphs);
  const newLoca = Buffer.alloc(4 * (glyphs.length + 1));
  glyphs.reduce((at, g, i) => (newLoca.writeUInt32BE(at + g.length, 4 * (i + 1)), at + g.length), 0);
  const head = Buffer.from(t.get('head')!.bytes);
  head.writeInt16BE(1, 50);
  const hhea = Buffer.from(t.get('hhea')!.bytes);
  hhea.writeUInt16BE(7, 34);
  const maxp = Buffer.from(t.get('maxp')!.bytes);
  maxp.writeUInt16BE(glyphs.length, 4);
  // advances 500, 510, …, 560 and left side bearings 1, 2, …, then those of glyphs 7 and 8
  const hmtx = Buffer.concat([...Array.from({ length: 7 }, (_, g) => words(500 + 10 * g, g + 1)), words(-7, -8)]);
  const tables: Record<string, Uint8Array | undefined> = {
    head,
    hhea,
    maxp,
    hmtx,
    loca: newLoca,
    glyf,
    'cvt ': words(10, 20, -30),
    fpgm: Buffer.from([0xb0, 0x00, 0x2c]),
    prep: t.get('prep')!.bytes,
    ...changes.tables,
  };
  return sfnt(Object.fromEntries(Object.entries(tables).filter((e): e is [string, Uint8Array] => e[1] !== undefined)));
}

describe('TrueType subsets with composite glyphs', () => {
  it('include the components after the glyphs asked for, renumbered, and draw every glyph as the font does', async () => {
    const bytes = await compositeFont();
    const font = fontOf(bytes);
    const glyphs = [0, 8, 2, 7];
    const subset = new TrueTypeSubsetter(bytes).subset(glyphs);
    // components in the order met: glyph 8's (6, 4), glyph 7's (5; 2 is there), then glyph 6's (3)
    const order = [0, 8, 2, 7, 6, 4, 5, 3];
    expect(fontkitSubset(bytes, glyphs).order).toEqual(order);
    const ours = fontOf(subset);
    expectSameGlyphs(font, ours, order);
    const components = (gid: number) => (ours.getGlyph(gid) as unknown as { _decode(): { components: { glyphID: number }[] } })._decode().components.map((c) => c.glyphID);
    expect([components(1), components(3), components(4)]).toEqual([
      [4, 5],
      [6, 2],
      [7],
    ]);
    expectWellFormed(subset);
    expectFontkitTables(subset, fontkitSubset(bytes, glyphs).bytes);
    const t = tablesOf(subset);
    expect([...t.keys()]).toEqual(['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep']);
    expect(t.get('head')!.bytes.readInt16BE(50)).toBe(1); // long loca, as the font's
    expect([t.get('hhea')!.bytes.readUInt16BE(34), t.get('maxp')!.bytes.readUInt16BE(4)]).toEqual([8, 8]);
    // glyphs 8 and 7 advance as glyph 6, the last with a long metric, and keep their own bearings
    const hmtx = t.get('hmtx')!.bytes;
    expect([1, 3].map((n) => [hmtx.readUInt16BE(4 * n), hmtx.readInt16BE(4 * n + 2)])).toEqual([
      [560, -8],
      [560, -7],
    ]);
    expect(t.get('fpgm')!.bytes).toEqual(Buffer.from([0xb0, 0x00, 0x2c]));
  });

  it('refuse what they do not understand, so that fontkit subsets it instead', async () => {
    expect(() => new TrueTypeSubsetter(readFileSync(SANS))).toThrow(/not a TrueType font/);
    expect(() => new TrueTypeSubsetter(Buffer.alloc(8))).toThrow();
    await expect(compositeFont({ tables: { glyf: undefined } }).then((b) => new TrueTypeSubsetter(b))).rejects.toThrow(/no glyf/);
    await expect(compositeFont({ tables: { fvar: Buffer.alloc(16) } }).then((b) => new TrueTypeSubsetter(b))).rejects.toThrow(/variable/);
    await expect(compositeFont({ tables: { loca: Buffer.alloc(20) } }).then((b) => new TrueTypeSubsetter(b))).rejects.toThrow(/loca table is too short/);
    // glyph 8's records: MORE_COMPONENTS on the last, or a component the font does not have
    const runsOn = await compositeFont({ glyph8: [[0x00, 0x22, 0, 6, 0, 0]] });
    const unknown = await compositeFont({ glyph8: [[0x00, 0x02, 0, 99, 0, 0]] });
    expect(() => new TrueTypeSubsetter(runsOn).subset([0, 8])).toThrow(/run past the glyph/);
    expect(() => new TrueTypeSubsetter(unknown).subset([0, 8])).toThrow(/glyph 99 of 9/);
    // loca pointing past glyf
    const bytes = await compositeFont();
    const loca = tablesOf(bytes).get('loca')!;
    bytes.writeUInt32BE(0xffff, loca.offset + 4 * 9);
    expect(() => new TrueTypeSubsetter(bytes).subset([0, 8])).toThrow(/outside glyf/);
  });
});

describe.skipIf(!hasPoppler())('the issue’s PDF with our TrueType subsets', () => {
  it('reads and looks as with fontkit’s, its serif fonts embedded as TrueType subsets; fontkit’s where ours fails', async () => {
    const dir = await tempDir('bulletin-tt-subset-');
    const build = async (which: 'fast' | 'fontkit' | 'failing') => {
      useSubsetter('truetype', which === 'fontkit' ? 'fontkit' : 'fast');
      const subsets = vi.spyOn(TrueTypeSubsetter.prototype, 'subset');
      if (which === 'failing') {
        subsets.mockImplementation(() => {
          throw new Error('a font it does not understand');
        });
      }
      try {
        const fixtures = path.join(import.meta.dirname, '..', 'fixtures');
        const result = await buildIssue({ dataDir: fixtures, month: parseMonth('2020-10'), outDir: path.join(dir, which), formats: ['pdf'] });
        expect(result.ok).toBe(true);
        const file = result.outputs[0]!;
        if (which !== 'failing') execFileSync('pdftoppm', ['-png', '-r', '72', file, path.join(dir, which)]);
        return { file, calls: subsets.mock.calls.length, pages: readdirSync(dir).filter((f) => f.startsWith(`${which}-`)).sort() };
      } finally {
        subsets.mockRestore();
        useSubsetter('truetype', 'fast');
      }
    };
    const fontkit = await build('fontkit');
    const fast = await build('fast');
    const serif = pdfFonts(fast.file).filter((f) => f.name.includes('NotoSerifSC'));
    expect(serif.length).toBeGreaterThan(5);
    expect([fontkit.calls, fast.calls]).toEqual([0, serif.length]);
    const text = pdfText(fast.file);
    expect(text).toMatch(/卫生信息/);
    expect(text).toBe(pdfText(fontkit.file));
    expect(fast.pages.length).toBe(fontkit.pages.length);
    for (let i = 0; i < fast.pages.length; i++) {
      expect([i, readFileSync(path.join(dir, fast.pages[i]!)).equals(readFileSync(path.join(dir, fontkit.pages[i]!)))]).toEqual([i, true]);
    }
    expect(pdfFonts(fontkit.file).filter((f) => f.name.includes('NotoSerifSC')).length).toBe(serif.length);
    for (const f of serif) expect(f).toMatchObject({ type: 'CID TrueType', embedded: true, subset: true, unicode: true });
    // where our subsetter throws, each subset is fontkit's: the very PDF fontkit's subsets make
    const failing = await build('failing');
    expect(failing.calls).toBe(serif.length);
    expect(readFileSync(failing.file).equals(readFileSync(fontkit.file))).toBe(true);
  });
});
