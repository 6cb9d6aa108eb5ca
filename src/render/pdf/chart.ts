/**
 * Charts in the PDF: the chart's SVG drawn as vector graphics with real,
 * extractable text, its caption centered under it in sans 10.5 pt, the two
 * kept together on one page (a chart never splits).
 *
 * The chart's text is drawn by ./chart-text.ts with the document's own
 * embedded sans face (Noto Sans Hans Regular, the font the SVG names) at
 * the places the DOCX's chart images use; ./svg-shapes.ts draws the rest of
 * the SVG, or svg-to-pdfkit (loaded only then) when the SVG holds anything
 * svg-shapes.ts does not draw. A text element chart-text.ts leaves in the
 * SVG is drawn by svg-to-pdfkit through the same face: it asks `fontCallback` for a font and
 * gets the name that font is registered under, the same pdfkit font object
 * ink.ts draws with, so no standard-14 font (Helvetica) is ever used. Every
 * character of the chart's text was checked against that face by
 * coverage.ts before anything is drawn.
 */
import type SVGtoPDF from 'svg-to-pdfkit';
import { svgTexts } from '../../charts/svg.js';
import type { ChartBlock } from '../../document/blocks.js';
import { BulletinError } from '../../errors.js';
import type { Flow, FlowBlock } from './flow.js';
import { glyphFor, type FaceName, type FontFile } from './fonts.js';
import { BLACK, TEXT_BOTTOM, TEXT_LEFT, TEXT_TOP, TEXT_WIDTH, type TextStyle } from './style.js';
import { drawBox, setText, type TextBox } from './typeset.js';
import { drawChartTexts, takeChartTexts, type ChartText } from './chart-text.js';
import { drawShapes, parseShapes, type Shape } from './svg-shapes.js';
import { checkChartSize } from '../chart-size.js';

export type SvgToPdf = typeof SVGtoPDF;

/** the caption under a chart: 图1 2020年10月各医院预约挂号量（前10名） */
export const CHART_CAPTION: TextStyle = { face: 'sans', size: 10.5, leading: 1.5, color: BLACK };
/** the face the chart's own text is drawn in */
export const CHART_TEXT_FACE: FaceName = 'sans';
export const CHART_SPACING = { before: 12, after: 12 } as const;
/** between the chart and its caption */
const CAPTION_GAP = 6;

/** Loads svg-to-pdfkit (only documents with charts need it). */
export async function loadSvgToPdf(): Promise<SvgToPdf> {
  return (await import('svg-to-pdfkit')).default;
}

/** The strings a chart draws, for the glyph check. */
export function chartTexts(block: ChartBlock): string[] {
  return svgTexts(block.svg);
}

interface PdfKitFonts {
  registerFont(name: string, src: unknown): unknown;
}

/** How a chart is drawn, worked out once per chart block (and again should its SVG or caption change). */
interface ChartPlan {
  /** the block's SVG and caption this plan was made from */
  readonly source: string;
  readonly captionText: string;
  /** the caption, laid out (its height sets the chart's room on the page) */
  readonly caption: TextBox;
  /** the SVG's user space on the drawn box: scale and offset (preserveAspectRatio xMidYMid meet) */
  readonly view: { scale: number; dx: number; dy: number } | undefined;
  /** the SVG left to draw: the chart's, less the text drawn by ./chart-text.ts */
  readonly svg: string;
  readonly texts: ChartText[];
  /** the shapes ./svg-shapes.ts draws; undefined: svg-to-pdfkit draws `svg` */
  readonly shapes: Shape[] | undefined;
  /** drawn size: the block's size, scaled down if it is wider than the text or taller than a page */
  readonly width: number;
  readonly height: number;
}

const plans = new WeakMap<ChartBlock, ChartPlan>();

/** ./svg-shapes.ts draws the shapes it can (on), or svg-to-pdfkit draws every chart (off: the tests compare the two) */
let shapesOn = true;

export function useSvgShapes(on: boolean): void {
  shapesOn = on;
}

/** the shapes ./svg-shapes.ts draws for this plan; undefined: svg-to-pdfkit draws the chart */
const shapesOf = (plan: ChartPlan): Shape[] | undefined => (shapesOn ? plan.shapes : undefined);

function planOf(block: ChartBlock): ChartPlan {
  let plan = plans.get(block);
  if (plan?.source === block.svg && plan.captionText === block.caption) return plan;
  checkChartSize(block);
  if (!/<svg[\s>]/.test(block.svg)) throw new BulletinError('render', `chart '${block.id}' is not an SVG document`);
  const caption = setText(block.caption, CHART_CAPTION, { width: TEXT_WIDTH, align: 'center' });
  const room = TEXT_BOTTOM - TEXT_TOP - CAPTION_GAP - caption.height;
  const scale = Math.min(1, TEXT_WIDTH / block.width, room / block.height);
  const width = block.width * scale;
  const height = block.height * scale;
  const view = viewOf(block.svg, width, height);
  const split = view ? takeChartTexts(block.svg, CHART_TEXT_FACE) : { svg: block.svg, texts: [] };
  const shapes = view ? parseShapes(split.svg) : undefined;
  plan = { source: block.svg, captionText: block.caption, caption, view, svg: split.svg, texts: split.texts, shapes, width, height };
  plans.set(block, plan);
  return plan;
}

/**
 * Whether drawing this chart needs svg-to-pdfkit (its SVG holds something ./svg-shapes.ts does not
 * draw). Asked once the document's faces are loaded (prepareFaces): the caption's height sets the
 * chart's room on the page.
 */
export function chartNeedsSvgToPdf(block: ChartBlock): boolean {
  return shapesOf(planOf(block)) === undefined;
}

export class ChartFlowBlock implements FlowBlock {
  readonly spaceBefore = CHART_SPACING.before;
  readonly spaceAfter = CHART_SPACING.after;
  readonly keepWithNext = false;
  readonly height: number;
  /** a chart is kept together with its caption */
  readonly leadHeight: number;
  private readonly block: ChartBlock;
  /** svg-to-pdfkit, for a chart svg-shapes.ts does not draw */
  private readonly draw: SvgToPdf | undefined;
  private readonly plan: ChartPlan;
  private readonly shapes: Shape[] | undefined;
  /** svg-to-pdfkit's font, for text elements of the plan's SVG (undefined when there are none) */
  private readonly font: FontFile | undefined;

  constructor(block: ChartBlock, draw: SvgToPdf | undefined) {
    this.block = block;
    this.draw = draw;
    this.plan = planOf(block);
    this.shapes = shapesOf(this.plan);
    if (!this.shapes && !draw) throw new BulletinError('render', `chart '${block.id}' needs svg-to-pdfkit, which was not loaded`);
    this.height = this.plan.height + CAPTION_GAP + this.plan.caption.height;
    this.leadHeight = this.height;
    // svg-to-pdfkit's font, for the text elements left to it (none, mostly)
    this.font = this.shapes ? undefined : textFont(svgTexts(this.plan.svg));
  }

  place(flow: Flow): void {
    if (!flow.fresh && !flow.fits(this.height)) flow.newPage();
    const top = flow.y;
    const { view, texts, width, height, caption } = this.plan;
    const shapes = this.shapes;
    const left = TEXT_LEFT + (TEXT_WIDTH - width) / 2;
    if (shapes && view) drawShapes(flow.doc as unknown as Parameters<typeof drawShapes>[0], shapes, left + view.dx, top + view.dy, view.scale);
    else this.drawWithSvgToPdf(flow, left, top);
    if (view) drawChartTexts(flow.ink, texts, left + view.dx, top + view.dy, view.scale);
    drawBox(flow.ink, caption, TEXT_LEFT, top + height + CAPTION_GAP);
    flow.y = top + this.height;
    flow.markUsed();
  }

  private drawWithSvgToPdf(flow: Flow, left: number, top: number): void {
    const font = this.font;
    if (font) (flow.doc as unknown as PdfKitFonts).registerFont(font.key, font.font);
    const warnings: string[] = [];
    this.draw!(flow.doc as unknown as Parameters<SvgToPdf>[0], this.plan.svg, left, top, {
      width: this.plan.width,
      height: this.plan.height,
      assumePt: true,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: () => {
        if (!font) throw new BulletinError('render', `chart '${this.block.id}' draws text that was not checked`);
        return font.key;
      },
      warningCallback: (w) => warnings.push(w),
    });
    if (warnings.length > 0) {
      throw new BulletinError('render', `chart '${this.block.id}' cannot be drawn: ${warnings.slice(0, 3).join('; ')}`);
    }
  }
}

/**
 * The scale and offset svg-to-pdfkit draws the SVG's user space with in a
 * width × height box: its viewBox (0 0 w h), fitted and centered. Undefined
 * for another viewBox (its text is then left to svg-to-pdfkit too).
 */
function viewOf(svg: string, width: number, height: number): { scale: number; dx: number; dy: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const box = /\bviewBox="\s*0[\s,]+0[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(root);
  if (!box) return undefined;
  const w = Number(box[1]);
  const h = Number(box[2]);
  if (!(w > 0 && h > 0)) return undefined;
  const scale = Math.min(width / w, height / h);
  return { scale, dx: (width - w * scale) / 2, dy: (height - h * scale) / 2 };
}

/** The font of these texts of the chart: the sans face's font (prepared with the document's text by coverage.ts). */
function textFont(texts: readonly string[]): FontFile | undefined {
  for (const text of texts) {
    for (const ch of text) {
      const glyph = glyphFor(CHART_TEXT_FACE, ch.codePointAt(0) as number);
      if (glyph) return glyph.file;
    }
  }
  return undefined;
}
