/** Kind 2: the province's 12320 calls by city (地市, 接听电话（人次）). */
import { z } from 'zod';
import type { TableKind } from './kind.js';
import type { ReportedTotal, SourceRow, TableRead } from './read-table.js';

const Row = z.object({
  city: z.string().min(1),
  calls: z.number().int().nonnegative(),
});
export type ProvinceRow = z.infer<typeof Row>;

export const provinceKind: TableKind<ProvinceRow> = {
  id: 'province',
  label: '全省12320各市电话量',
  nameKey: 'city',
  uniqueNames: true,
  columns: [
    { key: 'city', header: '地市', aliases: ['城市', '设区市'], type: 'city', required: true },
    { key: 'calls', header: '接听电话（人次）', aliases: ['电话量', '接听量', '接听电话'], type: 'count', required: true },
  ],
  schema: Row,
};

export interface ProvinceCalls {
  rows: ProvinceRow[];
  /** where each row was read, in the same order (for messages) */
  sources?: SourceRow[];
  reported: ReportedTotal[];
}

export function assembleProvince(read: TableRead<ProvinceRow>): ProvinceCalls {
  return { rows: read.rows.map((r) => r.record), sources: read.rows.map((r) => r.source), reported: read.totals };
}
