/** Bookings by channel: ranked by count, renumbered, total computed and cross-checked. */
import type { Issue } from '../issues.js';
import type { Channels } from '../tables/channels.js';
import { mismatch } from './cross-check.js';
import { rankBy, sum } from './rank.js';

export interface ChannelsModel {
  rows: { rank: number; name: string; count: number }[];
  total: number;
}

export function channelsModel(data: Channels): { model: ChannelsModel; issues: Issue[] } {
  const issues: Issue[] = [];
  const rows = rankBy(data.rows, (r) => r.count, (r) => r.name).map((r, i) => ({ rank: i + 1, name: r.name, count: r.count }));
  const total = sum(rows, (r) => r.count);
  for (const t of data.reported) {
    const v = t.values.get('count');
    const at = t.source.cells.get('count');
    if (v === undefined || !at) continue;
    const m = mismatch('分途径预约合计与各途径之和不符', v, total, 'count', { file: t.source.file, sheet: t.source.sheet, cell: at.cell });
    if (m) issues.push(m);
  }
  return { model: { rows, total }, issues };
}
