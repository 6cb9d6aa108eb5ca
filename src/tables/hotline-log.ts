/**
 * Kind 1b: the 12320 call-detail log, one row per accepted call or work order
 * (来电时间, 业务类型, any other columns). The hotline summary is counted from
 * it; such exports run to 100,000+ rows, so rows are counted as they stream
 * and never kept.
 */
import { z } from 'zod';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import type { HotlineItem, HotlineSummary } from './hotline.js';
import { HOTLINE_CATEGORIES, HOTLINE_WORK_ORDERS, hotlineItemOf, knownHotlineItemNames } from './hotline.js';
import type { TableKind } from './kind.js';

const Row = z.object({
  time: z.string().min(1),
  type: z.string().min(1),
});
export type HotlineLogRow = z.infer<typeof Row>;

export const hotlineLogKind: TableKind<HotlineLogRow> = {
  id: 'hotline-log',
  label: '12320来电明细',
  nameKey: 'type',
  columns: [
    { key: 'time', header: '来电时间', aliases: ['受理时间', '呼入时间'], type: 'text', required: true },
    { key: 'type', header: '业务类型', aliases: ['类别'], type: 'text', required: true },
  ],
  schema: Row,
};

/** Counts a log's rows by 业务类型, as they come; unknown types are errors at their cell. */
export class HotlineLogCounter {
  /** every item starts at 0: in a log, an item nobody called about is a zero, not a gap */
  readonly counts: Partial<Record<HotlineItem, number>> = Object.fromEntries(
    [...HOTLINE_CATEGORIES, ...HOTLINE_WORK_ORDERS].map((k) => [k, 0]),
  );
  readonly issues: Issue[] = [];
  rows = 0;
  /** unknown types are reported once each, with the first cell and a count */
  private unknown = new Map<string, { issue: Issue; n: number }>();

  constructor(readonly where: { file: string; sheet: string }) {}

  add(type: string, cell: string, header: string): void {
    this.rows++;
    const key = hotlineItemOf(type);
    if (key && key !== 'total') {
      this.counts[key] = (this.counts[key] ?? 0) + 1;
      return;
    }
    const seen = this.unknown.get(type);
    if (seen) {
      seen.n++;
      return;
    }
    const i = issue('error', 'unknown-item', `未知的业务类型“${type}”`, { ...this.where, cell, column: header }, {
      expected: knownHotlineItemNames().filter((n) => hotlineItemOf(n) !== 'total').join('、'),
      found: type,
    });
    this.unknown.set(type, { issue: i, n: 1 });
    this.issues.push(i);
  }

  summary(): HotlineSummary {
    for (const { issue: i, n } of this.unknown.values()) {
      if (n > 1) i.message += `（共 ${n} 行，首次出现于此）`;
    }
    return { counts: { ...this.counts }, source: this.where };
  }
}
