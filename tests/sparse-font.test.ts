/**
 * Noto Sans Hans read without its charstrings (render/pdf/sparse-font.ts):
 * every byte anyone reads is the file's, whether our CFF reader asks for the
 * glyphs it needs or fontkit decodes the CFF table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { CffSubsetter } from '../src/render/pdf/cff-subset.js';
import { sansFont } from '../src/render/pdf/fonts.js';
import { readSparseCffFont } from '../src/render/pdf/sparse-font.js';
import { tempDir } from './helpers/workbook.js';

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const REGULAR = path.join(FONTS, 'NotoSansHans-Regular.otf');
const BOLD = path.join(FONTS, 'NotoSansHans-Bold.otf');

/** bytes of `a` that differ from `b` */
const differing = (a: Uint8Array, b: Uint8Array) => {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
};

describe('a CFF font read without its charstrings', () => {
  it('holds all of the file but the charstrings, and those as they are asked for', () => {
    const whole = readFileSync(REGULAR);
    const sparse = readSparseCffFont(REGULAR)!;
    expect(sparse).toBeDefined();
    expect(sparse.bytes.length).toBe(whole.length);
    // the charstrings are most of the file, and nothing else is missing
    const before = differing(sparse.bytes, whole);
    expect(before).toBeGreaterThan(6_000_000);
    const text = [...'南京市卫生信息中心 12320 热线 2020 年 10 月受理总量'];
    const reference = new CffSubsetter(whole);
    const full = create(whole) as Font;
    const glyphs = [0, ...new Set(text.map((c) => full.glyphForCodePoint(c.codePointAt(0)!).id)), 1000, 20000, 30887];
    const ours = new CffSubsetter(sparse.bytes, sparse.readRange);
    expect(Buffer.from(ours.subset(glyphs)).equals(Buffer.from(reference.subset(glyphs)))).toBe(true);
    expect(Buffer.from(ours.flatCharstring(12345)).equals(Buffer.from(reference.flatCharstring(12345)))).toBe(true);
    // the glyphs' charstrings were read (in blocks), not the font's
    const after = differing(sparse.bytes, whole);
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(6_000_000);
    sparse.readAll();
    expect(differing(sparse.bytes, whole)).toBe(0);
  });

  it('is read whole before fontkit decodes its CFF table: fontkit draws the glyphs it draws from the whole file', async () => {
    const file = await sansFont('bold');
    const reference = create(readFileSync(BOLD)) as Font;
    type Drawn = { path: { commands: unknown[] }; bbox: unknown };
    const glyph = (font: Font, id: number) => (font as unknown as { getGlyph(id: number): Drawn }).getGlyph(id);
    for (const id of [1, 777, 15000, 30000]) {
      expect(glyph(file.font, id).path.commands).toEqual(glyph(reference, id).path.commands);
      expect(glyph(file.font, id).bbox).toEqual(glyph(reference, id).bbox);
    }
    const bytes = (file.font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer;
    expect(differing(bytes, readFileSync(BOLD))).toBe(0);
  });

  it('is not made of a font without CFF outlines (read whole then)', async () => {
    const file = path.join(await tempDir(), 'glyf.ttf');
    writeFileSync(file, Buffer.concat([Buffer.from([0, 1, 0, 0, 0, 0]), Buffer.alloc(64)]));
    expect(readSparseCffFont(file)).toBeUndefined();
  });
});
