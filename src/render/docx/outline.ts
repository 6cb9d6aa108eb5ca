/**
 * Chart text as outlines, for rasterizing: every `<text>` element of a
 * chart's SVG becomes a group of paths drawing the same glyphs, taken from
 * the same font (Noto Sans Hans, through fontkit: the font the PDF embeds),
 * at the same place. resvg then needs no font at all: loading the 8 MB CFF
 * font into resvg cost ≈140 ms per chart, more than rendering the chart.
 *
 * Which elements can be drawn so, and where each glyph goes, is
 * charts/text-place.ts's (resvg's rules); an element it does not place is
 * left as text (the caller then gives resvg the font files). The output depends only
 * on the SVG and the font: the same chart gives the same bytes.
 */
import { KEPT_ATTRIBUTES, TEXT_ELEMENT, placeText, type TextMetrics } from '../../charts/text-place.js';

/** The part of a fontkit font drawing outlines needs. */
export interface OutlineFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly xHeight?: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): OutlineGlyph;
}

export interface OutlineGlyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly path: { readonly commands: readonly { command: string; args: number[] }[] };
}

export interface OutlinedSvg {
  svg: string;
  /** text elements left as text (unsupported features, or characters the font lacks) */
  textLeft: number;
}


/** numbers in path data: at most 3 decimals (1/1000 pt), no trailing zeros, no -0 */
function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

/**
 * A glyph's outline as path data in font units (y up), made once per glyph:
 * each occurrence places it with a transform instead of rewriting every
 * coordinate (outlining the five charts made ≈17 MB of strings so); null
 * when it has a command SVG cannot draw.
 */
const glyphData = new WeakMap<OutlineGlyph, string | null>();

function pathData(glyph: OutlineGlyph): string | null {
  let d = glyphData.get(glyph);
  if (d !== undefined) return d;
  const parts: string[] = [];
  for (const { command, args } of glyph.path.commands) {
    const [a = 0, b = 0, c = 0, e = 0, f = 0, g = 0] = args;
    if (command === 'moveTo') parts.push(`M${num(a)} ${num(b)}`);
    else if (command === 'lineTo') parts.push(`L${num(a)} ${num(b)}`);
    else if (command === 'quadraticCurveTo') parts.push(`Q${num(a)} ${num(b)} ${num(c)} ${num(e)}`);
    else if (command === 'bezierCurveTo') parts.push(`C${num(a)} ${num(b)} ${num(c)} ${num(e)} ${num(f)} ${num(g)}`);
    else if (command === 'closePath') parts.push('Z');
    else {
      glyphData.set(glyph, null);
      return null;
    }
  }
  d = parts.join('');
  glyphData.set(glyph, d);
  return d;
}

/**
 * Outlines one text element as a group of its glyphs' paths, each placed by
 * a transform from font units (y up) to the SVG's (the element's transform,
 * fill and opacity on the group, as they were on the text), or undefined
 * when it cannot be drawn as paths.
 */
function outlineOne(font: OutlineFont, attrs: string, content: string): string | undefined {
  const placed = placeText(metricsOf(font), attrs, content);
  if (placed === undefined) return undefined;
  const scale = placed.size / font.unitsPerEm;
  // (the scale in full: a size of 9.5 is 0.0095 per font unit)
  const sx = String(scale);
  const sy = String(-scale);
  const base = num(placed.baseline);
  let pen = placed.x;
  let glyphs = '';
  for (const [i, cp] of placed.codePoints.entries()) {
    const d = pathData(font.glyphForCodePoint(cp));
    if (d === null) return undefined;
    if (d !== '') glyphs += `<path transform="matrix(${sx} 0 0 ${sy} ${num(pen)} ${base})" d="${d}"/>`;
    pen += placed.advances[i]! * scale;
  }
  const kept = [...placed.attrs].filter(([name]) => KEPT_ATTRIBUTES.has(name)).map(([name, value]) => ` ${name}="${value}"`);
  if (!placed.attrs.has('fill')) kept.push(' fill="#000000"');
  return glyphs === '' ? '' : `<g${kept.join('')}>${glyphs}</g>`;
}

/** The placing metrics of an outline font. */
function metricsOf(font: OutlineFont): TextMetrics {
  return {
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    ...(font.xHeight !== undefined ? { xHeight: font.xHeight } : {}),
    advance: (cp) => (font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).advanceWidth : undefined),
  };
}

/**
 * The SVG with each text element replaced by the outlines of its glyphs
 * (elements this module cannot draw exactly are left, and counted).
 */
export function outlineSvgText(svg: string, font: OutlineFont): OutlinedSvg {
  let textLeft = 0;
  const out = svg.replace(TEXT_ELEMENT, (element, attrs: string, content: string) => {
    const path = outlineOne(font, attrs, content);
    if (path === undefined) {
      textLeft++;
      return element;
    }
    return path;
  });
  return { svg: out, textLeft };
}
