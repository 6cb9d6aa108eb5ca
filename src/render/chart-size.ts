/** The one check of a chart block's size both renderers make before drawing it (the DOCX's image, the PDF's vectors). */
import type { ChartBlock } from '../document/blocks.js';
import { BulletinError } from '../errors.js';

/** @throws BulletinError('render') when the chart's width or height is not a positive finite number of points */
export function checkChartSize(chart: ChartBlock): void {
  if (!(chart.width > 0 && chart.height > 0) || !Number.isFinite(chart.width) || !Number.isFinite(chart.height)) {
    throw new BulletinError('render', `chart '${chart.id}' has no usable size (${chart.width} × ${chart.height} pt)`);
  }
}
