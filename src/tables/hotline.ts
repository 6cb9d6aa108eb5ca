/**
 * Kind 1: the 12320 hotline's monthly summary (项目, 数量), one row per item.
 * The six call categories add up to the reported total; the two 12345
 * work-order counts are outside it.
 */
import { z } from 'zod';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import { headerKey } from '../sheets/normalize.js';
import type { TableKind } from './kind.js';
import type { TableRead } from './read-table.js';

export const HOTLINE_CATEGORIES = ['consult', 'complaint', 'phoneBooking', 'crisis', 'satisfaction', 'selfService'] as const;
export const HOTLINE_WORK_ORDERS = ['city12345', 'province12345'] as const;
export type HotlineItem = (typeof HOTLINE_CATEGORIES)[number] | (typeof HOTLINE_WORK_ORDERS)[number];

/** Item names as printed (first) and as providers also write them. */
export const HOTLINE_ITEM_NAMES: Record<HotlineItem | 'total', readonly string[]> = {
  total: ['受理咨询电话总量', '合计', '总计'],
  consult: ['咨询类（不含专家咨询）', '咨询类'],
  complaint: ['医疗服务投诉'],
  phoneBooking: ['电话预约'],
  crisis: ['心理危机干预'],
  satisfaction: ['医院满意度调查（呼入）', '医院满意度调查'],
  selfService: ['自助语音问答'],
  city12345: ['受理市12345工单', '市12345工单'],
  province12345: ['受理省12345工单', '省12345工单'],
};

const itemIndex = new Map<string, HotlineItem | 'total'>();
for (const [key, names] of Object.entries(HOTLINE_ITEM_NAMES)) {
  for (const n of names) itemIndex.set(headerKey(n), key as HotlineItem | 'total');
}

/** Maps an item name as written to its key; undefined for an unknown item. */
export function hotlineItemOf(name: string): HotlineItem | 'total' | undefined {
  return itemIndex.get(headerKey(name));
}

/** The known item names, for "did you mean" messages. */
export function knownHotlineItemNames(): string[] {
  return Object.values(HOTLINE_ITEM_NAMES).flat();
}

export interface ReportedFigure {
  value: number;
  file: string;
  sheet: string;
  cell: string;
}

export interface HotlineSummary {
  counts: Partial<Record<HotlineItem, number>>;
  /** the provider's total, when given: what the paragraph prints */
  reportedTotal?: ReportedFigure;
  /** further totals in the same table (a 合计 row under a 受理咨询电话总量 row): cross-checked too */
  otherTotals?: ReportedFigure[];
  /** where the figures came from, for messages */
  source: { file: string; sheet: string };
  /** each item's count cell (A1), for messages; none for figures counted from the call log */
  cells?: Partial<Record<HotlineItem, string>>;
}

const Row = z.object({
  item: z.string().min(1),
  count: z.number().int().nonnegative(),
});

export const hotlineKind: TableKind<z.infer<typeof Row>> = {
  id: 'hotline',
  label: '12320热线受理汇总',
  nameKey: 'item',
  columns: [
    { key: 'item', header: '项目', aliases: ['指标', '类别', '业务类型'], type: 'text', required: true },
    { key: 'count', header: '数量', aliases: ['数值', '受理量'], type: 'count', required: true },
  ],
  schema: Row,
};

export function assembleHotline(read: TableRead<z.infer<typeof Row>>): { data: HotlineSummary; issues: Issue[] } {
  const issues: Issue[] = [];
  const data: HotlineSummary = { counts: {}, source: { file: read.grid.file, sheet: read.grid.sheet } };
  const seen = new Map<string, string>();
  for (const { record, source } of read.rows) {
    const key = hotlineItemOf(record.item);
    const at = source.cells.get('item')!;
    const where = { file: source.file, sheet: source.sheet, cell: at.cell, column: at.header };
    if (!key) {
      issues.push(
        issue('error', 'unknown-item', `未知的热线项目“${record.item}”`, where, {
          expected: knownHotlineItemNames().join('、'),
          found: record.item,
        }),
      );
      continue;
    }
    if (seen.has(key)) {
      issues.push(issue('error', 'duplicate-name', `热线项目“${record.item}”出现两次（另见 ${seen.get(key)}）`, where, { found: record.item }));
      continue;
    }
    seen.set(key, at.cell);
    const countAt = source.cells.get('count')!;
    if (key === 'total') data.reportedTotal = { value: record.count, file: source.file, sheet: source.sheet, cell: countAt.cell };
    else {
      data.counts[key] = record.count;
      (data.cells ??= {})[key] = countAt.cell;
    }
  }
  // a 合计/总计 row is the reported total too
  for (const t of read.totals) {
    const v = t.values.get('count');
    const at = t.source.cells.get('count');
    if (v === undefined || !at) continue;
    const figure = { value: v, file: t.source.file, sheet: t.source.sheet, cell: at.cell };
    if (data.reportedTotal) (data.otherTotals ??= []).push(figure);
    else data.reportedTotal = figure;
  }
  return { data, issues };
}
