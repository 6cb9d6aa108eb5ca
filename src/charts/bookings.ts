/**
 * 1. Bookings by hospital: the ten hospitals with the most bookings (小计),
 * the largest at the top, each bar stacked by channel, 小计 at its end.
 */
import type { EChartsOption } from 'echarts';
import type { MonthReport } from '../model/report.js';
import type { ChartDraft } from './types.js';
import {
  CHART_WIDTH,
  COLORS,
  FONT_SIZE,
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

export const TOP = 10;

/** the four channels, in the booking table's column order */
export const BOOKING_CHANNELS = [
  { key: 'online', name: '12320在线预约', color: COLORS.accent },
  { key: 'phone', name: '电话预约', color: COLORS.series[0] },
  { key: 'clinic', name: '诊间预约', color: COLORS.series[1] },
  { key: 'thirdParty', name: '第三方', color: COLORS.series[2] },
] as const;

const NAME_CHARS = 12;

export function bookingsChart(report: MonthReport): ChartDraft | null {
  const rows = report.bookings?.rows.slice(0, TOP) ?? [];
  if (rows.length === 0) return null;
  const labels = rows.map((r) => wrapName(r.name, NAME_CHARS));
  const totals = rows.map((r) => String(r.subtotal));
  const lines = labels.reduce((n, l) => n + l.split('\n').length, 0);
  const height = Math.min(300, Math.max(220, 44 + rows.length * 18 + lines * 4));

  const option: EChartsOption = {
    ...baseOption(),
    legend: {
      top: 0,
      left: 'center',
      itemWidth: 12,
      itemHeight: 8,
      itemGap: 14,
      textStyle: { fontSize: FONT_SIZE.legend, color: COLORS.text },
      data: BOOKING_CHANNELS.map((c) => c.name),
      selectedMode: false,
    },
    title: unitNote('次'),
    grid: {
      left: labelColumnWidth(labels),
      right: valueLabelWidth(totals) + 14,
      top: 26,
      bottom: 20,
    },
    xAxis: valueAxis(),
    yAxis: categoryAxis(labels, true),
    series: [
      ...BOOKING_CHANNELS.map((c) => ({
        type: 'bar' as const,
        name: c.name,
        stack: 'bookings',
        barCategoryGap: '38%',
        data: rows.map((r) => r[c.key]),
        itemStyle: { color: c.color },
        ...STATIC,
      })),
      {
        // 小计 at the end of each bar: an invisible bar as long as the stack, over it
        type: 'bar' as const,
        name: '小计',
        barGap: '-100%',
        data: rows.map((r) => r.subtotal),
        itemStyle: { color: 'none' },
        label: valueLabel('right', (i) => totals[i] ?? ''),
        z: 1,
        ...STATIC,
      },
    ],
  };

  const month = monthLabel(report.month);
  const title = `${month}各医院预约挂号量（前${rows.length}名）`;
  const list = rows.map((r) => `${r.name}${r.subtotal}次`).join('，');
  const alt =
    `横向堆积条形图：${title}，从多到少排列，每家医院按${BOOKING_CHANNELS.map((c) => c.name).join('、')}分段。` + `${list}。`;
  return { id: 'bookings-by-hospital', title, alt, option, width: CHART_WIDTH, height };
}
