/** 预约挂号服务统计表: ranked by 小计, renumbered, with the computed 合计 row. */
import type { BookingsModel } from '../../model/bookings.js';
import type { Movement } from '../../model/compare.js';
import type { TableBlock, TableCell } from '../blocks.js';
import { fitColumns } from '../widths.js';
import type { TableHead } from './head.js';
import { heading } from './head.js';


/** With `moves` (last month's ranking is known), a last column shows each hospital's move: ↑2, ↓1, —, 新. */
export function bookingsTable(m: BookingsModel, head: TableHead, moves?: Map<string, Movement> | null): TableBlock {
  const num = (n: number): TableCell => ({ text: head.fmt.count(n) });
  const header: TableCell[][] = [
    ['序号', '单位', '12320在线预约', '电话预约', '诊间预约', '第三方', '小计', ...(moves ? ['较上月排名'] : [])].map((text) => ({ text })),
  ];
  const body = m.rows.map((r) => [
    { text: String(r.rank), align: 'center' as const },
    { text: r.name },
    num(r.online),
    num(r.phone),
    num(r.clinic),
    num(r.thirdParty),
    num(r.subtotal),
    ...(moves ? [{ text: moves.get(r.name)?.text ?? '', align: 'center' as const }] : []),
  ]);
  const t = m.totals;
  const total: TableCell[] = [
    { text: '合计', colSpan: 2, align: 'center' },
    num(t.online),
    num(t.phone),
    num(t.clinic),
    num(t.thirdParty),
    num(t.subtotal),
    ...(moves ? [{ text: '' }] : []),
  ];
  const columns = fitColumns(
    [
      { align: 'center' },
      { align: 'left' },
      ...Array.from({ length: 5 }, () => ({ align: 'right' as const, numeric: true })),
      ...(moves ? [{ align: 'center' as const }] : []),
    ],
    header,
    body,
  );
  return {
    type: 'table',
    id: 'stats-bookings',
    ...heading(head),
    columns,
    header,
    rows: [...body.map((cells) => ({ kind: 'data' as const, cells })), { kind: 'total', cells: total }],
  };
}
