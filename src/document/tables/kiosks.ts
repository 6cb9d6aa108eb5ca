/**
 * 自助智能医疗服务终端医院使用情况表: a merged, vertical group label
 * (医疗单位, 各区) in the first column, each group ranked by 投放台数, and the
 * computed 合计 (money summed in 分).
 */
import type { KiosksModel } from '../../model/kiosks.js';
import type { TableBlock, TableCell, TableRow } from '../blocks.js';
import { fitColumns } from '../widths.js';
import type { TableHead } from './head.js';
import { heading } from './head.js';

export function kiosksTable(m: KiosksModel, head: TableHead): TableBlock {
  const { count, money } = head.fmt;
  const header: TableCell[][] = [
    [{ text: '单位', colSpan: 2 }, { text: '投放台数' }, { text: '挂号（次）' }, { text: '挂号金额（元）' }, { text: '缴费（次）' }, { text: '缴费金额（元）' }],
  ];
  const rows: TableRow[] = [];
  for (const g of m.groups) {
    g.rows.forEach((r, i) => {
      const figures: TableCell[] = [
        { text: r.name },
        { text: count(r.machines) },
        { text: count(r.regCount) },
        { text: money(r.regAmount) },
        { text: count(r.payCount) },
        { text: money(r.payAmount) },
      ];
      const cells: TableCell[] = i === 0 ? [{ text: g.group, rowSpan: g.rows.length, vertical: true, align: 'center' }, ...figures] : figures;
      rows.push({ kind: 'data', cells });
    });
  }
  const t = m.totals;
  rows.push({
    kind: 'total',
    cells: [
      { text: '合计', colSpan: 2, align: 'center' },
      { text: count(t.machines) },
      { text: count(t.regCount) },
      { text: money(t.regAmount) },
      { text: count(t.payCount) },
      { text: money(t.payAmount) },
    ],
  });
  return {
    type: 'table',
    id: 'stats-kiosks',
    ...heading(head),
    columns: fitColumns(
      [{ align: 'center' }, { align: 'left' }, ...Array.from({ length: 5 }, () => ({ align: 'right' as const, numeric: true }))],
      header,
      rows.map((r) => r.cells),
    ),
    header,
    rows,
  };
}
