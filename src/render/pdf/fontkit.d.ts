/**
 * The small part of fontkit (no types are published for it) that the PDF
 * renderer uses: open a font from bytes, ask whether it maps a code point,
 * and read a glyph's id, advance and outline. pdfkit receives the same objects.
 */
declare module 'fontkit' {
  export interface Glyph {
    readonly id: number;
    /** in font units (see Font.unitsPerEm) */
    readonly advanceWidth: number;
    readonly codePoints: number[];
    /** the outline in font units, y up (render/docx/outline.ts draws chart text with it) */
    readonly path: { readonly commands: readonly { command: string; args: number[] }[] };
  }

  export interface Subset {
    includeGlyph(glyph: number | Glyph): number;
    encode(): Uint8Array;
  }

  export interface Font {
    readonly type: string;
    readonly postscriptName: string | null;
    readonly familyName: string | null;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    readonly xHeight: number;
    readonly numGlyphs: number;
    /** the hmtx table: advance widths (glyphs past metrics.length advance as the last one) */
    readonly hmtx: { readonly metrics: { readonly length: number; get(index: number): { readonly advance: number } | undefined } };
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    createSubset(): Subset;
  }

  export interface FontCollection {
    readonly type: 'TTC' | 'DFont';
    readonly fonts: Font[];
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection;
}
