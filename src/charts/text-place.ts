/**
 * Where an SVG text element of a chart draws its glyphs, by resvg's rules
 * (usvg's): what ECharts' SVG renderer writes is supported: one line of text
 * per element (no tspan), x/y, a transform, text-anchor, dominant-baseline,
 * font-size in the style, fill and opacity; an element using anything else
 * is not placed (its caller leaves it to a full SVG renderer).
 *
 * Glyphs advance by their advance widths (ECharts measured the text with the
 * same widths, ./metrics.ts); `central` puts the middle of the
 * ascent–descent box on y, `middle` half the x-height above it, `hanging`
 * 0.8 ascent, `text-before-edge` the ascent, `text-after-edge`/`ideographic`
 * the descent. Whitespace is collapsed and trimmed unless
 * xml:space="preserve".
 *
 * The DOCX's chart images draw the glyphs as outlines there
 * (render/docx/outline.ts), the PDF as text (render/pdf/chart-text.ts): both
 * place them here, so they agree.
 */
import { decodeXml } from './svg.js';

/** a text element: its attributes and content */
export const TEXT_ELEMENT = /<text\b([^>]*)>([\s\S]*?)<\/text>/g;
const ATTR = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** attributes that apply to the glyphs as they are (the caller draws them) */
export const KEPT_ATTRIBUTES: ReadonlySet<string> = new Set(['transform', 'fill', 'fill-opacity', 'opacity']);
/** attributes that change nothing for a single-line, unstyled text */
const IGNORED = new Set(['dominant-baseline', 'text-anchor', 'x', 'y', 'style', 'xml:space', 'id']);

/** A font's metrics in its units, and each character's advance (undefined: the font has no glyph for it). */
export interface TextMetrics {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly xHeight?: number;
  advance(cp: number): number | undefined;
}

export interface PlacedText {
  /** the element's attributes */
  attrs: ReadonlyMap<string, string>;
  /** the characters drawn, as code points */
  codePoints: number[];
  /** each one's advance, font units */
  advances: number[];
  /** font size, user units */
  size: number;
  /** left edge of the first glyph and the baseline, user units (before the element's transform) */
  x: number;
  baseline: number;
}

function baselineShift(font: TextMetrics, baseline: string, size: number): number | undefined {
  const em = size / font.unitsPerEm;
  const ascent = font.ascent * em;
  const descent = font.descent * em;
  switch (baseline) {
    case '':
    case 'auto':
    case 'alphabetic':
      return 0;
    case 'central':
      return ascent - (ascent - descent) / 2;
    case 'middle':
      return ((font.xHeight && font.xHeight > 0 ? font.xHeight : (font.ascent - font.descent) * 0.45) * em) / 2;
    case 'hanging':
      return ascent * 0.8;
    case 'mathematical':
      return ascent * 0.5;
    case 'text-before-edge':
      return ascent;
    case 'text-after-edge':
    case 'ideographic':
      return descent;
    default:
      return undefined;
  }
}

/** The style attribute's declarations; undefined when it holds one this module does not draw. */
function fontSizeOf(style: string): number | undefined {
  let size = 12;
  for (const decl of style.split(';')) {
    const [rawName, ...rest] = decl.split(':');
    const name = (rawName ?? '').trim().toLowerCase();
    const value = rest.join(':').trim();
    if (name === '') continue;
    if (name === 'font-size') {
      const m = /^(\d+(?:\.\d+)?)(px|pt)?$/.exec(value);
      if (!m) return undefined;
      size = Number(m[1]) * (m[2] === 'pt' ? 4 / 3 : 1);
    } else if (name === 'font-family') {
      // one family: the font given
    } else if ((name === 'font-weight' && (value === 'normal' || value === '400')) || (name === 'font-style' && value === 'normal')) {
      // the regular font
    } else {
      return undefined;
    }
  }
  return size;
}

/** Where the glyphs of one text element go, or undefined when it uses what is not supported here. */
export function placeText(font: TextMetrics, attrs: string, content: string): PlacedText | undefined {
  if (/</.test(content)) return undefined; // tspan and other children
  const a = new Map<string, string>();
  for (const m of attrs.matchAll(ATTR)) a.set(m[1]!, m[2] ?? m[3] ?? '');
  for (const name of a.keys()) if (!KEPT_ATTRIBUTES.has(name) && !IGNORED.has(name)) return undefined;
  const size = fontSizeOf(a.get('style') ?? '');
  if (size === undefined) return undefined;
  const numeric = (name: string): number | undefined => {
    const v = (a.get(name) ?? '0').trim();
    return /^-?\d*\.?\d+(?:e-?\d+)?$/i.test(v) ? Number(v) : undefined;
  };
  const x = numeric('x');
  const y = numeric('y');
  if (x === undefined || y === undefined) return undefined;
  const shift = baselineShift(font, (a.get('dominant-baseline') ?? '').trim(), size);
  if (shift === undefined) return undefined;
  let text = decodeXml(content);
  if (a.get('xml:space') !== 'preserve') text = text.replace(/[\n\r\t]/g, '').replace(/ {2,}/g, ' ').trim();
  else text = text.replace(/[\n\r\t]/g, ' ');

  const codePoints: number[] = [];
  const advances: number[] = [];
  let advance = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const width = font.advance(cp);
    if (width === undefined) return undefined;
    codePoints.push(cp);
    advances.push(width);
    advance += width;
  }
  const anchor = (a.get('text-anchor') ?? 'start').trim();
  const width = advance * (size / font.unitsPerEm);
  const left = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : anchor === 'start' ? x : undefined;
  if (left === undefined) return undefined;
  return { attrs: a, codePoints, advances, size, x: left, baseline: y + shift };
}
