/**
 * The PDF renderer: draws a BulletinDocument as an A4 Chinese bulletin with
 * embedded subset fonts (Noto Serif SC / Noto Sans Hans from npm), its own
 * Chinese line breaking and justification, tables that repeat their header
 * across pages, an outline, and byte-identical output for the same input.
 *
 *   1. collect every text with its face and place (pdf/coverage.ts), load the
 *      fonts it needs (pdf/fonts.ts), and fail with BulletinError('font') on a
 *      character no font has — before anything is drawn;
 *   2. lay out each block (pdf/paragraph.ts, pdf/table.ts, pdf/furniture.ts,
 *      pdf/contact.ts, pdf/chart.ts: a chart's SVG as vector graphics);
 *   3. flow the blocks down the pages (pdf/flow.ts), drawing text with
 *      pdf/ink.ts, and finish with the outline, info and file ID
 *      (pdf/outline.ts).
 *
 * Nothing is printed; errors are thrown.
 */
import PDFDocument from 'pdfkit';
import type { Block, BulletinDocument } from '../document/blocks.js';
import { BulletinError } from '../errors.js';
import { ChartFlowBlock, chartNeedsSvgToPdf, loadSvgToPdf, type SvgToPdf } from './pdf/chart.js';
import { ContactFlowBlock } from './pdf/contact.js';
import { checkCoverage, prepareSpots, textSpots } from './pdf/coverage.js';
import { Flow, PAGE_BREAK, type FlowBlock } from './pdf/flow.js';
import { prepareFaces, type FaceName } from './pdf/fonts.js';
import { MastheadFlowBlock, drawFurniture } from './pdf/furniture.js';
import { Ink } from './pdf/ink.js';
import { Outline, documentInfo, fileId, setFileId } from './pdf/outline.js';
import { headingBlock, paragraphBlock } from './pdf/paragraph.js';
import { PAGE } from './pdf/style.js';
import { TableFlowBlock } from './pdf/table.js';

export interface PdfOptions {
  /** the Info dictionary's Keywords; none when undefined */
  keywords: string | undefined;
  /** the Info dictionary's Creator */
  creator: string;
  /** deflate the page contents and fonts (false makes the PDF source readable, for debugging) */
  compress: boolean;
}

const DEFAULT_OPTIONS: PdfOptions = {
  keywords: undefined,
  creator: 'bulletin',
  compress: true,
};

/** Part of the file ID: bump when the renderer's output changes for the same input. */
const RENDERER_VERSION = 'bulletin-pdf 1';

function toFlowBlock(
  block: Block,
  index: number,
  blocks: readonly Block[],
  drawSvg: SvgToPdf | undefined,
): FlowBlock | typeof PAGE_BREAK {
  switch (block.type) {
    case 'masthead':
      return new MastheadFlowBlock(block);
    case 'heading':
      return headingBlock(block);
    case 'paragraph':
      return paragraphBlock(block);
    case 'table':
      return new TableFlowBlock(block);
    case 'chart':
      return new ChartFlowBlock(block, drawSvg);
    case 'contact':
      return new ContactFlowBlock(
        block,
        blocks.slice(index + 1).every((b) => b.type === 'pageBreak'),
      );
    case 'pageBreak':
      return PAGE_BREAK;
  }
}

/**
 * Loads, ahead of a document, what rendering any document needs: the sans
 * fonts (regular and bold) and the serif chunk indexes, and the glyphs of
 * the page furniture. For a worker to do while the data is read.
 */
export async function preparePdfRenderer(): Promise<void> {
  const furniture = new Set([...'— 0123456789'].map((c) => c.codePointAt(0) as number));
  await prepareFaces(
    new Map<FaceName, Set<number>>([
      ['sans', furniture],
      ['sansBold', furniture],
      ['serif', furniture],
      ['serifBold', furniture],
    ]),
  );
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

/**
 * Renders the document to PDF bytes. The same document and options always
 * give the same bytes.
 *
 * @throws BulletinError('font') when a character has no glyph in any font of its face
 * @throws BulletinError('render') when a table cannot be laid out (spans past its columns, too wide)
 */
export async function renderPdf(doc: BulletinDocument, options: Partial<PdfOptions> = {}): Promise<Buffer> {
  const opts: PdfOptions = { ...DEFAULT_OPTIONS, ...options };
  if (!(doc.meta.date instanceof Date) || Number.isNaN(doc.meta.date.getTime())) {
    throw new BulletinError('render', 'the document date (meta.date) is not a valid date');
  }

  const spots = textSpots(doc);
  checkCoverage(spots, await prepareSpots(spots));

  // svg-to-pdfkit only for a chart ./pdf/svg-shapes.ts does not draw
  const drawSvg = doc.blocks.some((b) => b.type === 'chart' && chartNeedsSvgToPdf(b)) ? await loadSvgToPdf() : undefined;
  const blocks = doc.blocks.map((block, index, all) => toFlowBlock(block, index, all, drawSvg));

  const pdf = new PDFDocument({
    autoFirstPage: false,
    compress: opts.compress,
    size: [PAGE.width, PAGE.height],
    lang: doc.meta.language,
    displayTitle: true,
    info: documentInfo(doc, { keywords: opts.keywords, creator: opts.creator }),
    // no default font: every text is drawn with the document's own fonts
    font: null as unknown as string,
  });
  const output = collect(pdf);
  const ink = new Ink(pdf);
  const flow = new Flow(pdf, ink, new Outline(pdf), (f) => drawFurniture(f, doc.meta.draftMark));
  flow.run(blocks);
  flow.end();
  setFileId(pdf, fileId(doc, opts, RENDERER_VERSION));
  pdf.end();
  return output;
}
