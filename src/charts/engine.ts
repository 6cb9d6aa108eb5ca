/**
 * Apache ECharts, server-side: an option in, a standalone SVG document out.
 *
 * ECharts is loaded on first use, synchronously, from its prebuilt
 * `dist/echarts.common.min.js` (bar, pie, grid, legend and the SVG renderer
 * in one file): about 0.1 s, against about 0.9 s for the ES module tree
 * behind `import('echarts')`, and synchronous so that buildCharts can be
 * called by the synchronous document builder. Nothing is loaded when no
 * chart is built.
 */
import { createRequire } from 'node:module';
import type { EChartsOption } from 'echarts';
import { fontSizeOf, textWidth } from './metrics.js';
import { normalizeSvg } from './svg.js';

interface EChartsInstance {
  setOption(option: EChartsOption): void;
  renderToSVGString(options?: { useViewBox?: boolean }): string;
  dispose(): void;
}

/** What we use of ECharts: all that the bundle's own build of it has (scripts/bundle.mjs). */
export interface EChartsModule {
  init(dom: null, theme: null, options: { renderer: 'svg'; ssr: true; width: number; height: number }): EChartsInstance;
  setPlatformAPI(api: { measureText: (text: string, font?: string) => { width: number } }): void;
}

let engine: EChartsModule | undefined;

/** Loads ECharts (once). */
export function loadEngine(): void {
  echarts();
}

/** Has ECharts measure text with our fonts' widths (./metrics.ts), and returns it. */
export function measuringOurText(loaded: EChartsModule): EChartsModule {
  loaded.setPlatformAPI({ measureText: (text, font) => ({ width: textWidth(text, fontSizeOf(font)) }) });
  return loaded;
}

function echarts(): EChartsModule {
  if (!engine) {
    const require = createRequire(import.meta.url);
    engine = measuringOurText(require('echarts/dist/echarts.common.min.js') as EChartsModule);
  }
  return engine;
}

/**
 * Draws an option at width × height (SVG user units, printed as points) and
 * returns the normalized SVG; with the ECharts loaded here unless given
 * another (tests compare the bundle's build of it).
 */
export function renderSvg(option: EChartsOption, width: number, height: number, idPrefix: string, using: EChartsModule = echarts()): string {
  const chart = using.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return normalizeSvg(chart.renderToSVGString(), idPrefix);
  } finally {
    chart.dispose();
  }
}
