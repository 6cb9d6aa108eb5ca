/** Kind 3: appointment bookings by hospital, by channel column; 小计 is computed and cross-checked. */
import { z } from 'zod';
import type { TableKind } from './kind.js';
import type { ReadRow, ReportedTotal, TableRead } from './read-table.js';

const count = z.number().int().nonnegative();
const Row = z.object({
  serial: z.string().nullable().optional(),
  name: z.string().min(1),
  online: count,
  phone: count,
  clinic: count,
  thirdParty: count,
  subtotal: count.nullable(),
});
export type BookingRow = z.infer<typeof Row>;

/** The four booking columns, in printed order. */
export const BOOKING_CHANNELS = ['online', 'phone', 'clinic', 'thirdParty'] as const;

export const bookingsKind: TableKind<BookingRow> = {
  id: 'bookings',
  label: '预约挂号服务统计表',
  nameKey: 'name',
  uniqueNames: true,
  columns: [
    { key: 'serial', header: '序号', type: 'serial', required: false },
    { key: 'name', header: '单位', aliases: ['医院', '医疗机构', '机构名称', '医院名称'], type: 'name', required: true },
    { key: 'online', header: '12320在线预约', aliases: ['在线预约'], type: 'count', required: true },
    { key: 'phone', header: '电话预约', type: 'count', required: true },
    { key: 'clinic', header: '诊间预约', type: 'count', required: true },
    { key: 'thirdParty', header: '第三方', aliases: ['第三方预约'], type: 'count', required: true },
    { key: 'subtotal', header: '小计', type: 'count', required: false, allowMissing: true },
  ],
  schema: Row,
};

export interface Bookings {
  rows: ReadRow<BookingRow>[];
  reported: ReportedTotal[];
}

export function assembleBookings(read: TableRead<BookingRow>): Bookings {
  return { rows: read.rows, reported: read.totals };
}
