/**
 * Puts positioned glyphs on a pdfkit page as real text (Type0 fonts with
 * ToUnicode maps, embedded as subsets by pdfkit), one text object per line:
 * runs of the same font and size become one TJ array, and the justification
 * gaps are TJ adjustments, so the glyphs land exactly where the layout put
 * them (pdfkit's own text() would re-shape with kerning and could not mix
 * fonts in a line).
 *
 * This is the only module that touches pdfkit internals: the EmbeddedFont
 * pdfkit creates for a registered font (its subset, widths and unicode
 * tables, the same fields pdfkit's own `encode` fills) and the page's font
 * resources.
 */
import type { FontFile, GlyphRef } from './fonts.js';

export interface PlacedGlyph {
  readonly glyph: GlyphRef;
  readonly size: number;
  /** left edge, points from the page's left edge */
  readonly x: number;
}

/** pdfkit's EmbeddedFont, as far as it is used here */
interface EmbeddedFont {
  readonly id: string;
  readonly subset: { includeGlyph(glyphId: number): number };
  readonly widths: number[];
  readonly unicode: number[][];
  readonly scale: number;
  ref(): unknown;
}

interface PdfKitInternals {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown>; height: number };
  registerFont(name: string, src: unknown): unknown;
  font(name: string): unknown;
  addContent(data: string): unknown;
}

/** PDF number: at most 3 decimals, no trailing zeros (deterministic and compact). */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

export class Ink {
  private readonly doc: PDFKit.PDFDocument;
  private readonly pdf: PdfKitInternals;
  private readonly fonts = new Map<FontFile, EmbeddedFont>();
  private readonly codes = new Map<GlyphRef, string>();

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.pdf = doc as unknown as PdfKitInternals;
  }

  private embedded(file: FontFile): EmbeddedFont {
    let font = this.fonts.get(file);
    if (!font) {
      this.pdf.registerFont(file.key, file.font);
      this.pdf.font(file.key);
      font = this.pdf._font;
      this.fonts.set(file, font);
    }
    return font;
  }

  /** The glyph's 2-byte code in the subset (CID = subset glyph id), registering width and ToUnicode. */
  private code(glyph: GlyphRef, font: EmbeddedFont): string {
    let hex = this.codes.get(glyph);
    if (hex === undefined) {
      const gid = font.subset.includeGlyph(glyph.glyphId);
      if (font.widths[gid] == null) font.widths[gid] = glyph.advance * 1000;
      if (font.unicode[gid] == null) font.unicode[gid] = [glyph.cp];
      hex = gid.toString(16).padStart(4, '0');
      this.codes.set(glyph, hex);
    }
    return hex;
  }

  /**
   * Draws glyphs on the baseline `baseline` (points from the top of the
   * page) in `color` (a fill color pdfkit understands, e.g. '#D40000').
   */
  text(glyphs: readonly PlacedGlyph[], baseline: number, color: string): void {
    if (glyphs.length === 0) return;
    const pageFonts = this.pdf.page.fonts;
    const y = this.pdf.page.height - baseline;
    const out: string[] = [];
    let current: EmbeddedFont | undefined;
    let currentSize = 0;
    let tj: string[] = [];
    let hexRun = '';
    let expectX = 0;
    const flushHex = (): void => {
      if (hexRun) tj.push(`<${hexRun}>`);
      hexRun = '';
    };
    const flushRun = (): void => {
      flushHex();
      if (tj.length > 0) out.push(`[${tj.join(' ')}] TJ`);
      tj = [];
    };
    for (const g of glyphs) {
      const font = this.embedded(g.glyph.file);
      const hex = this.code(g.glyph, font);
      if (font !== current || g.size !== currentSize) {
        flushRun();
        if (pageFonts[font.id] == null) pageFonts[font.id] = font.ref();
        out.push(`/${font.id} ${num(g.size)} Tf`, `1 0 0 1 ${num(g.x)} ${num(y)} Tm`);
        current = font;
        currentSize = g.size;
      } else {
        const adjust = ((g.x - expectX) * 1000) / g.size;
        if (Math.abs(adjust) >= 0.05) {
          flushHex();
          tj.push(num(-adjust));
        }
      }
      hexRun += hex;
      expectX = g.x + g.glyph.advance * g.size;
    }
    flushRun();
    this.doc.fillColor(color);
    this.pdf.addContent(`q 1 0 0 -1 0 ${num(this.pdf.page.height)} cm BT\n${out.join('\n')}\nET Q`);
  }
}
