/**
 * A document built with its chart SVGs left to another thread (buildDocument's
 * `chartSvgsLater`: src/render/parallel.ts has the render worker draw them
 * while the document is built) gets them filled in here. Kept apart from
 * ./build.ts, which the render worker does not load.
 */
import { BulletinError } from '../errors.js';
import type { BulletinDocument, ChartBlock } from './blocks.js';

/** The id a chart block's SVG goes by (buildCharts' chart id): the block is chart-<id>. */
export function chartSvgId(block: ChartBlock): string {
  return block.id.replace(/^chart-/, '');
}

/**
 * Fills in the SVGs of a document built with `chartSvgsLater` (SVGs by chart
 * id, as buildCharts gives them). Throws on a chart it has no SVG for.
 */
export function fillChartSvgs(doc: BulletinDocument, svgs: ReadonlyMap<string, string>): void {
  for (const block of doc.blocks) {
    if (block.type !== 'chart' || block.svg !== '') continue;
    const svg = svgs.get(chartSvgId(block));
    if (svg === undefined) throw new BulletinError('render', `chart '${block.id}' has no SVG`);
    block.svg = svg;
  }
}
