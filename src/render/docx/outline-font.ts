/**
 * The charts' font as ./outline.ts draws it: metrics and the character map
 * from fontkit, each glyph's outline from the font's CFF read in place
 * (pdf/cff-subset.ts, pdf/cff-path.ts). fontkit's own glyph outlines decode
 * the whole CFF table on first use (Noto Sans Hans: 30,888 charstrings and
 * 22,293 subroutines into objects, ≈40 ms of the render worker's start) for
 * the few dozen glyphs the charts' text has. The commands are fontkit's, to
 * the bit; a glyph the reader cannot draw is drawn by fontkit.
 */
import { charstringPath } from '../pdf/cff-path.js';
import { cffReader, type FontFile } from '../pdf/fonts.js';
import type { OutlineFont, OutlineGlyph } from './outline.js';

const made = new WeakMap<FontFile, OutlineFont>();

export function outlineFont(file: FontFile): OutlineFont {
  let outlines = made.get(file);
  if (outlines) return outlines;
  const font = file.font;
  const cff = cffReader(file);
  const glyphs = new Map<number, OutlineGlyph>();
  const commands = (glyph: ReturnType<typeof font.glyphForCodePoint>) => {
    if (cff) {
      try {
        return charstringPath(cff.flatCharstring(glyph.id));
      } catch {
        // drawn by fontkit below
      }
    }
    return glyph.path.commands;
  };
  outlines = {
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    xHeight: font.xHeight,
    hasGlyphForCodePoint: (cp) => font.hasGlyphForCodePoint(cp),
    glyphForCodePoint(cp) {
      const glyph = font.glyphForCodePoint(cp);
      let outline = glyphs.get(glyph.id);
      if (!outline) {
        outline = { id: glyph.id, advanceWidth: glyph.advanceWidth, path: { commands: commands(glyph) } };
        glyphs.set(glyph.id, outline);
      }
      return outline;
    },
  };
  made.set(file, outlines);
  return outlines;
}
