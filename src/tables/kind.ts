/**
 * What a table kind declares: its columns (canonical header + aliases) and the
 * zod schema of one row. Header detection and row reading are generic
 * (header.ts, read-table.ts); a kind file adds only what is particular to it.
 */
import type { z } from 'zod';

export type KindId =
  | 'hotline'
  | 'hotline-log'
  | 'province'
  | 'bookings'
  | 'channels'
  | 'telemedicine'
  | 'collection-districts'
  | 'collection-hospitals'
  | 'kiosks';

/**
 * name: an institution/district/channel name (normalized, alias-mapped);
 * city: a city name, with or without 市 (南京 = 南京市), kept in the 市 form;
 * text: free text; count: non-negative integer; money: 元 with ≤2 decimals,
 * read as integer 分; ratio: `52/129`; serial: a 序号 (read, then ignored).
 */
export type ColumnType = 'name' | 'city' | 'text' | 'count' | 'money' | 'ratio' | 'serial';

export interface ColumnSpec {
  /** field name in the row record */
  key: string;
  /** canonical header, as printed in the bulletin */
  header: string;
  aliases?: readonly string[];
  type: ColumnType;
  /** the column must be present in the sheet */
  required: boolean;
  /** cells may be empty / 未反馈 / — (the record field is then null) */
  allowMissing?: boolean;
}

export interface TableKind<Row = Record<string, unknown>> {
  id: KindId;
  /** what people call it, in messages: 预约挂号服务统计表 */
  label: string;
  columns: readonly ColumnSpec[];
  /** the column naming each row: total rows, duplicates and notes are found through it */
  nameKey: string;
  /** the row schema: types the record and checks what single cells cannot */
  schema: z.ZodType<Row>;
  /**
   * a group column that may stand without a header of its own, in front of
   * the name column, under a name header merged over both (the kiosk table)
   */
  groupKey?: string;
  /** names in this column must be unique within the table */
  uniqueNames?: boolean;
  /**
   * headers (or header groups) that tell this kind apart from a larger one
   * with the same columns: a header row holding one is not this kind, however
   * well its other columns match (the hospital collection table is the
   * district one without the 健康档案 group)
   */
  excludedBy?: readonly string[];
}

export function allHeaders(col: ColumnSpec): string[] {
  return [col.header, ...(col.aliases ?? [])];
}
