/** The kiosk table: two groups (医疗单位, 各区), each ranked by 投放台数; totals in exact 分. */
import type { Issue } from '../issues.js';
import type { KioskGroup, KioskRow, Kiosks } from '../tables/kiosks.js';
import { KIOSK_GROUPS } from '../tables/kiosks.js';
import type { Unit } from './cross-check.js';
import { mismatch } from './cross-check.js';
import { rankBy, sum } from './rank.js';

type Figure = 'machines' | 'regCount' | 'regAmount' | 'payCount' | 'payAmount';
const FIGURES: readonly { key: Figure; name: string; unit: Unit }[] = [
  { key: 'machines', name: '投放台数', unit: 'count' },
  { key: 'regCount', name: '挂号次数', unit: 'count' },
  { key: 'regAmount', name: '挂号金额', unit: 'fen' },
  { key: 'payCount', name: '缴费次数', unit: 'count' },
  { key: 'payAmount', name: '缴费金额', unit: 'fen' },
];

export type KioskLine = Omit<KioskRow, 'group'>;

export interface KiosksModel {
  groups: { group: KioskGroup; rows: KioskLine[] }[];
  totals: Record<Figure, number>;
}

export function kiosksModel(data: Kiosks): { model: KiosksModel; issues: Issue[] } {
  const issues: Issue[] = [];
  const all = data.rows.map((r) => r.record);
  const groups = KIOSK_GROUPS.map((group) => ({
    group,
    rows: rankBy(
      all.filter((r) => r.group === group),
      (r) => r.machines,
      (r) => r.name,
    ).map(({ group: _g, ...line }) => line),
  })).filter((g) => g.rows.length > 0);
  const totals = Object.fromEntries(FIGURES.map((f) => [f.key, sum(all, (r) => r[f.key])])) as Record<Figure, number>;
  for (const t of data.reported) {
    for (const f of FIGURES) {
      const v = t.values.get(f.key);
      const at = t.source.cells.get(f.key);
      if (v === undefined || !at) continue;
      const m = mismatch(`自助终端合计（${f.name}）与明细之和不符`, v, totals[f.key], f.unit, {
        file: t.source.file,
        sheet: t.source.sheet,
        cell: at.cell,
        column: at.header,
      });
      if (m) issues.push(m);
    }
  }
  return { model: { groups, totals }, issues };
}
