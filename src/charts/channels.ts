/**
 * 2. The share of each booking channel (健康南京客户端 …): a donut labelled
 * `name 12.3%`. With more than six channels, the five largest are kept and
 * the rest grouped as 其他.
 */
import type { EChartsOption } from 'echarts';
import type { MonthReport } from '../model/report.js';
import type { ChartDraft } from './types.js';
import { CHART_WIDTH, COLORS, FONT_SIZE, STATIC, baseOption, labelColumnWidth, monthLabel, percent, wrapName } from './theme.js';

export const MAX_SLICES = 6;
export const OTHER = '其他';
/** a slice's name longer than this wraps (the percentage stays on the last line) */
const NAME_CHARS = 9;
const LABEL_LINE = { length: 10, length2: 12 } as const;

export interface Slice {
  name: string;
  count: number;
  /** 62.7 */
  percent: string;
}

/** The slices in ranked order, the small ones grouped as 其他 (always last). */
export function channelSlices(rows: readonly { name: string; count: number }[], total: number): Slice[] {
  const ranked = rows.filter((r) => r.count > 0);
  let kept = ranked;
  let other = 0;
  if (ranked.length > MAX_SLICES) {
    kept = ranked.slice(0, MAX_SLICES - 1);
    other = ranked.slice(MAX_SLICES - 1).reduce((s, r) => s + r.count, 0);
  }
  // a channel the provider itself calls 其他 joins the group
  const named = kept.find((r) => r.name === OTHER);
  if (named) {
    kept = kept.filter((r) => r !== named);
    other += named.count;
  }
  const slices = kept.map((r) => ({ name: r.name, count: r.count, percent: percent(r.count, total) }));
  if (other > 0) slices.push({ name: OTHER, count: other, percent: percent(other, total) });
  return slices;
}

export function channelsChart(report: MonthReport): ChartDraft | null {
  const model = report.channels;
  if (!model || model.total <= 0) return null;
  const slices = channelSlices(model.rows, model.total);
  if (slices.length === 0) return null;
  const labels = slices.map((s) => `${wrapName(s.name, NAME_CHARS)} ${s.percent}%`);
  const palette = [COLORS.accent, ...COLORS.series];
  const width = CHART_WIDTH;
  // the donut as large as the labels beside it allow (leader line, widest label line, margin), at most 100 pt,
  // with room above and below for the labels of slices at the top and bottom
  const beside = LABEL_LINE.length + LABEL_LINE.length2 + labelColumnWidth(labels) + 4;
  const outer = Math.floor(Math.min(100, width / 2 - beside));
  const height = Math.max(200, 2 * outer + 48);
  const inner = Math.round(outer * 0.56);

  const option: EChartsOption = {
    ...baseOption(),
    series: [
      {
        type: 'pie',
        radius: [inner, outer],
        center: ['50%', '50%'],
        startAngle: 90,
        clockwise: true,
        avoidLabelOverlap: true,
        minShowLabelAngle: 0,
        data: slices.map((s, i) => ({
          name: s.name,
          value: s.count,
          itemStyle: { color: palette[i % palette.length], borderColor: '#FFFFFF', borderWidth: 1 },
        })),
        label: {
          show: true,
          position: 'outside',
          fontSize: FONT_SIZE.axis,
          color: COLORS.text,
          textBorderWidth: 0,
          overflow: 'none',
          lineHeight: Math.round(FONT_SIZE.axis * 1.2 * 10) / 10,
          formatter: (p: { dataIndex: number }) => labels[p.dataIndex] ?? '',
        },
        labelLine: { show: true, ...LABEL_LINE, lineStyle: { color: COLORS.axisLine, width: 0.6 } },
        ...STATIC,
      },
    ],
  };

  const month = monthLabel(report.month);
  const title = `${month}各途径预约挂号量占比`;
  const list = slices.map((s) => `${s.name}${s.count}次，占${s.percent}%`).join('；');
  const grouped = slices.length < model.rows.filter((r) => r.count > 0).length ? `（较小的途径合并为${OTHER}）` : '';
  const alt = `环形图：${title}，共${model.total}次${grouped}。${list}。`;
  return { id: 'booking-channels', title, alt, option, width, height };
}
