/**
 * 5. Telemedicine uploads by platform (本月上传量): 远程心电 心电病例,
 * 远程临检 检验报告, 远程影像 影像报告 (远程会诊 uploads nothing), columns
 * in the platforms' order.
 */
import type { EChartsOption } from 'echarts';
import type { MonthReport } from '../model/report.js';
import type { Platform } from '../tables/telemedicine.js';
import type { ChartDraft } from './types.js';
import { CHART_WIDTH, COLORS, STATIC, baseOption, categoryAxis, monthLabel, unitNote, valueAxis, valueLabel } from './theme.js';

/** the platforms that upload, in the bulletin's order, with what they upload */
export const UPLOADS: readonly { platform: Platform; what: string }[] = [
  { platform: '远程心电', what: '心电病例' },
  { platform: '远程临检', what: '检验报告' },
  { platform: '远程影像', what: '影像报告' },
];

export function telemedicineChart(report: MonthReport): ChartDraft | null {
  const platforms = report.telemedicine?.platforms;
  if (!platforms) return null;
  const rows = UPLOADS.flatMap((u) => {
    const p = platforms[u.platform];
    return p ? [{ ...u, uploads: p.uploads }] : [];
  });
  if (rows.length === 0 || rows.every((r) => r.uploads === 0)) return null;
  const labels = rows.map((r) => `${r.platform}\n（${r.what}）`);
  const values = rows.map((r) => String(r.uploads));

  const option: EChartsOption = {
    ...baseOption(),
    title: unitNote('份'),
    grid: { left: 8, right: 16, top: 24, bottom: 6, containLabel: true },
    xAxis: categoryAxis(labels, false),
    yAxis: valueAxis(),
    series: [
      {
        type: 'bar',
        name: '本月上传量',
        barMaxWidth: 56,
        data: rows.map((r) => r.uploads),
        itemStyle: { color: COLORS.bar },
        label: valueLabel('top', (i) => values[i] ?? ''),
        ...STATIC,
      },
    ],
  };

  const month = monthLabel(report.month);
  const title = `${month}远程医疗平台数据上传量`;
  const alt = `柱形图：${title}，单位份。${rows.map((r) => `${r.platform}上传${r.what}${r.uploads}份`).join('，')}。`;
  return { id: 'telemedicine-uploads', title, alt, option, width: CHART_WIDTH, height: 220 };
}
