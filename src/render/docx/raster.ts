/**
 * The DOCX's chart images: each chart's SVG (the same SVG the PDF draws as
 * vectors) rasterized at 200 dpi for its printed size, with its text drawn
 * as the outlines of the same font's glyphs (./outline.ts: resvg then loads
 * no font). The charts rasterize in parallel (resvg's renderAsync runs in
 * Node's thread pool) and resvg encodes the PNGs.
 *
 * No docx here, and fontkit and resvg are loaded on first use: the render
 * worker (src/render/worker.ts) outlines the text with the font it has
 * loaded for the PDF; the thread writing the DOCX rasterizes the outlined
 * SVGs with resvg and needs no font.
 *
 * Reproducible: the outlines, resvg's pixels and the PNG encoding depend
 * only on the SVG, the font and the size.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Block, ChartBlock } from '../../document/blocks.js';
import { BulletinError } from '../../errors.js';
import { FONT_FAMILY } from '../../charts/theme.js';
import { outlineSvgText, type OutlineFont } from './outline.js';
import { resvgRenderAsync } from './resvg.js';
import { checkChartSize } from '../chart-size.js';

/** print resolution of the chart images (200 dpi: print quality, and ≈2.2× fewer pixels than 300 dpi) */
export const CHART_DPI = 200;

/** A chart rasterized for the DOCX. */
export interface ChartImage {
  png: Buffer;
  /** pixels */
  width: number;
  height: number;
}

/** The charts' font for outlining (loaded on first use: the thread that only rasterizes never loads fontkit). */
async function chartFont() {
  const [{ sansFont }, { outlineFont }] = await Promise.all([import('../pdf/fonts.js'), import('./outline-font.js')]);
  return outlineFont(await sansFont('regular'));
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

/** Loads the charts' font only: for a thread that draws the outlines and leaves rasterizing to another. */
export async function prepareOutliner(): Promise<void> {
  void (await chartFont()).glyphForCodePoint(0x4e00).path;
}

/** A chart's SVG with its text as outlines (./outline.ts), ready for resvg. */
export interface OutlinedChart {
  svg: string;
  /** text elements left as text: resvg then needs the font files */
  textLeft: number;
}

function outline(id: string, svg: string, font: OutlineFont): OutlinedChart {
  try {
    return outlineSvgText(svg, font);
  } catch (error) {
    throw new BulletinError('render', `chart '${id}' cannot be rasterized: ${(error as Error).message}`, { cause: error });
  }
}

/** The charts' SVGs with their text drawn as outlines (needs the font, not resvg). */
export async function outlineCharts(charts: readonly ChartBlock[]): Promise<OutlinedChart[]> {
  if (charts.length === 0) return [];
  charts.forEach(checkChartSize);
  const font = await chartFont();
  return charts.map((chart) => outline(chart.id, chart.svg, font));
}

/** SVGs by chart id with their text drawn as outlines, before any document has them (the render worker's early outlines). */
export async function outlineSvgs(svgs: ReadonlyMap<string, string>): Promise<[string, OutlinedChart][]> {
  if (svgs.size === 0) return [];
  const font = await chartFont();
  return [...svgs].map(([id, svg]) => [id, outline(id, svg, font)]);
}

/**
 * Rasterizes outlined charts (resvg only; no font unless text was left),
 * all at once: resvg's renderAsync runs in Node's thread pool. The PNG is as
 * wide as the printed width at CHART_DPI.
 */
export async function rasterizeOutlined(charts: readonly ChartBlock[], outlined: readonly OutlinedChart[]): Promise<Map<ChartBlock, ChartImage>> {
  const images = new Map<ChartBlock, ChartImage>();
  if (charts.length === 0) return images;
  const renderAsync = await resvgRenderAsync();
  const rendered = await Promise.all(
    charts.map(async (chart, i) => {
      checkChartSize(chart);
      const { svg, textLeft } = outlined[i]!;
      try {
        const image = await renderAsync(svg, {
          // text the outliner left (none in our charts) is drawn by resvg with the font files
          font: textLeft > 0 ? { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } : { loadSystemFonts: false },
          fitTo: { mode: 'width', value: Math.ceil((chart.width * CHART_DPI) / 72) },
          background: '#FFFFFF',
        });
        // resvg's own encoder, in one call: copying the pixels out to encode them here (zlib in the thread
        // pool, smaller files) cost twice the time in a fresh process (page faults on 3.4 MB copies)
        const png = image.asPng();
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
 * Rasterizes every chart of the document (resvg and the font are loaded only
 * when there is one): outlines, then resvg.
 * @throws BulletinError('render') when a chart's SVG cannot be read
 */
export async function rasterizeCharts(blocks: readonly Block[]): Promise<Map<ChartBlock, ChartImage>> {
  const charts = blocks.filter((b): b is ChartBlock => b.type === 'chart');
  return rasterizeOutlined(charts, await outlineCharts(charts));
}
