/**
 * Starting the render worker thread (./worker.ts): the one place that creates
 * it, and the early start bin/bulletin.js makes for `bulletin build` before
 * the CLI's bundle has loaded (≈0.05 s sooner), which ./parallel.ts then
 * takes over.
 *
 * Nothing here but node:worker_threads: the bundle keeps this module apart
 * (dist/bundle/worker-start.cjs), so that the bin and the CLI share it.
 */
import { Worker } from 'node:worker_threads';

/** What the worker loads before its first job: pdf, the PDF renderer and fonts; charts, the font the charts' text is outlined with; svgs, ECharts. */
export interface WarmRequest {
  pdf: boolean;
  charts: boolean;
  svgs: boolean;
}

/** What rendering these formats needs loaded; undefined when it needs no worker. */
export function warmFor(formats: readonly string[], hasCharts = true): WarmRequest | undefined {
  const pdf = formats.includes('pdf');
  const charts = hasCharts && formats.includes('docx');
  return pdf || charts ? { pdf, charts, svgs: hasCharts } : undefined;
}

/** BULLETIN_RENDER_WORKER=0 renders everything on the calling thread. */
export const workerWanted = (env: NodeJS.ProcessEnv = process.env): boolean => env.BULLETIN_RENDER_WORKER !== '0';

/** Starts the worker from its compiled file; with `warm`, it starts loading at once, before any message. */
export function startRenderWorker(file: URL, warm?: WarmRequest): Worker {
  // a young generation of 6 MB (semi-spaces of 2 MB): fresh memory is expensive to touch here, and the
  // worker's heap is mostly fonts and PDF objects that live to the end. Cold builds, paired by round:
  // 48 and 60 ms faster than with 16 MB (24 and 20 rounds), 4 MB 47 ms; 32 MB 83 ms slower; V8's
  // default and 48 or 128 MB were slower than 16 MB when it was chosen
  return new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 6 }, ...(warm ? { workerData: { warm } } : {}) });
}

interface Early {
  worker: Worker;
  warm: WarmRequest;
  /** it failed or exited before it was taken */
  gone: boolean;
}

let early: Early | undefined;

/**
 * Starts the worker for a build of these formats now, for ./parallel.ts to
 * take, and returns it (undefined when none is needed or none can run).
 * Never keeps the process alive.
 */
export function startEarly(file: URL, formats: readonly string[]): Worker | undefined {
  const warm = warmFor(formats);
  if (early || !warm || !workerWanted()) return undefined;
  try {
    const started: Early = { worker: startRenderWorker(file, warm), warm, gone: false };
    // until it is taken: a failure only means it is not used (parallel.ts starts another or renders here)
    started.worker.on('error', () => (started.gone = true));
    started.worker.on('exit', () => (started.gone = true));
    started.worker.unref();
    early = started;
    return started.worker;
  } catch {
    // no worker threads here: the build renders on its own thread
    return undefined;
  }
}

/** The early worker and what it is loading, once; undefined when none was started or it is gone. */
export function takeEarly(): { worker: Worker; warm: WarmRequest } | undefined {
  const taken = early;
  early = undefined;
  if (!taken || taken.gone) {
    void taken?.worker.terminate();
    return undefined;
  }
  taken.worker.removeAllListeners('error');
  taken.worker.removeAllListeners('exit');
  return { worker: taken.worker, warm: taken.warm };
}
