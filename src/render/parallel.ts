/**
 * Renders the DOCX and the PDF of a document at the same time: the PDF in a
 * worker thread (./worker.ts), which also draws the chart SVGs and their
 * text as outlines, and the DOCX, its chart images included, on the calling
 * thread. The worker starts when a build starts (`prepareRenderers`)
 * and loads pdfkit, fontkit, ECharts and the fonts while the data is read;
 * it lives as long as the process (idle, it does not keep the process
 * alive), so a year of issues loads them once.
 *
 * Where no worker can run (the sources run through a TypeScript loader, as
 * in the tests, or worker threads are unavailable) both are rendered here,
 * one after the other. The output bytes are the same either way: the same
 * code renders them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { BulletinDocument, ChartBlock } from '../document/blocks.js';
import { chartSvgId, fillChartSvgs } from '../document/chart-svgs.js';
import type { MonthReport } from '../model/report.js';
import { BulletinError } from '../errors.js';
import type { OutlinedChart } from './docx/raster.js';
import type { DocxOptions } from './docx/options.js';
import { deserializeError, type RenderMessage, type WorkerReply } from './messages.js';
import { startRenderWorker, takeEarly, warmFor, workerWanted, type WarmRequest } from './worker-start.js';
import { nowMs } from '../runtime/clock.js';

export type OutputFormat = 'docx' | 'pdf';

export interface RenderedOutputs {
  docx?: Buffer;
  pdf?: Buffer;
  /** milliseconds from the start of rendering to each output's completion */
  timings: { docx?: number; pdf?: number };
}

/** outlined charts by chart id (chartSvgId) */
type Outlines = Map<string, OutlinedChart>;

interface Job {
  svgs?: { resolve(svgs: Map<string, string>): void; reject(e: Error): void };
  charts?: { resolve(outlined: Outlines): void; reject(e: Error): void };
  pdf?: { resolve(bytes: Buffer): void; reject(e: Error): void };
}

/** a reply the job still waits for */
const waiting = (job: Job): boolean => Boolean(job.svgs || job.charts || job.pdf);

/** Chart SVGs being drawn in the render worker for a document built with `chartSvgsLater`. */
export interface ChartSvgs {
  /** the render job they belong to */
  readonly id: number;
  /** chart id → SVG */
  readonly svgs: Promise<Map<string, string>>;
  /** chart id → the SVG with its text outlined (for the DOCX's images), when they were asked for */
  readonly outlines?: Promise<Outlines>;
  /** draws them here instead (should the worker be gone by the time the document is rendered) */
  readonly local: () => Promise<Map<string, string>>;
}

/**
 * The compiled worker next to this module: worker.cjs in the bundle
 * (scripts/bundle.mjs), worker.js in dist/; undefined when running from the
 * .ts sources.
 */
function workerFile(): URL | undefined {
  if (import.meta.url.endsWith('.ts')) return undefined;
  return ['./worker.cjs', './worker.js'].map((f) => new URL(f, import.meta.url)).find((url) => existsSync(fileURLToPath(url)));
}

class RenderWorker {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private broken: Error | undefined;
  private readonly warmed = { pdf: false, charts: false, svgs: false };

  constructor(
    private readonly worker: Worker,
    /** what it is loading already (an early start, ./worker-start.ts) */
    warming?: WarmRequest,
  ) {
    if (warming) Object.assign(this.warmed, warming);
    worker.on('message', (m: WorkerReply) => this.receive(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`the render worker exited (code ${code})`)));
    // after the listeners: adding a 'message' listener refs the worker's port again
    worker.unref();
  }

  get usable(): boolean {
    return this.broken === undefined;
  }

  /** Stops the thread (what is in flight is rejected). */
  end(): void {
    this.fail(new Error('the render worker was ended'));
    void this.worker.terminate();
  }

  post(message: RenderMessage): void {
    this.worker.postMessage(message);
  }

  /** Has the worker load what these jobs need (once: a second call asks for nothing new). */
  warm(pdf: boolean, charts: boolean, svgs: boolean): void {
    const more = { pdf: pdf && !this.warmed.pdf, charts: charts && !this.warmed.charts, svgs: svgs && !this.warmed.svgs };
    if (!more.pdf && !more.charts && !more.svgs) return;
    this.warmed.pdf ||= pdf;
    this.warmed.charts ||= charts;
    this.warmed.svgs ||= svgs;
    this.post({ type: 'warm', ...more });
  }

  /**
   * Has the worker draw the report's chart SVGs now, and outline them when `outline` is set, for the
   * render job it returns the id of.
   */
  drawSvgs(report: MonthReport, outline: boolean): { id: number; svgs: Promise<Map<string, string>>; outlines?: Promise<Outlines> } {
    const id = this.nextId++;
    const job: Job = {};
    const svgs = new Promise<Map<string, string>>((resolve, reject) => (job.svgs = { resolve, reject }));
    svgs.catch(() => undefined);
    const outlines = outline ? new Promise<Outlines>((resolve, reject) => (job.charts = { resolve, reject })) : undefined;
    outlines?.catch(() => undefined);
    this.jobs.set(id, job);
    this.worker.ref();
    this.post({ type: 'svgs', id, report, outline });
    return { id, svgs, ...(outlines ? { outlines } : {}) };
  }

  render(document: BulletinDocument, pdf: boolean, charts: boolean, jobId?: number): { charts?: Promise<Outlines>; pdf?: Promise<Buffer> } {
    const id = jobId ?? this.nextId++;
    const job: Job = this.jobs.get(id) ?? {};
    const out: { charts?: Promise<Outlines>; pdf?: Promise<Buffer> } = {};
    if (charts) out.charts = new Promise((resolve, reject) => (job.charts = { resolve, reject }));
    if (pdf) out.pdf = new Promise((resolve, reject) => (job.pdf = { resolve, reject }));
    // a job in flight keeps the process alive; one with nothing left to wait for (a DOCX-only render
    // whose outlines are in) must not: the worker sends no reply that would release it. It is still
    // posted, so that the worker lets go of the job's SVGs
    if (waiting(job)) {
      this.jobs.set(id, job);
      this.worker.ref();
    } else this.jobs.delete(id);
    this.post({ type: 'render', id, document, pdf, charts });
    return out;
  }

  private settle(id: number, part: keyof Job, settle: (job: Job) => void): void {
    const job = this.jobs.get(id);
    if (!job) return;
    settle(job);
    delete job[part];
    if (!waiting(job)) {
      this.jobs.delete(id);
      if (this.jobs.size === 0) this.worker.unref();
    }
  }

  private receive(m: WorkerReply): void {
    switch (m.type) {
      case 'svgs':
        this.settle(m.id, 'svgs', (job) => job.svgs?.resolve(new Map(m.svgs)));
        break;
      case 'charts':
        this.settle(m.id, 'charts', (job) => job.charts?.resolve(new Map(m.outlined)));
        break;
      case 'pdf':
        this.settle(m.id, 'pdf', (job) => job.pdf?.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength)));
        break;
      case 'error': {
        // a failed warm-up (id 0) is reported by the render that needs it
        if (m.id === 0) return;
        const error = deserializeError(m.error);
        const job = this.jobs.get(m.id);
        if (!job) return;
        job.svgs?.reject(error);
        job.charts?.reject(error);
        job.pdf?.reject(error);
        delete job.svgs;
        delete job.charts;
        delete job.pdf;
        this.settle(m.id, 'pdf', () => undefined);
        break;
      }
    }
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const job of this.jobs.values()) {
      job.svgs?.reject(error);
      job.charts?.reject(error);
      job.pdf?.reject(error);
    }
    this.jobs.clear();
  }
}

let shared: RenderWorker | null | undefined;

async function renderWorker(): Promise<RenderWorker | undefined> {
  if (shared === undefined) {
    const file = workerFile();
    if (!file || !workerWanted()) shared = null;
    else {
      try {
        const early = takeEarly();
        shared = early ? new RenderWorker(early.worker, early.warm) : new RenderWorker(startRenderWorker(file));
      } catch {
        shared = null;
      }
    }
  }
  return shared && shared.usable ? shared : undefined;
}

/**
 * Ends the render worker now, for a process that renders nothing more (the
 * CLI's one build): its thread then frees its memory while this one writes
 * the files, not after, when the process's exit waits for it. A later render
 * starts another.
 */
export function endRenderWorker(): void {
  shared?.end();
  shared = undefined;
}

/**
 * Starts the render worker, if there is one, and has it load what rendering
 * these formats needs. Call as early as possible; returns at once.
 */
export function prepareRenderers(formats: readonly string[], hasCharts = true): void {
  const warm = warmFor(formats, hasCharts);
  if (!warm) return;
  void renderWorker().then((w) => w?.warm(warm.pdf, warm.charts, warm.svgs));
}

/**
 * Has the render worker draw the report's chart SVGs (ECharts), and outline
 * their text for the DOCX's images when `outline` is set, while this thread
 * goes on (reads the months the report is compared with, builds the document
 * with `chartSvgsLater`); undefined where no worker runs (build the document
 * with its SVGs then). Pass the result to renderOutputs.
 */
export async function drawChartSvgsElsewhere(report: MonthReport, outline: boolean): Promise<ChartSvgs | undefined> {
  const worker = await renderWorker();
  if (!worker) return undefined;
  const drawn = worker.drawSvgs(report, outline);
  const local = async () => (await import('../charts/index.js')).chartSvgs(report);
  return { ...drawn, local };
}

/** Renders the requested formats: in parallel when the render worker runs, else one after the other. */
export async function renderOutputs(
  document: BulletinDocument,
  formats: readonly OutputFormat[],
  docxOptions: Partial<DocxOptions>,
  /** called as the output being waited for changes: 'docx' first (when asked for), then 'pdf' */
  onStage: (stage: OutputFormat) => void = () => undefined,
  /** the document's chart SVGs, being drawn in the worker (drawChartSvgsElsewhere); filled in here too */
  chartSvgs?: ChartSvgs,
): Promise<RenderedOutputs> {
  const started = nowMs();
  const since = () => Math.round((nowMs() - started) * 10) / 10;
  const wantDocx = formats.includes('docx');
  const wantPdf = formats.includes('pdf');
  const hasCharts = document.blocks.some((b) => b.type === 'chart');
  const out: RenderedOutputs = { timings: {} };
  const worker = await renderWorker();
  if (!worker) {
    if (chartSvgs) fillChartSvgs(document, await chartSvgs.svgs.catch(() => chartSvgs.local()));
    if (wantDocx) {
      onStage('docx');
      const { renderDocx } = await import('./docx.js');
      out.docx = await renderDocx(document, docxOptions);
      out.timings.docx = since();
    }
    if (wantPdf) {
      onStage('pdf');
      const { renderPdf } = await import('./pdf.js');
      out.pdf = await renderPdf(document);
      out.timings.pdf = since();
    }
    return out;
  }
  // outlines asked for with the SVGs are not asked for again
  const remote = worker.render(document, wantPdf, wantDocx && hasCharts && !chartSvgs?.outlines, chartSvgs?.id);
  // handled here so that a failure never goes unobserved; awaited below
  remote.pdf?.catch(() => undefined);
  remote.charts?.catch(() => undefined);
  if (wantDocx) {
    onStage('docx');
    const { renderDocx } = await import('./docx.js');
    const outlined = chartSvgs?.outlines ?? remote.charts;
    // the worker outlines the charts' text (it has the font); they are rasterized here (resvg in the
    // thread pool) while the worker renders the PDF
    const rasterize = outlined
      ? async (blocks: readonly ChartBlock[]) => {
          const { rasterizeOutlined } = await import('./docx/raster.js');
          const byId = await outlined;
          return rasterizeOutlined(
            blocks,
            blocks.map((b) => {
              const o = byId.get(chartSvgId(b));
              if (!o) throw new BulletinError('render', `chart '${b.id}' was not outlined`);
              return o;
            }),
          );
        }
      : undefined;
    out.docx = await renderDocx(document, docxOptions, rasterize ? { rasterize } : {});
    out.timings.docx = since();
  }
  // the worker drew the SVGs before it rendered (a failure there is the build's error); this copy of
  // the document, the build's result, gets them too
  if (chartSvgs) fillChartSvgs(document, await chartSvgs.svgs);
  if (remote.pdf) {
    onStage('pdf');
    out.pdf = await remote.pdf;
    out.timings.pdf = since();
  }
  return out;
}
