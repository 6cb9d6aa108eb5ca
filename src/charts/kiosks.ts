/**
 * 4. Kiosk payments (缴费金额) of the hospitals (the 医疗单位 group): the ten
 * largest, horizontal bars in 万元 (the model keeps money in integer 分).
 */
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
  fenToWanYuan,
  labelColumnWidth,
  monthLabel,
  unitNote,
  valueAxis,
  valueLabel,
  valueLabelWidth,
  wrapName,
} from './theme.js';

export const TOP = 10;
export const KIOSK_GROUP = '医疗单位';
const NAME_CHARS = 12;

export function kiosksChart(report: MonthReport): ChartDraft | null {
  const group = report.kiosks?.groups.find((g) => g.group === KIOSK_GROUP);
  const paying = (group?.rows ?? []).filter((r) => r.payAmount > 0);
  if (paying.length === 0) return null;
  const rows = rankBy(paying, (r) => r.payAmount, (r) => r.name).slice(0, TOP);
  const labels = rows.map((r) => wrapName(r.name, NAME_CHARS));
  const values = rows.map((r) => fenToWanYuan(r.payAmount));
  const lines = labels.reduce((n, l) => n + l.split('\n').length, 0);
  const height = Math.min(300, Math.max(220, 30 + rows.length * 18 + lines * 4));

  const option: EChartsOption = {
    ...baseOption(),
    title: unitNote('万元'),
    grid: { left: labelColumnWidth(labels), right: valueLabelWidth(values) + 22, top: 20, bottom: 20 },
    xAxis: valueAxis(),
    yAxis: categoryAxis(labels, true),
    series: [
      {
        type: 'bar',
        name: '缴费金额',
        barCategoryGap: '38%',
        // the bar length in 万元; the label is the exact figure from 分
        data: rows.map((r) => r.payAmount / 1_000_000),
        itemStyle: { color: COLORS.bar },
        label: valueLabel('right', (i) => values[i] ?? ''),
        ...STATIC,
      },
    ],
  };

  const month = monthLabel(report.month);
  const title = `${month}自助智能医疗服务终端缴费金额（${KIOSK_GROUP}前${rows.length}名）`;
  const alt = `条形图：${title}，单位万元，从多到少排列。${rows.map((r, i) => `${r.name}${values[i]}万元`).join('，')}。`;
  return { id: 'kiosk-payments', title, alt, option, width: CHART_WIDTH, height };
}
