/**
 * Charts in the DOCX: a PNG (./raster.ts: the chart's SVG, the same SVG the
 * PDF draws as vectors, rasterized at 200 dpi for its printed size) inline,
 * centered, in a paragraph of its own (style Figure, kept with the next)
 * with its printed size and alt text (wp:docPr descr/title), followed by its
 * caption (style Caption, Word's built-in caption style: centered, 黑体
 * 10.5 pt).
 *
 * Reproducible: the PNG depends only on the SVG, the font and the size;
 * docx names the media file by the hash of its bytes (of the stand-in the
 * PNG replaces: the chart's place in the document); and the drawing ids
 * (docPr id), which docx would otherwise take from a counter that runs on
 * for the life of the process, are numbered here.
 */
import { AlignmentType, ImageRun, LineRuleType, Paragraph, type IParagraphStyleOptions } from 'docx';
import type { ChartBlock } from '../../document/blocks.js';
import { runFont, type DocxFonts } from './options.js';
import { RUN_LANGUAGE } from './styles.js';
import { cleanLine } from './text.js';

export { CHART_DPI, rasterizeCharts, type ChartImage } from './raster.js';

export const CHART_STYLE = { figure: 'Figure', caption: 'Caption' } as const;

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
        language: RUN_LANGUAGE,
      },
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { ...tight, before: 0, after: ptTw(12) },
        keepLines: true,
      },
    },
  ];
}

/**
 * The chart's paragraphs: the image (printed at the chart's size in points;
 * its PNG or a stand-in, see ../docx.ts) and its caption. `drawingId`
 * numbers the drawing (wp:docPr id), unique in the document.
 */
export function renderChart(block: ChartBlock, png: Uint8Array, drawingId: number, pageBreakBefore: boolean): Paragraph[] {
  const caption = cleanLine(block.caption).trim();
  return [
    new Paragraph({
      style: CHART_STYLE.figure,
      ...(pageBreakBefore ? { pageBreakBefore: true } : {}),
      children: [
        new ImageRun({
          type: 'png',
          data: png,
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
