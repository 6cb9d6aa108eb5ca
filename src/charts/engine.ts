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

interface EChartsModule {
  init(dom: null, theme: null, options: { renderer: 'svg'; ssr: true; width: number; height: number }): EChartsInstance;
  setPlatformAPI(api: { measureText: (text: string, font?: string) => { width: number } }): void;
}

let engine: EChartsModule | undefined;

/** Loads ECharts (once). */
export function loadEngine(): void {
  echarts();
}

function echarts(): EChartsModule {
  if (!engine) {
    const require = createRequire(import.meta.url);
    const loaded = require('echarts/dist/echarts.common.min.js') as EChartsModule;
    loaded.setPlatformAPI({ measureText: (text, font) => ({ width: textWidth(text, fontSizeOf(font)) }) });
    engine = loaded;
  }
  return engine;
}

/** Draws an option at width × height (SVG user units, printed as points) and returns the normalized SVG. */
export function renderSvg(option: EChartsOption, width: number, height: number, idPrefix: string): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return normalizeSvg(chart.renderToSVGString(), idPrefix);
  } finally {
    chart.dispose();
  }
}
