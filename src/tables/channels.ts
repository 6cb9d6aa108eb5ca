/**
 * Kind 4: bookings by channel (名称, 预约数量). Often laid out as two
 * side-by-side blocks with a merged `合计：N` cell under them; header.ts
 * reads each block.
 */
import { z } from 'zod';
import type { TableKind } from './kind.js';
import type { ReportedTotal, TableRead } from './read-table.js';

const Row = z.object({
  serial: z.string().nullable().optional(),
  name: z.string().min(1),
  count: z.number().int().nonnegative(),
});
export type ChannelRow = z.infer<typeof Row>;

export const channelsKind: TableKind<ChannelRow> = {
  id: 'channels',
  label: '分途径预约情况统计',
  nameKey: 'name',
  uniqueNames: true,
  columns: [
    { key: 'serial', header: '序号', type: 'serial', required: false },
    { key: 'name', header: '名称', aliases: ['途径', '渠道', '预约途径'], type: 'name', required: true },
    { key: 'count', header: '预约数量', aliases: ['数量', '预约量'], type: 'count', required: true },
  ],
  schema: Row,
};

export interface Channels {
  rows: ChannelRow[];
  reported: ReportedTotal[];
}

export function assembleChannels(read: TableRead<ChannelRow>): Channels {
  return { rows: read.rows.map((r) => r.record), reported: read.totals };
}
