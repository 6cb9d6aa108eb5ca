/** The 12320 paragraph: categories, the total (reported where given) and the 12345 work orders. */
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import type { HotlineItem, HotlineSummary } from '../tables/hotline.js';
import { HOTLINE_CATEGORIES, HOTLINE_ITEM_NAMES } from '../tables/hotline.js';
import { mismatch } from './cross-check.js';

export interface HotlineModel {
  /** the six call categories in printed order, with their printed names */
  categories: { key: HotlineItem; name: string; count: number }[];
  /** what the paragraph prints: the provider's total when given, else the computed one */
  total: number;
  computedTotal: number;
  reportedTotal: number | null;
  city12345: number | null;
  province12345: number | null;
}

export function hotlineModel(data: HotlineSummary): { model: HotlineModel; issues: Issue[] } {
  const issues: Issue[] = [];
  const categories: HotlineModel['categories'] = [];
  for (const key of HOTLINE_CATEGORIES) {
    const count = data.counts[key];
    if (count === undefined) {
      issues.push(
        issue('warning', 'missing-item', `12320热线汇总中没有“${HOTLINE_ITEM_NAMES[key][0]}”：按 0 计，句中略去`, data.source),
      );
      continue;
    }
    categories.push({ key, name: HOTLINE_ITEM_NAMES[key][0]!, count });
  }
  const computedTotal = categories.reduce((s, c) => s + c.count, 0);
  const reported = data.reportedTotal;
  for (const t of [...(reported ? [reported] : []), ...(data.otherTotals ?? [])]) {
    const m = mismatch('12320热线受理总量与各类别之和不符', t.value, computedTotal, 'count', { file: t.file, sheet: t.sheet, cell: t.cell });
    if (m) issues.push(m);
  }
  return {
    model: {
      categories,
      total: reported?.value ?? computedTotal,
      computedTotal,
      reportedTotal: reported?.value ?? null,
      city12345: data.counts.city12345 ?? null,
      province12345: data.counts.province12345 ?? null,
    },
    issues,
  };
}
