/**
 * A chart's shapes drawn straight onto the PDF page. What ECharts' SVG
 * renderer writes for our charts, once ./chart-text.ts has taken the text
 * out, is a flat list of paths, polylines and rects, each with at most a
 * translation, a solid fill and a solid stroke. These are parsed here once
 * and drawn with pdfkit's own path operators.
 *
 * svg-to-pdfkit drew the same shapes in 36–69 ms per build (measured in the
 * render worker) with its generic machinery: a DOM, style cascade and
 * inherited properties. It still draws any SVG that holds anything else:
 * a group, a gradient, a dash, text left in it, an attribute not listed
 * here. `parseShapes` then answers undefined.
 *
 * SVG's defaults apply: fill black, no stroke, stroke width 1, butt caps,
 * miter joins, miter limit 4. The fill rule is nonzero, as in SVG and in
 * pdfkit.
 */

interface Paint {
  /** #rrggbb */
  readonly color: string;
  /** 0–1, the element's opacity included */
  readonly opacity: number;
}

interface Stroke extends Paint {
  readonly width: number;
  readonly cap: 'butt' | 'round' | 'square';
  readonly join: 'miter' | 'round' | 'bevel';
  readonly miterLimit: number;
}

export type ShapeGeometry =
  | { readonly kind: 'path'; readonly d: string }
  | { readonly kind: 'polyline'; readonly points: readonly number[] }
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export type Shape = ShapeGeometry & {
  /** the element's translation, in the SVG's user units */
  readonly dx: number;
  readonly dy: number;
  readonly fill?: Paint;
  readonly stroke?: Stroke;
};

/** the part of pdfkit's document the shapes are drawn with */
export interface ShapeCanvas {
  save(): unknown;
  restore(): unknown;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): unknown;
  translate(x: number, y: number): unknown;
  path(d: string): unknown;
  moveTo(x: number, y: number): unknown;
  lineTo(x: number, y: number): unknown;
  rect(x: number, y: number, w: number, h: number): unknown;
  fillColor(color: string, opacity?: number): unknown;
  strokeColor(color: string, opacity?: number): unknown;
  lineWidth(w: number): unknown;
  lineCap(c: string): unknown;
  lineJoin(j: string): unknown;
  miterLimit(m: number): unknown;
  fill(): unknown;
  stroke(): unknown;
  fillAndStroke(): unknown;
}

const ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?<svg\b[^>]*>([\s\S]*)<\/svg>\s*$/;
/** an element, with either an empty body or none; or any other character (which makes the SVG not ours) */
const ELEMENT = /<(path|polyline|rect)\b((?:\s+[a-zA-Z:-]+="[^"]*")*)\s*(?:\/>|>\s*<\/\1>)|\s+|([\s\S])/g;
const ATTRIBUTE = /([a-zA-Z:-]+)="([^"]*)"/g;
const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const TRANSLATE = new RegExp(String.raw`^\s*translate\(\s*(${NUMBER})(?:\s*,?\s*(${NUMBER}))?\s*\)\s*$`);
const PAINTING = new Set(['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'opacity', 'transform']);
const GEOMETRY: Record<ShapeGeometry['kind'], ReadonlySet<string>> = {
  path: new Set(['d']),
  polyline: new Set(['points']),
  rect: new Set(['x', 'y', 'width', 'height']),
};

/** The SVG's shapes in document order, or undefined when it holds anything this module does not draw. */
export function parseShapes(svg: string): Shape[] | undefined {
  const body = ROOT.exec(svg)?.[1];
  if (body === undefined) return undefined;
  const shapes: Shape[] = [];
  for (const m of body.matchAll(ELEMENT)) {
    if (m[3] !== undefined) return undefined;
    if (m[1] === undefined) continue;
    const kind = m[1] as ShapeGeometry['kind'];
    const attrs = new Map<string, string>();
    for (const [, name, value] of m[2]!.matchAll(ATTRIBUTE)) {
      if (attrs.has(name!) || !(PAINTING.has(name!) || GEOMETRY[kind].has(name!))) return undefined;
      attrs.set(name!, value!);
    }
    const shape = shapeOf(kind, attrs);
    if (shape === undefined) return undefined;
    if (shape !== null) shapes.push(shape);
  }
  return shapes;
}

/** The shape, null for one that draws nothing, undefined for one this module cannot draw. */
function shapeOf(kind: ShapeGeometry['kind'], attrs: ReadonlyMap<string, string>): Shape | null | undefined {
  const geometry = geometryOf(kind, attrs);
  if (!geometry) return undefined;
  const translation = translationOf(attrs.get('transform'));
  if (!translation) return undefined;
  const { dx, dy } = translation;
  const opacity = fraction(attrs.get('opacity'));
  const fillOpacity = fraction(attrs.get('fill-opacity'));
  const strokeOpacity = fraction(attrs.get('stroke-opacity'));
  if (opacity === undefined || fillOpacity === undefined || strokeOpacity === undefined) return undefined;
  // a partly transparent element is one group in SVG (its fill and stroke composited together first)
  if (opacity < 1 && attrs.has('stroke') && attrs.get('stroke') !== 'none') return undefined;
  const fillColor = colorOf(attrs.get('fill') ?? '#000000');
  if (fillColor === undefined) return undefined;
  const fill = fillColor && fillColor.alpha * fillOpacity * opacity > 0 ? { color: fillColor.hex, opacity: fillColor.alpha * fillOpacity * opacity } : undefined;
  const stroke = strokeOf(attrs, strokeOpacity * opacity);
  if (stroke === undefined) return undefined;
  if (!fill && !stroke) return null;
  return { ...geometry, dx, dy, ...(fill ? { fill } : {}), ...(stroke ? { stroke } : {}) };
}

/** An SVG transform attribute's translation ((0, 0) when there is none); undefined for any other transform. */
export function translationOf(transform: string | undefined): { dx: number; dy: number } | undefined {
  if (transform === undefined) return { dx: 0, dy: 0 };
  const t = TRANSLATE.exec(transform);
  if (!t) return undefined;
  const dx = Number(t[1]);
  const dy = Number(t[2] ?? 0);
  return Number.isFinite(dx) && Number.isFinite(dy) ? { dx, dy } : undefined;
}

function geometryOf(kind: ShapeGeometry['kind'], attrs: ReadonlyMap<string, string>): ShapeGeometry | undefined {
  switch (kind) {
    case 'path': {
      const d = attrs.get('d');
      // commands and numbers only (pdfkit's path parser reads all of SVG's)
      return d !== undefined && /^[\sMmLlHhVvCcSsQqTtAaZz\d.,eE+-]*$/.test(d) ? { kind, d } : undefined;
    }
    case 'polyline': {
      const text = attrs.get('points')?.trim() ?? '';
      const points = text === '' ? [] : text.split(/[\s,]+/).map(Number);
      return points.length >= 4 && points.length % 2 === 0 && points.every(Number.isFinite) ? { kind, points } : undefined;
    }
    case 'rect': {
      const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((name) => Number(attrs.get(name) ?? (name === 'x' || name === 'y' ? 0 : NaN)));
      return [x, y, width, height].every((n) => Number.isFinite(n)) && width! >= 0 && height! >= 0 ? { kind, x: x!, y: y!, width: width!, height: height! } : undefined;
    }
  }
}

/** the stroke, null for none, undefined for one this module cannot draw */
function strokeOf(attrs: ReadonlyMap<string, string>, opacity: number): Stroke | null | undefined {
  const color = colorOf(attrs.get('stroke') ?? 'none');
  if (color === undefined) return undefined;
  const width = Number(attrs.get('stroke-width') ?? 1);
  const miterLimit = Number(attrs.get('stroke-miterlimit') ?? 4);
  const cap = attrs.get('stroke-linecap') ?? 'butt';
  const join = attrs.get('stroke-linejoin') ?? 'miter';
  if (!Number.isFinite(width) || width < 0 || !(miterLimit >= 1)) return undefined;
  if (cap !== 'butt' && cap !== 'round' && cap !== 'square') return undefined;
  if (join !== 'miter' && join !== 'round' && join !== 'bevel') return undefined;
  if (!color || width === 0 || color.alpha * opacity === 0) return null;
  return { color: color.hex, opacity: color.alpha * opacity, width, cap, join, miterLimit };
}

/** 0–1 from an opacity attribute (absent: 1), undefined when unreadable */
function fraction(value: string | undefined): number | undefined {
  if (value === undefined) return 1;
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : undefined;
}

/** #rrggbb and alpha from #rgb, #rrggbb, rgb() and rgba(); null for none; undefined when unreadable */
function colorOf(value: string): { hex: string; alpha: number } | null | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === 'transparent') return null;
  if (/^#[0-9a-f]{6}$/.test(v)) return { hex: v, alpha: 1 };
  if (/^#[0-9a-f]{3}$/.test(v)) return { hex: `#${[...v.slice(1)].map((c) => c + c).join('')}`, alpha: 1 };
  const m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(v);
  if (!m) return undefined;
  const channels = [m[1], m[2], m[3]].map(Number);
  const alpha = m[4] === undefined ? 1 : Number(m[4]);
  if (channels.some((c) => c > 255) || !(alpha >= 0 && alpha <= 1) || (m[4] !== undefined && !v.startsWith('rgba'))) return undefined;
  return { hex: `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`, alpha };
}

/** Draws the shapes with the SVG's user space scaled by `scale`, its origin at (left, top) on the page. */
export function drawShapes(doc: ShapeCanvas, shapes: readonly Shape[], left: number, top: number, scale: number): void {
  doc.save();
  doc.transform(scale, 0, 0, scale, left, top);
  for (const shape of shapes) {
    doc.save();
    if (shape.dx !== 0 || shape.dy !== 0) doc.translate(shape.dx, shape.dy);
    if (shape.kind === 'path') doc.path(shape.d);
    else if (shape.kind === 'rect') doc.rect(shape.x, shape.y, shape.width, shape.height);
    else {
      doc.moveTo(shape.points[0]!, shape.points[1]!);
      for (let i = 2; i < shape.points.length; i += 2) doc.lineTo(shape.points[i]!, shape.points[i + 1]!);
    }
    const { fill, stroke } = shape;
    if (fill) doc.fillColor(fill.color, ...(fill.opacity < 1 ? [fill.opacity] : []));
    if (stroke) {
      doc.strokeColor(stroke.color, ...(stroke.opacity < 1 ? [stroke.opacity] : []));
      doc.lineWidth(stroke.width);
      doc.lineCap(stroke.cap);
      doc.lineJoin(stroke.join);
      doc.miterLimit(stroke.miterLimit);
    }
    if (fill && stroke) doc.fillAndStroke();
    else if (fill) doc.fill();
    else doc.stroke();
    doc.restore();
  }
  doc.restore();
}
