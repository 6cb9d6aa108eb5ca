/**
 * Charts in the DOCX: a PNG rasterized from the chart's SVG (the same SVG
 * the PDF draws as vectors) at 200 dpi for its printed size, with its text
 * drawn as the outlines of the same font's glyphs (./outline.ts: resvg
 * then loads no font); inline, centered, in a paragraph of its own (style
 * Figure, kept with the next) with its printed size and alt text
 * (wp:docPr descr/title), followed by its caption (style Caption, Word's
 * built-in caption style: centered, 黑体 10.5 pt).
 *
 * The charts rasterize in parallel (resvg's renderAsync and zlib run in
 * Node's thread pool) and are encoded by ./png.ts.
 *
 * Reproducible: the outlines, resvg's pixels and the PNG encoding depend
 * only on the SVG, the font and the size; docx names the media file by the
 * hash of its bytes; and the drawing ids (docPr id), which docx would
 * otherwise take from a counter that runs on for the life of the process,
 * are numbered here.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { AlignmentType, ImageRun, LineRuleType, Paragraph, type IParagraphStyleOptions } from 'docx';
import type { Block, ChartBlock } from '../../document/blocks.js';
import { BulletinError } from '../../errors.js';
import { FONT_FAMILY } from '../../charts/theme.js';
import { sansFont } from '../pdf/fonts.js';
import { runFont, type DocxFonts } from './options.js';
import { outlineSvgText } from './outline.js';
import { encodePng } from './png.js';
import { cleanLine } from './text.js';

/** print resolution of the chart images (200 dpi: print quality, and ≈2.2× fewer pixels than 300 dpi) */
export const CHART_DPI = 200;

export const CHART_STYLE = { figure: 'Figure', caption: 'Caption' } as const;

/** A chart rasterized for the DOCX. */
export interface ChartImage {
  png: Buffer;
  /** pixels */
  width: number;
  height: number;
}

/** points → docx's image pixels (EMU = px × 9525, i.e. 96 px per inch) */
const ptToPx = (pt: number): number => (pt * 96) / 72;
const ptTw = (pt: number): number => Math.round(pt * 20);

/** The Figure and Caption paragraph styles, to add to the document's styles. */
export function chartStyles(fonts: DocxFonts): IParagraphStyleOptions[] {
  const tight = { line: 240, lineRule: LineRuleType.AUTO } as const;
  return [
    {
      id: CHART_STYLE.figure,
      name: 'Figure',
      basedOn: 'Normal',
      next: CHART_STYLE.caption,
      quickFormat: true,
      uiPriority: 20,
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...tight, before: ptTw(12), after: ptTw(4) },
        keepNext: true,
        keepLines: true,
      },
    },
    {
      id: CHART_STYLE.caption,
      name: 'caption',
      basedOn: 'Normal',
      next: 'BodyText',
      quickFormat: true,
      uiPriority: 35,
      run: {
        font: runFont(fonts.heading),
        size: 21,
        sizeComplexScript: 21,
        language: { value: 'zh-CN', eastAsia: 'zh-CN' },
      },
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...tight, before: 0, after: ptTw(12) },
        keepLines: true,
      },
    },
  ];
}

function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('@embedpdf/fonts-sc');
  } catch (error) {
    throw new BulletinError('font', 'the font package @embedpdf/fonts-sc is not installed (run npm install)', { cause: error });
  }
  // the package's entry is dist/index.*; the fonts are in fonts/
  const dir = path.join(path.dirname(entry), '..', 'fonts');
  return [path.join(dir, 'NotoSansHans-Regular.otf'), path.join(dir, 'NotoSansHans-Bold.otf')];
}

/**
 * Rasterizes every chart of the document (resvg and the font are loaded only
 * when there is one), in parallel. The PNG is as wide as the printed width
 * at CHART_DPI.
 * @throws BulletinError('render') when a chart's SVG cannot be read
 */
export async function rasterizeCharts(blocks: readonly Block[]): Promise<Map<ChartBlock, ChartImage>> {
  const charts = blocks.filter((b): b is ChartBlock => b.type === 'chart');
  const images = new Map<ChartBlock, ChartImage>();
  if (charts.length === 0) return images;
  for (const chart of charts) {
    if (!(chart.width > 0 && chart.height > 0) || !Number.isFinite(chart.width) || !Number.isFinite(chart.height)) {
      throw new BulletinError('render', `chart '${chart.id}' has no usable size (${chart.width} × ${chart.height} pt)`);
    }
  }
  const [{ renderAsync }, font] = await Promise.all([import('@resvg/resvg-js'), sansFont('regular')]);
  const rendered = await Promise.all(
    charts.map(async (chart) => {
      try {
        const { svg, textLeft } = outlineSvgText(chart.svg, font.font);
        const image = await renderAsync(svg, {
          // text the outliner left (none in our charts) is drawn by resvg with the font files
          font: textLeft > 0 ? { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } : { loadSystemFonts: false },
          fitTo: { mode: 'width', value: Math.ceil((chart.width * CHART_DPI) / 72) },
          background: '#FFFFFF',
        });
        const png = await encodePng(image.pixels, image.width, image.height);
        return { chart, image: { png, width: image.width, height: image.height } };
      } catch (error) {
        throw new BulletinError('render', `chart '${chart.id}' cannot be rasterized: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
  for (const { chart, image } of rendered) images.set(chart, image);
  return images;
}

/**
 * The chart's paragraphs: the image (printed at the chart's size in points)
 * and its caption. `drawingId` numbers the drawing (wp:docPr id), unique in
 * the document.
 */
export function renderChart(block: ChartBlock, image: ChartImage, drawingId: number, pageBreakBefore: boolean): Paragraph[] {
  const caption = cleanLine(block.caption).trim();
  return [
    new Paragraph({
      style: CHART_STYLE.figure,
      ...(pageBreakBefore ? { pageBreakBefore: true } : {}),
      children: [
        new ImageRun({
          type: 'png',
          data: image.png,
          transformation: { width: ptToPx(block.width), height: ptToPx(block.height) },
          altText: {
            id: String(drawingId),
            name: cleanLine(block.id),
            title: caption,
            description: cleanLine(block.alt),
          },
        }),
      ],
    }),
    new Paragraph({ style: CHART_STYLE.caption, text: caption }),
  ];
}
