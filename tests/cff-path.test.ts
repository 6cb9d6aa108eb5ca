/**
 * Glyph outlines read from the CFF in place (render/pdf/cff-path.ts through
 * render/docx/outline-font.ts): fontkit's commands to the bit, without
 * fontkit ever decoding the CFF table.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { charstringPath } from '../src/render/pdf/cff-path.js';
import { cffReader, sansFont } from '../src/render/pdf/fonts.js';
import { outlineFont } from '../src/render/docx/outline-font.js';
import { outlineSvgText } from '../src/render/docx/outline.js';

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
/** a font of its own (not the process's shared one): decoding its CFF here leaves the shared one as it is */
const fontkitFont = (weight: 'regular' | 'bold') =>
  create(readFileSync(path.join(FONTS, weight === 'regular' ? 'NotoSansHans-Regular.otf' : 'NotoSansHans-Bold.otf'))) as Font &
    ({ getGlyph(id: number): { path: { commands: { command: string; args: number[] }[] } } });

const plain = (commands: readonly { command: string; args: readonly number[] }[]) => commands.map((c) => ({ command: c.command, args: [...c.args] }));

describe('charstringPath', () => {
  it.each(['regular', 'bold'] as const)('draws what fontkit draws, for every 5th glyph of Noto Sans Hans %s', async (weight) => {
    const file = await sansFont(weight);
    const cff = cffReader(file);
    expect(cff).not.toBeNull();
    const reference = fontkitFont(weight);
    let curves = 0;
    for (let id = 0; id < file.font.numGlyphs; id += 5) {
      const ours = charstringPath(cff!.flatCharstring(id));
      const theirs = plain(reference.getGlyph(id).path.commands);
      expect(ours, `glyph ${id}`).toEqual(theirs);
      curves += ours.filter((c) => c.command === 'bezierCurveTo').length;
    }
    expect(curves).toBeGreaterThan(10_000);
  }, 60_000);

  it('refuses what it does not draw: subroutine calls, arithmetic, a missing operand', () => {
    // 0 0 rmoveto, then callsubr / 12 10 (add) / rlineto with one operand
    expect(() => charstringPath(Uint8Array.from([139, 139, 21, 139, 10, 14]))).toThrow(/operator 10/);
    expect(() => charstringPath(Uint8Array.from([139, 139, 21, 139, 139, 12, 10, 14]))).toThrow(/12 10/);
    expect(() => charstringPath(Uint8Array.from([139, 139, 21, 139, 25, 14]))).toThrow(/operands/);
  });

  it('closes each contour, and draws nothing after endchar', () => {
    // width 100 (odd count before rmoveto), 10 20 rmoveto, 30 hlineto, 40 vlineto, endchar, then a stray rmoveto
    const path = charstringPath(Uint8Array.from([239, 149, 159, 21, 169, 6, 179, 7, 14, 149, 149, 21]));
    expect(path).toEqual([
      { command: 'moveTo', args: [10, 20] },
      { command: 'lineTo', args: [40, 20] },
      { command: 'lineTo', args: [40, 60] },
      { command: 'closePath', args: [] },
    ]);
  });
});

describe('outlineFont', () => {
  it("outlines the charts' text without fontkit decoding the CFF table", async () => {
    const file = await sansFont('regular');
    const font = outlineFont(file);
    const svg = '<svg><text x="10" y="20" style="font-size:12px">南京市 12320 热线</text></svg>';
    const { svg: out, textLeft } = outlineSvgText(svg, font);
    expect(textLeft).toBe(0);
    expect(out).toMatch(/^<svg><g fill="#000000">(<path transform="matrix\([^"]+\)" d="M[^"]+Z"\/>){10}<\/g><\/svg>$/);
    // the same glyph object for the same character: each outline is read once
    expect(font.glyphForCodePoint(0x5357)).toBe(font.glyphForCodePoint(0x5357));
    const tables = Object.keys((file.font as unknown as { _tables: Record<string, unknown> })._tables);
    expect(tables).toContain('cmap');
    expect(tables).not.toContain('CFF ');
  });
});
