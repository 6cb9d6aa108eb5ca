/**
 * src/render/pdf/glyph-map.ts gives fontkit's answers (glyph ids and
 * advance widths), read straight from the font's bytes: compared with
 * fontkit over whole fonts (Noto Sans Hans, cmap format 12; serif chunks,
 * format 4), on fonts built here for the other formats, and it declines
 * (null: fontkit is used) what it does not read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import wawoff2 from 'wawoff2';
import { describe, expect, it } from 'vitest';
import { GlyphMap } from '../src/render/pdf/glyph-map.js';

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const SERIF = path.join(path.dirname(require.resolve('noto-serif-sc/package.json')), 'noto_serif_sc_regular');

/** fontkit's glyph id for a code point (0: none) and its advance the way fonts.ts reads it */
function fontkitGlyph(font: Font, cp: number): number {
  return font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).id : 0;
}
function fontkitAdvance(font: Font, glyphId: number): number {
  const { metrics } = font.hmtx;
  return metrics.get(Math.min(glyphId, metrics.length - 1))?.advance ?? 0;
}

/** every code point of the BMP and of the first supplementary planes' CJK blocks, and a few past them */
const CODE_POINTS = [
  ...Array.from({ length: 0x10000 }, (_, i) => i),
  ...Array.from({ length: 0x3000 }, (_, i) => 0x20000 + i),
  0x2fa1d,
  0x10ffff,
  0x110000,
];

function expectSameAsFontkit(bytes: Buffer): { mapped: number } {
  const map = GlyphMap.read(bytes);
  expect(map).not.toBeNull();
  const font = create(bytes) as Font;
  let mapped = 0;
  const wrong: string[] = [];
  for (const cp of CODE_POINTS) {
    const id = fontkitGlyph(font, cp);
    if (map!.glyphId(cp) !== id) wrong.push(`U+${cp.toString(16)}: ${map!.glyphId(cp)} ≠ ${id}`);
    if (id !== 0) mapped++;
  }
  for (let gid = 0; gid < font.numGlyphs + 2; gid++) if (map!.advance(gid) !== fontkitAdvance(font, gid)) wrong.push(`advance of glyph ${gid}`);
  expect(wrong.slice(0, 5)).toEqual([]);
  return { mapped };
}

describe('the glyph map of a real font', () => {
  it('is fontkit’s for Noto Sans Hans, regular and bold (cmap format 12)', () => {
    for (const file of ['NotoSansHans-Regular.otf', 'NotoSansHans-Bold.otf']) {
      const { mapped } = expectSameAsFontkit(readFileSync(path.join(FONTS, file)));
      expect(mapped).toBeGreaterThan(20_000);
    }
  });

  it('is fontkit’s for serif chunks (TrueType, cmap format 4)', async () => {
    const chunks = readdirSync(SERIF).filter((f) => f.endsWith('.woff2')).sort();
    // the first, a middle and the last chunk: Latin, CJK, and the chunk of the most ranges
    for (const file of [chunks[0]!, chunks[Math.floor(chunks.length / 2)]!, chunks.at(-1)!]) {
      const ttf = Buffer.from(await wawoff2.decompress(readFileSync(path.join(SERIF, file))));
      const { mapped } = expectSameAsFontkit(ttf);
      expect(mapped).toBeGreaterThan(0);
    }
  });
});

/** A font of only the tables GlyphMap reads: cmap (these subtables), hhea and hmtx. */
function font(subtables: { platform: number; encoding: number; bytes: Buffer }[], advances: number[]): Buffer {
  const cmapHead = Buffer.alloc(4 + 8 * subtables.length);
  cmapHead.writeUInt16BE(subtables.length, 2);
  let offset = cmapHead.length;
  subtables.forEach((s, i) => {
    cmapHead.writeUInt16BE(s.platform, 4 + 8 * i);
    cmapHead.writeUInt16BE(s.encoding, 6 + 8 * i);
    cmapHead.writeUInt32BE(offset, 8 + 8 * i);
    offset += s.bytes.length;
  });
  const cmap = Buffer.concat([cmapHead, ...subtables.map((s) => s.bytes)]);
  const hhea = Buffer.alloc(36);
  hhea.writeUInt16BE(advances.length, 34);
  const hmtx = Buffer.alloc(4 * advances.length);
  advances.forEach((a, i) => hmtx.writeUInt16BE(a, 4 * i));
  const tables: [string, Buffer][] = [
    ['cmap', cmap],
    ['hhea', hhea],
    ['hmtx', hmtx],
  ];
  const dir = Buffer.alloc(12 + 16 * tables.length);
  dir.writeUInt32BE(0x00010000, 0);
  dir.writeUInt16BE(tables.length, 4);
  let at = dir.length;
  tables.forEach(([tag, data], i) => {
    dir.write(tag, 12 + 16 * i, 'latin1');
    dir.writeUInt32BE(at, 12 + 16 * i + 8);
    dir.writeUInt32BE(data.length, 12 + 16 * i + 12);
    at += data.length;
  });
  return Buffer.concat([dir, ...tables.map(([, data]) => data)]);
}

const u16 = (...xs: number[]) => Buffer.from(xs.flatMap((x) => [(x >> 8) & 0xff, x & 0xff]));
const u32 = (...xs: number[]) => Buffer.concat(xs.map((x) => u16(x >>> 16, x & 0xffff)));

describe('the glyph map of a made font', () => {
  it('reads format 0 (a byte per code point below 256)', () => {
    const ids = Buffer.alloc(256);
    ids[0x41] = 7;
    const map = GlyphMap.read(font([{ platform: 3, encoding: 1, bytes: Buffer.concat([u16(0, 262, 0), ids]) }], [500]))!;
    expect([map.glyphId(0x41), map.glyphId(0x42), map.glyphId(0x141)]).toEqual([7, 0, 0]);
  });

  it('reads format 6 (a run of code points from firstCode)', () => {
    const map = GlyphMap.read(font([{ platform: 3, encoding: 1, bytes: u16(6, 16, 0, 0x30, 3, 4, 5, 6) }], [500]))!;
    expect([0x2f, 0x30, 0x31, 0x32, 0x33].map((cp) => map.glyphId(cp))).toEqual([0, 4, 5, 6, 0]);
  });

  it('reads format 4 segments by delta and through the glyph id array', () => {
    // segment 1: 0x41–0x43 by delta −0x40 (glyphs 1–3); segment 2: 0x61–0x62 through the array (9, 0 → 9+delta, none);
    // segment 3: 0xffff, the closing segment
    const segCount = 3;
    const sub = Buffer.concat([
      u16(4, 0, 0, segCount * 2, 0, 0, 0),
      u16(0x43, 0x62, 0xffff), // endCode
      u16(0),
      u16(0x41, 0x61, 0xffff), // startCode
      u16(0x10000 - 0x40, 2, 1), // idDelta
      u16(0, 4, 0), // idRangeOffset: segment 2 points past its own entry and segment 3's to the array
      u16(9, 0), // glyphIdArray
    ]);
    sub.writeUInt16BE(sub.length, 2);
    const map = GlyphMap.read(font([{ platform: 3, encoding: 1, bytes: sub }], [500]))!;
    expect([0x40, 0x41, 0x43, 0x44, 0x61, 0x62, 0x63].map((cp) => map.glyphId(cp))).toEqual([0, 1, 3, 0, 11, 0, 0]);
  });

  it('reads formats 12 (a run of glyphs) and 13 (one glyph for the group)', () => {
    const groups = u32(0x4e00, 0x4e02, 10, 0x20000, 0x20000, 20);
    const header = (format: number) => Buffer.concat([u16(format, 0), u32(16 + groups.length, 0, 2)]);
    const twelve = GlyphMap.read(font([{ platform: 3, encoding: 10, bytes: Buffer.concat([header(12), groups]) }], [500]))!;
    expect([0x4dff, 0x4e00, 0x4e02, 0x4e03, 0x20000].map((cp) => twelve.glyphId(cp))).toEqual([0, 10, 12, 0, 20]);
    const thirteen = GlyphMap.read(font([{ platform: 3, encoding: 10, bytes: Buffer.concat([header(13), groups]) }], [500]))!;
    expect([0x4e00, 0x4e02, 0x20000].map((cp) => thirteen.glyphId(cp))).toEqual([10, 10, 20]);
  });

  it('prefers the subtables in fontkit’s order: (3,10) before (3,1)', () => {
    const bmpOnly = u16(6, 12, 0, 0x41, 1, 3);
    const full = Buffer.concat([u16(12, 0), u32(28, 0, 1), u32(0x41, 0x41, 8)]);
    const map = GlyphMap.read(
      font(
        [
          { platform: 3, encoding: 1, bytes: bmpOnly },
          { platform: 3, encoding: 10, bytes: full },
        ],
        [500],
      ),
    )!;
    expect(map.glyphId(0x41)).toBe(8);
  });

  it('gives the last long metric to the glyphs past them, and 0 without metrics', () => {
    const sub = u16(6, 12, 0, 0x41, 1, 3);
    const map = GlyphMap.read(font([{ platform: 3, encoding: 1, bytes: sub }], [100, 200]))!;
    expect([0, 1, 2, 50].map((g) => map.advance(g))).toEqual([100, 200, 200, 200]);
    expect(GlyphMap.read(font([{ platform: 3, encoding: 1, bytes: sub }], []))!.advance(3)).toBe(0);
  });

  it('declines what it does not read the way fontkit does, so that fontkit is used', () => {
    const sub = u16(6, 12, 0, 0x41, 1, 3);
    // no Unicode subtable (a Macintosh Roman one only)
    expect(GlyphMap.read(font([{ platform: 1, encoding: 0, bytes: sub }], [500]))).toBeNull();
    // format 2 (high-byte mapping)
    expect(GlyphMap.read(font([{ platform: 3, encoding: 1, bytes: u16(2, 6, 0) }], [500]))).toBeNull();
    // a run of code points past the table's end
    expect(GlyphMap.read(font([{ platform: 3, encoding: 1, bytes: u16(6, 12, 0, 0x41, 9, 3) }], [500]))).toBeNull();
    // no font at all
    expect(GlyphMap.read(Buffer.from('not a font'))).toBeNull();
  });
});
