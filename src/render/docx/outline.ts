/**
 * Chart text as outlines, for rasterizing: every `<text>` element of a
 * chart's SVG becomes a `<path>` drawing the same glyphs, taken from the
 * same font (Noto Sans Hans, through fontkit: the font the PDF embeds),
 * at the same place. resvg then needs no font at all: loading the 8 MB CFF
 * font into resvg cost ≈140 ms per chart, more than rendering the chart.
 *
 * What ECharts' SVG renderer writes is supported: one line of text per
 * element (no tspan), x/y, a transform, text-anchor, dominant-baseline,
 * font-size in the style, fill and opacity. An element using anything else
 * is left as text (the caller then gives resvg the font files).
 *
 * Placement follows resvg (usvg): glyphs advance by their advance widths
 * (ECharts measured the text with the same widths, charts/metrics.ts);
 * `central` puts the middle of the ascent–descent box on y, `middle` half
 * the x-height above it, `hanging` 0.8 ascent, `text-before-edge` the
 * ascent, `text-after-edge`/`ideographic` the descent. Whitespace is
 * collapsed and trimmed unless xml:space="preserve". The output depends only
 * on the SVG and the font: the same chart gives the same bytes.
 */
import { decodeXml } from '../../charts/svg.js';

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

const TEXT = /<text\b([^>]*)>([\s\S]*?)<\/text>/g;
const ATTR = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** attributes copied to the path as they are */
const KEPT = new Set(['transform', 'fill', 'fill-opacity', 'opacity']);
/** attributes that change nothing for a single-line, unstyled text */
const IGNORED = new Set(['dominant-baseline', 'text-anchor', 'x', 'y', 'style', 'xml:space', 'id']);

/** numbers in path data: at most 3 decimals (1/1000 pt), no trailing zeros, no -0 */
function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

function baselineShift(font: OutlineFont, baseline: string, size: number): number | undefined {
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

/** Outlines one text element, or undefined when it cannot be drawn as a path. */
function outlineOne(font: OutlineFont, attrs: string, content: string): string | undefined {
  if (/</.test(content)) return undefined; // tspan and other children
  const a = new Map<string, string>();
  for (const m of attrs.matchAll(ATTR)) a.set(m[1]!, m[2] ?? m[3] ?? '');
  for (const name of a.keys()) if (!KEPT.has(name) && !IGNORED.has(name)) return undefined;
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

  const scale = size / font.unitsPerEm;
  const glyphs: OutlineGlyph[] = [];
  let advance = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (!font.hasGlyphForCodePoint(cp)) return undefined;
    const glyph = font.glyphForCodePoint(cp);
    glyphs.push(glyph);
    advance += glyph.advanceWidth;
  }
  const anchor = (a.get('text-anchor') ?? 'start').trim();
  const width = advance * scale;
  let pen = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : anchor === 'start' ? x : undefined;
  if (pen === undefined) return undefined;
  const base = y + shift;
  const d: string[] = [];
  for (const glyph of glyphs) {
    const px = (u: number) => num(pen! + u * scale);
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
    pen += glyph.advanceWidth * scale;
  }
  const kept = [...a].filter(([name]) => KEPT.has(name)).map(([name, value]) => ` ${name}="${value}"`);
  if (!a.has('fill')) kept.push(' fill="#000000"');
  return d.length === 0 ? '' : `<path d="${d.join('')}"${kept.join('')}/>`;
}

/**
 * The SVG with each text element replaced by the outlines of its glyphs
 * (elements this module cannot draw exactly are left, and counted).
 */
export function outlineSvgText(svg: string, font: OutlineFont): OutlinedSvg {
  let textLeft = 0;
  const out = svg.replace(TEXT, (element, attrs: string, content: string) => {
    const path = outlineOne(font, attrs, content);
    if (path === undefined) {
      textLeft++;
      return element;
    }
    return path;
  });
  return { svg: out, textLeft };
}
