/**
 * DOCX renderer: draws a BulletinDocument as a Word document with named,
 * editable styles, real tables and reproducible bytes.
 *
 *   const bytes = await renderDocx(doc, { fonts: { body: { eastAsia: '宋体', latin: 'Times New Roman' } } });
 *
 * The pieces live under ./docx/: options (fonts), text (control characters),
 * styles, page (geometry, header, footer), masthead (masthead, contact
 * block), tables, chart (charts as PNG rasterized from their SVG), package
 * (reproducible zip).
 */
import { Document, Paragraph } from 'docx';
import type { Block, BulletinDocument, ChartBlock, ParagraphBlock } from '../document/blocks.js';
import { BulletinError } from '../errors.js';
import { DOCX_ALIGN } from './docx/align.js';
import { chartStyles, rasterizeCharts, renderChart, type ChartImage } from './docx/chart.js';
import { resolveDocxOptions, type DocxOptions } from './docx/options.js';
import { renderContact, renderMasthead } from './docx/masthead.js';
import { compilePackage, imageStandIn, replaceMedia, replaceTables, tableStandIn, zipParts } from './docx/package.js';
import { A4_BULLETIN, draftMarkHeader, pageNumberFooter, sectionProperties } from './docx/page.js';
import { LANGUAGE, STYLE, bulletinStyles, bulletinTheme } from './docx/styles.js';
import { renderTable } from './docx/tables.js';
import { cleanLine, stripControlChars, textRun } from './docx/text.js';

export { DEFAULT_DOCX_OPTIONS, type DocxFonts, type DocxOptions, type FontFace } from './docx/options.js';
export { STYLE as DOCX_STYLE } from './docx/styles.js';
export { stripControlChars } from './docx/text.js';

const PARAGRAPH_STYLE = { body: STYLE.body, note: STYLE.note, lead: STYLE.lead } as const;

export interface DocxRenderHooks {
  /** rasterizes the charts (default: here, with ./docx/chart.ts; src/render/parallel.ts has a worker thread do it) */
  rasterize?: (charts: readonly ChartBlock[]) => Promise<ReadonlyMap<ChartBlock, ChartImage>>;
}

/**
 * Renders the document as DOCX bytes. The same document and options always
 * give the same bytes: every timestamp is `doc.meta.date`.
 * @throws BulletinError('config') for unusable font options,
 *         BulletinError('render') for a document that cannot be drawn (an
 *         invalid date, a malformed table)
 */
export async function renderDocx(doc: BulletinDocument, options?: Partial<DocxOptions>, hooks: DocxRenderHooks = {}): Promise<Buffer> {
  const { fonts } = resolveDocxOptions(options);
  const { meta } = doc;
  if (!(meta.date instanceof Date) || Number.isNaN(meta.date.getTime())) {
    throw new BulletinError('render', 'the document has no valid date (meta.date), which every DOCX timestamp uses');
  }
  const page = A4_BULLETIN;
  const charts = doc.blocks.filter((b): b is ChartBlock => b.type === 'chart');
  // The charts rasterize (in the render worker and the thread pool) while docx compiles the document
  // around stand-ins for their images, whose bytes take the images' place in the package afterwards.
  const rasterizing = charts.length === 0 ? Promise.resolve(new Map<ChartBlock, ChartImage>()) : (hooks.rasterize ?? rasterizeCharts)(charts);
  rasterizing.catch(() => undefined); // awaited below, after compiling
  const standIns = new Map(charts.map((chart, i) => [chart, imageStandIn(i)]));
  const tables: string[] = [];
  const children = renderBlocks(doc.blocks, standIns, tables);
  const draftMark = cleanLine(meta.draftMark ?? '').trim();
  const title = cleanLine(meta.title);
  const subject = cleanLine(meta.subject);
  const author = cleanLine(meta.author);

  const file = new Document({
    title,
    subject,
    creator: author,
    lastModifiedBy: author,
    revision: 1,
    styles: withChartStyles(bulletinStyles(fonts, page), chartStyles(fonts)),
    theme: bulletinTheme(fonts),
    sections: [
      {
        properties: sectionProperties(page),
        ...(draftMark !== '' ? { headers: { default: draftMarkHeader(draftMark) } } : {}),
        footers: { default: pageNumberFooter() },
        children,
      },
    ],
  });

  try {
    const parts = compilePackage(file, { title, subject, creator: author, language: LANGUAGE, date: meta.date });
    replaceTables(parts, tables);
    const images = await rasterizing;
    for (const [chart, standIn] of standIns) {
      const image = images.get(chart);
      if (!image) throw new BulletinError('render', `chart '${chart.id}' was not rasterized`);
      replaceMedia(parts, standIn, image.png);
    }
    return await zipParts(parts, meta.date);
  } catch (error) {
    if (error instanceof BulletinError) throw error;
    throw new BulletinError('render', `could not write the DOCX file: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Blocks in order; a pageBreak becomes "page break before" on the next block's first paragraph. Tables
 * come as XML (./docx/tables.ts): a stand-in paragraph here, their XML in `tables`, in order.
 */
function renderBlocks(blocks: readonly Block[], images: ReadonlyMap<ChartBlock, Uint8Array>, tables: string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let breakPending = false;
  let drawings = 0;
  for (const block of blocks) {
    if (block.type === 'pageBreak') {
      // a break at the very start would give a blank first page
      breakPending = out.length > 0;
      continue;
    }
    const breakBefore = breakPending;
    breakPending = false;
    switch (block.type) {
      case 'masthead':
        out.push(...renderMasthead(block, breakBefore));
        break;
      case 'heading':
        out.push(
          new Paragraph({
            style: block.level === 1 ? STYLE.heading1 : STYLE.heading2,
            children: [textRun(cleanLine(block.text))],
            ...(breakBefore ? { pageBreakBefore: true } : {}),
          }),
        );
        break;
      case 'paragraph':
        out.push(renderParagraph(block, breakBefore));
        break;
      case 'table':
        for (const part of renderTable(block, A4_BULLETIN, breakBefore)) {
          if (part instanceof Paragraph) out.push(part);
          else out.push(tableStandIn(tables.push(part.tableXml) - 1));
        }
        break;
      case 'contact':
        out.push(...renderContact(block, breakBefore));
        break;
      case 'chart': {
        const image = images.get(block);
        if (!image) throw new BulletinError('render', `chart '${block.id}' was not rasterized`);
        out.push(...renderChart(block, image, ++drawings, breakBefore));
        break;
      }
      default: {
        const unknown: never = block;
        throw new BulletinError('render', `unknown block type ${JSON.stringify((unknown as { type?: unknown }).type)}`);
      }
    }
  }
  return out;
}

function withChartStyles(styles: ReturnType<typeof bulletinStyles>, extra: ReturnType<typeof chartStyles>) {
  return { ...styles, paragraphStyles: [...(styles.paragraphStyles ?? []), ...extra] };
}

function renderParagraph(block: ParagraphBlock, pageBreakBefore: boolean): Paragraph {
  const style = PARAGRAPH_STYLE[block.style];
  if (style === undefined) {
    throw new BulletinError('render', `unknown paragraph style ${JSON.stringify(block.style)}`);
  }
  return new Paragraph({
    style,
    children: block.runs
      .filter((run) => stripControlChars(run.text) !== '')
      .map((run) => textRun(run.text, { bold: run.bold === true })),
    ...(block.align ? { alignment: DOCX_ALIGN[block.align] } : {}),
    ...(pageBreakBefore ? { pageBreakBefore: true } : {}),
  });
}
