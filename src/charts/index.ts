/**
 * Charts: figures from the MonthReport drawn once, as SVG, for both outputs
 * (the PDF draws the SVG as vector graphics, the DOCX a PNG rasterized from
 * it). Each chart reads only the model, and a chart whose data is absent is
 * not built. The same report always gives the same SVG bytes.
 *
 *   const charts = buildCharts(report);               // Map, in the order of CHART_IDS
 *   charts.get('bookings-by-hospital')?.svg
 *
 * ECharts is loaded on the first call (see engine.ts).
 */
import type { MonthReport } from '../model/report.js';
import { bookingsChart } from './bookings.js';
import { channelsChart } from './channels.js';
import { renderSvg } from './engine.js';
import { hotlineChart } from './hotline.js';
import { kiosksChart } from './kiosks.js';
import { telemedicineChart } from './telemedicine.js';
import type { ChartDraft, ChartId } from './types.js';

export type { ChartId } from './types.js';
export { svgTexts } from './svg.js';

export interface ChartSpec {
  id: ChartId;
  /** the caption text without its number (图N), e.g. 2020年10月各医院预约挂号量（前10名） */
  title: string;
  /** a description with the chart's figures, for screen readers */
  alt: string;
  /** a standalone SVG document; its user units are points */
  svg: string;
  /** printed size in points */
  width: number;
  height: number;
}

const DRAFTS: Record<ChartId, (report: MonthReport) => ChartDraft | null> = {
  'bookings-by-hospital': bookingsChart,
  'booking-channels': channelsChart,
  'hotline-categories': hotlineChart,
  'kiosk-payments': kiosksChart,
  'telemedicine-uploads': telemedicineChart,
};

/** every chart, in the order they are built and returned */
export const CHART_IDS = Object.keys(DRAFTS) as ChartId[];

/**
 * A chart's caption, alt text and size, without drawing it (no ECharts): what
 * the document needs when another thread draws the SVGs (src/render/parallel.ts).
 * Null when the report has no data for it.
 */
export function chartOutline(report: MonthReport, id: ChartId): Omit<ChartSpec, 'svg'> | null {
  const draft = DRAFTS[id](report);
  return draft ? { id, title: draft.title, alt: draft.alt, width: draft.width, height: draft.height } : null;
}

/**
 * Builds the charts whose data the report has (all of them, or those in
 * `options.ids`), in the order of CHART_IDS.
 */
export function buildCharts(report: MonthReport, options: { ids?: ChartId[] } = {}): Map<ChartId, ChartSpec> {
  const wanted = new Set(options.ids ?? CHART_IDS);
  const charts = new Map<ChartId, ChartSpec>();
  for (const id of CHART_IDS) {
    if (!wanted.has(id)) continue;
    const draft = DRAFTS[id](report);
    if (!draft) continue;
    const svg = renderSvg(draft.option, draft.width, draft.height, `chart-${id}`);
    charts.set(id, { id, title: draft.title, alt: draft.alt, svg, width: draft.width, height: draft.height });
  }
  return charts;
}

/** The SVGs of buildCharts by chart id: what a document built with `chartSvgsLater` is filled in with. */
export function chartSvgs(report: MonthReport): Map<string, string> {
  return new Map([...buildCharts(report)].map(([id, spec]) => [id, spec.svg]));
}

/** Loads ECharts now (for a worker to do while the data is read). */
export { loadEngine as preloadChartEngine } from './engine.js';
