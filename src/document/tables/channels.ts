/**
 * 分途径预约情况统计, as printed: the ranked list in two side-by-side blocks
 * (序号 名称 预约数量 | 序号 名称 预约数量), the first half on the left, and
 * one merged 合计 cell under both.
 */
import type { ChannelsModel } from '../../model/channels.js';
import type { TableBlock, TableCell } from '../blocks.js';
import { fitColumns } from '../widths.js';
import type { TableHead } from './head.js';
import { heading } from './head.js';

export function channelsTable(m: ChannelsModel, head: TableHead): TableBlock {
  const half = Math.ceil(m.rows.length / 2);
  const headerCells: TableCell[] = ['序号', '名称', '预约数量'].map((text) => ({ text }));
  const header = [[...headerCells, ...headerCells.map((c) => ({ ...c }))]];
  const side = (i: number): TableCell[] => {
    const r = m.rows[i];
    return r
      ? [{ text: String(r.rank), align: 'center' }, { text: r.name }, { text: head.fmt.count(r.count) }]
      : [{ text: '' }, { text: '' }, { text: '' }];
  };
  const body: TableCell[][] = [];
  for (let i = 0; i < half; i++) body.push([...side(i), ...side(i + half)]);
  const block = [{ align: 'center' as const }, { align: 'left' as const }, { align: 'right' as const, numeric: true }];
  return {
    type: 'table',
    id: 'stats-channels',
    ...heading(head),
    columns: fitColumns([...block, ...block], header, body),
    header,
    rows: [
      ...body.map((cells) => ({ kind: 'data' as const, cells })),
      { kind: 'total', cells: [{ text: `合计：${head.fmt.count(m.total)}`, colSpan: 6, align: 'left' }] },
    ],
  };
}
