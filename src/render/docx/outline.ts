/**
 * Chart text as outlines, for rasterizing: every `<text>` element of a
 * chart's SVG becomes a `<path>` drawing the same glyphs, taken from the
 * same font (Noto Sans Hans, through fontkit: the font the PDF embeds),
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

/** Outlines one text element, or undefined when it cannot be drawn as a path. */
function outlineOne(font: OutlineFont, attrs: string, content: string): string | undefined {
  const placed = placeText(metricsOf(font), attrs, content);
  if (placed === undefined) return undefined;
  const scale = placed.size / font.unitsPerEm;
  let pen = placed.x;
  const base = placed.baseline;
  const d: string[] = [];
  for (const [i, cp] of placed.codePoints.entries()) {
    const glyph = font.glyphForCodePoint(cp);
    const px = (u: number) => num(pen + u * scale);
    const py = (v: number) => num(base - v * scale);
    for (const { command, args } of glyph.path.commands) {
      switch (command) {
        case 'moveTo':
          d.push(`M${px(args[0]!)} ${py(args[1]!)}`);
          break;
        case 'lineTo':
          d.push(`L${px(args[0]!)} ${py(args[1]!)}`);
          break;
        case 'quadraticCurveTo':
          d.push(`Q${px(args[0]!)} ${py(args[1]!)} ${px(args[2]!)} ${py(args[3]!)}`);
          break;
        case 'bezierCurveTo':
          d.push(`C${px(args[0]!)} ${py(args[1]!)} ${px(args[2]!)} ${py(args[3]!)} ${px(args[4]!)} ${py(args[5]!)}`);
          break;
        case 'closePath':
          d.push('Z');
          break;
        default:
          return undefined;
      }
    }
    pen += placed.advances[i]! * scale;
  }
  const kept = [...placed.attrs].filter(([name]) => KEPT_ATTRIBUTES.has(name)).map(([name, value]) => ` ${name}="${value}"`);
  if (!placed.attrs.has('fill')) kept.push(' fill="#000000"');
  return d.length === 0 ? '' : `<path d="${d.join('')}"${kept.join('')}/>`;
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
