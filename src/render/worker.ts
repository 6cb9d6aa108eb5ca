/**
 * The render worker (a worker thread; see ./parallel.ts): loads the PDF
 * renderer and the fonts as soon as a build starts, while the main thread
 * reads the data, then draws the chart SVGs (ECharts), their text as
 * outlines for the DOCX's images (the font is loaded here; the main thread
 * rasterizes them) and renders the PDF, while the main thread writes the
 * DOCX.
 *
 * Messages in (one at a time, in order):
 *   { type: 'warm', pdf, charts, svgs }    load what those jobs need
 *   { type: 'svgs', id, report }           draw the report's chart SVGs (ECharts) for render job `id`,
 *                                          while the main thread builds the document
 *   { type: 'render', id, document, pdf, charts }
 * Messages out:
 *   { type: 'svgs', id, svgs }             the SVGs drawn, by chart id
 *   { type: 'charts', id, outlined }       the document's charts with their text outlined, in order
 *   { type: 'pdf', id, bytes }
 *   { type: 'error', id, error }           id 0: a warm-up failed
 *
 * Nothing here prints; the fonts and modules stay loaded for the next
 * build of the process (a year of issues loads them once).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BulletinDocument, ChartBlock } from '../document/blocks.js';
import type { MonthReport } from '../model/report.js';
import { flushCompileCache } from '../runtime/compile-cache.js';
import { serializeError, type RenderMessage, type WorkerReply } from './messages.js';
import type { WarmRequest } from './worker-start.js';

const port = parentPort;
if (!port) throw new Error('render/worker.js runs as a worker thread');

async function warm(pdf: boolean, charts: boolean, svgs: boolean): Promise<void> {
  const tasks: Promise<unknown>[] = [];
  // first: the CLI thread wants ICU's zh-CN collation soonest (model/rank.ts)
  tasks.push(import('../model/rank.js').then(({ prepareNameOrder }) => prepareNameOrder()));
  if (svgs) tasks.push(import('../charts/index.js').then(({ preloadChartEngine }) => preloadChartEngine()));
  if (pdf) {
    // (svg-to-pdfkit is loaded only for a chart ./pdf/svg-shapes.ts does not draw)
    tasks.push(import('./pdf.js').then(async ({ preparePdfRenderer }) => preparePdfRenderer()));
  }
  if (charts) tasks.push(import('./docx/raster.js').then(({ prepareOutliner }) => prepareOutliner()));
  await Promise.all(tasks);
}

/** chart SVGs drawn for a render job not yet received, by job id */
const drawnSvgs = new Map<number, Map<string, string>>();

async function drawSvgs(id: number, report: MonthReport, outline: boolean): Promise<void> {
  const { chartSvgs } = await import('../charts/index.js');
  const svgs = chartSvgs(report);
  drawnSvgs.set(id, svgs);
  reply({ type: 'svgs', id, svgs: [...svgs] });
  if (outline) {
    // now, not with the render: the main thread rasterizes them while it builds the DOCX around them
    const { outlineSvgs } = await import('./docx/raster.js');
    reply({ type: 'charts', id, outlined: await outlineSvgs(svgs) });
  }
}

async function render(id: number, document: BulletinDocument, pdf: boolean, charts: boolean): Promise<void> {
  const svgs = drawnSvgs.get(id);
  if (svgs) {
    drawnSvgs.delete(id);
    const { fillChartSvgs } = await import('../document/chart-svgs.js');
    fillChartSvgs(document, svgs);
  }
  if (charts) {
    // the outlines only (the font is here); the main thread rasterizes them while this renders the PDF
    const [{ outlineCharts }, { chartSvgId }] = await Promise.all([import('./docx/raster.js'), import('../document/chart-svgs.js')]);
    const blocks = document.blocks.filter((b): b is ChartBlock => b.type === 'chart');
    const outlined = await outlineCharts(blocks);
    reply({ type: 'charts', id, outlined: blocks.map((b, i) => [chartSvgId(b), outlined[i]!]) });
  }
  if (pdf) {
    const { renderPdf } = await import('./pdf.js');
    const bytes = await renderPdf(document);
    // what the first render compiled, kept for the next process; before the reply, after which the
    // process may end (a worker is not waited for)
    flushCompileCache();
    reply({ type: 'pdf', id, bytes });
  }
}

function reply(message: WorkerReply): void {
  port!.postMessage(message);
}

let queue: Promise<unknown> = Promise.resolve();

port.on('message', run);

// started early (./worker-start.ts): loading begins now, before any message
const early = (workerData as { warm?: WarmRequest } | null)?.warm;
if (early) run({ type: 'warm', ...early });

function run(message: RenderMessage): void {
  queue = queue.then(async () => {
    try {
      if (message.type === 'warm') await warm(message.pdf, message.charts, message.svgs);
      else if (message.type === 'svgs') await drawSvgs(message.id, message.report, message.outline);
      else await render(message.id, message.document, message.pdf, message.charts);
    } catch (error) {
      reply({ type: 'error', id: message.type === 'warm' ? 0 : message.id, error: serializeError(error) });
    }
  });
}
