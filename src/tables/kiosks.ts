/**
 * Kind 8: self-service kiosks in hospitals and districts. The group
 * (医疗单位 | 各区) is a 类别 column or a first column merged down each group;
 * without either, district names form the 各区 group.
 */
import { z } from 'zod';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import { headerKey } from '../sheets/normalize.js';
import type { TableKind } from './kind.js';
import type { ReadRow, ReportedTotal, TableRead } from './read-table.js';

export const KIOSK_GROUPS = ['医疗单位', '各区'] as const;
export type KioskGroup = (typeof KIOSK_GROUPS)[number];

const count = z.number().int().nonnegative();
const Row = z.object({
  group: z.string().nullable(),
  name: z.string().min(1),
  machines: count,
  regCount: count,
  /** 分 */
  regAmount: count,
  payCount: count,
  /** 分 */
  payAmount: count,
});
export type KioskRow = z.infer<typeof Row>;

export const kiosksKind: TableKind<KioskRow> = {
  id: 'kiosks',
  label: '自助智能医疗服务终端使用情况',
  nameKey: 'name',
  groupKey: 'group',
  uniqueNames: true,
  columns: [
    { key: 'group', header: '类别', aliases: ['分类', '分组'], type: 'text', required: false, allowMissing: true },
    { key: 'name', header: '单位', aliases: ['医院', '医疗机构', '单位名称'], type: 'name', required: true },
    { key: 'machines', header: '投放台数', aliases: ['台数'], type: 'count', required: true },
    { key: 'regCount', header: '挂号（次）', aliases: ['挂号次数', '挂号'], type: 'count', required: true },
    { key: 'regAmount', header: '挂号金额（元）', aliases: ['挂号金额'], type: 'money', required: true },
    { key: 'payCount', header: '缴费（次）', aliases: ['缴费次数', '缴费'], type: 'count', required: true },
    { key: 'payAmount', header: '缴费金额（元）', aliases: ['缴费金额'], type: 'money', required: true },
  ],
  schema: Row,
};

export interface KioskEntry extends KioskRow {
  group: KioskGroup;
}

export interface Kiosks {
  rows: ReadRow<KioskEntry>[];
  reported: ReportedTotal[];
}

/** The printed group label for a 类别 cell: 医疗单位/医院 → 医疗单位, 各区/区 → 各区. */
function groupOf(text: string): KioskGroup | undefined {
  const k = headerKey(text);
  if (k === '医疗单位' || k === '医院' || k === '医疗机构') return '医疗单位';
  if (k === '各区' || k === '区' || k === '辖区') return '各区';
  return undefined;
}

export function assembleKiosks(read: TableRead<KioskRow>, districts: readonly string[]): { data: Kiosks; issues: Issue[] } {
  const issues: Issue[] = [];
  const rows: ReadRow<KioskEntry>[] = [];
  const districtSet = new Set(districts);
  for (const r of read.rows) {
    let group: KioskGroup | undefined;
    if (r.record.group !== null) {
      group = groupOf(r.record.group);
      if (!group) {
        const at = r.source.cells.get('group')!;
        issues.push(
          issue('error', 'unknown-group', `未知的类别“${r.record.group}”`, { file: r.source.file, sheet: r.source.sheet, cell: at.cell, column: at.header }, {
            expected: KIOSK_GROUPS.join(' 或 '),
            found: r.record.group,
          }),
        );
        continue;
      }
    } else {
      group = districtSet.has(r.record.name) ? '各区' : '医疗单位';
    }
    rows.push({ record: { ...r.record, group }, source: r.source });
  }
  return { data: { rows, reported: read.totals }, issues };
}
