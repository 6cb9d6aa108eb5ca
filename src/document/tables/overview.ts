/**
 * 本月概览: the month's headline figures, with their changes against last
 * month and the same month last year when those months are known.
 */
import type { Change } from '../../model/change.js';
import type { HeadlineKey } from '../../model/headline.js';
import { headlines } from '../../model/headline.js';
import type { MonthReport } from '../../model/report.js';
import type { TableBlock, TableCell } from '../blocks.js';
import { fitColumns } from '../widths.js';
import type { TableHead } from './head.js';
import { heading } from './head.js';

const ROWS: readonly { key: HeadlineKey; label: string; money?: boolean }[] = [
  { key: 'calls', label: '12320热线受理咨询电话（个）' },
  { key: 'bookings', label: '预约挂号（次）' },
  { key: 'kioskPayments', label: '自助终端缴费金额（元）', money: true },
  { key: 'telemedicineUploads', label: '远程医疗平台数据上传量（份）' },
  { key: 'dataCollected', label: '卫生信息平台数据上传量（条）' },
];

const changeText = (c: Change | undefined) => (c ? c.text : '—');

export function overviewTable(report: MonthReport, head: TableHead): TableBlock | null {
  const h = headlines(report);
  const rows = ROWS.filter((r) => h[r.key] !== undefined);
  if (rows.length === 0) return null;
  const { mom, yoy } = report.comparisons;
  const header: TableCell[][] = [[{ text: '指标' }, { text: '本月' }, ...(mom ? [{ text: '较上月' }] : []), ...(yoy ? [{ text: '较上年同月' }] : [])]];
  const body: TableCell[][] = rows.map((r) => [
    { text: r.label },
    { text: r.money ? head.fmt.money(h[r.key]!) : head.fmt.count(h[r.key]!) },
    ...(mom ? [{ text: changeText(mom.figures[r.key]) }] : []),
    ...(yoy ? [{ text: changeText(yoy.figures[r.key]) }] : []),
  ]);
  const columns = fitColumns(
    [{ align: 'left' }, { align: 'right', numeric: true }, ...(mom ? [{ align: 'right' as const }] : []), ...(yoy ? [{ align: 'right' as const }] : [])],
    header,
    body,
  );
  return {
    type: 'table',
    id: 'stats-overview',
    ...heading(head),
    columns,
    header,
    rows: body.map((cells) => ({ kind: 'data', cells })),
  };
}
