/**
 * A chart's text in the PDF, drawn by the document's own text machinery
 * (./ink.ts: glyph runs of the embedded sans subset, real extractable text)
 * at the places charts/text-place.ts gives, the same places the DOCX's
 * chart images draw them. ./svg-shapes.ts then draws the rest of the SVG
 * (svg-to-pdfkit, when it holds what svg-shapes.ts does not draw: drawn by
 * svg-to-pdfkit, the text elements took ≈40 % of its time, each one laid
 * out again through pdfkit and fontkit's shaping). An element this cannot
 * draw exactly (a transform other than a translation, opacity, an unknown
 * feature) stays in the SVG, for svg-to-pdfkit.
 */
import { TEXT_ELEMENT, placeText, type TextMetrics } from '../../charts/text-place.js';
import type { Ink, PlacedGlyph } from './ink.js';
import { glyphFor, type FaceName, type GlyphRef } from './fonts.js';
import { translationOf } from './svg-shapes.js';

export interface ChartText {
  glyphs: GlyphRef[];
  /** font size and the first glyph's left edge and baseline, in the SVG's user units */
  size: number;
  x: number;
  baseline: number;
  color: string;
}

/** The SVG without the text elements drawn here, and those texts. */
export function takeChartTexts(svg: string, face: FaceName): { svg: string; texts: ChartText[] } {
  const texts: ChartText[] = [];
  const metrics = faceMetrics(face);
  if (!metrics) return { svg, texts };
  const rest = svg.replace(TEXT_ELEMENT, (element, attrs: string, content: string) => {
    const text = chartText(metrics, face, attrs, content);
    if (!text) return element;
    if (text.glyphs.length > 0) texts.push(text);
    return '';
  });
  return { svg: rest, texts };
}

/**
 * Draws the texts of a chart whose SVG user space is drawn scaled by `scale`
 * with its origin at (left, top), points from the page's top left.
 */
export function drawChartTexts(ink: Ink, texts: readonly ChartText[], left: number, top: number, scale: number): void {
  for (const t of texts) {
    const size = t.size * scale;
    let x = left + t.x * scale;
    const placed: PlacedGlyph[] = t.glyphs.map((glyph) => {
      const g = { glyph, size, x };
      x += glyph.advance * size;
      return g;
    });
    ink.text(placed, top + t.baseline * scale, t.color);
  }
}

function chartText(metrics: TextMetrics, face: FaceName, attrs: string, content: string): ChartText | undefined {
  const placed = placeText(metrics, attrs, content);
  if (!placed) return undefined;
  const a = placed.attrs;
  for (const name of ['opacity', 'fill-opacity']) {
    const v = a.get(name);
    if (v !== undefined && Number(v) !== 1) return undefined;
  }
  const fill = a.get('fill') ?? '#000000';
  if (!/^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i.test(fill)) return undefined;
  const translation = translationOf(a.get('transform'));
  if (!translation) return undefined;
  const { dx, dy } = translation;
  const glyphs: GlyphRef[] = [];
  for (const cp of placed.codePoints) {
    const glyph = glyphFor(face, cp);
    if (!glyph) return undefined;
    glyphs.push(glyph);
  }
  return { glyphs, size: placed.size, x: dx + placed.x, baseline: dy + placed.baseline, color: fill };
}

/** The face's metrics in em (its one font's: a chart's text is in one face), advances from its glyphs. */
function faceMetrics(face: FaceName): TextMetrics | undefined {
  const any = glyphFor(face, 0x20) ?? glyphFor(face, 0x30);
  if (!any) return undefined;
  const font = any.file.font;
  const em = any.file.unitsPerEm;
  return {
    unitsPerEm: 1,
    ascent: font.ascent / em,
    descent: font.descent / em,
    xHeight: font.xHeight / em,
    advance: (cp) => glyphFor(face, cp)?.advance,
  };
}
