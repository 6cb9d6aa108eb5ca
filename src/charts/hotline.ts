/** 3. The 12320 hotline's calls by category: horizontal bars, the largest at the top. */
import type { EChartsOption } from 'echarts';
import { rankBy } from '../model/rank.js';
import type { MonthReport } from '../model/report.js';
import type { ChartDraft } from './types.js';
import {
  CHART_WIDTH,
  COLORS,
  STATIC,
  baseOption,
  categoryAxis,
  labelColumnWidth,
  monthLabel,
  unitNote,
  valueAxis,
  valueLabel,
  valueLabelWidth,
  wrapName,
} from './theme.js';

const NAME_CHARS = 12;

export function hotlineChart(report: MonthReport): ChartDraft | null {
  const categories = report.hotline?.categories ?? [];
  if (categories.length === 0) return null;
  const rows = rankBy(categories, (c) => c.count, (c) => c.name);
  const labels = rows.map((r) => wrapName(r.name, NAME_CHARS));
  const values = rows.map((r) => String(r.count));
  const height = Math.min(300, Math.max(200, 40 + rows.length * 28));

  const option: EChartsOption = {
    ...baseOption(),
    title: unitNote('个'),
    grid: { left: labelColumnWidth(labels), right: valueLabelWidth(values) + 14, top: 20, bottom: 20 },
    xAxis: valueAxis(),
    yAxis: categoryAxis(labels, true),
    series: [
      {
        type: 'bar',
        name: '受理量',
        barCategoryGap: '40%',
        data: rows.map((r) => r.count),
        itemStyle: { color: COLORS.bar },
        label: valueLabel('right', (i) => values[i] ?? ''),
        ...STATIC,
      },
    ],
  };

  const month = monthLabel(report.month);
  const title = `${month}12320卫生热线各类来电受理量`;
  const alt = `条形图：${title}，从多到少排列。${rows.map((r) => `${r.name}${r.count}个`).join('，')}。`;
  return { id: 'hotline-categories', title, alt, option, width: CHART_WIDTH, height };
}
