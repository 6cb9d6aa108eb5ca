/** The province paragraph: cities ranked by calls, names printed without 市. */
import type { Issue } from '../issues.js';
import type { ProvinceCalls } from '../tables/province.js';
import { cityKey } from '../sheets/normalize.js';
import { mismatch } from './cross-check.js';
import { rankBy, sum } from './rank.js';

export interface ProvinceModel {
  total: number;
  cities: { name: string; calls: number }[];
}

export function provinceModel(data: ProvinceCalls): { model: ProvinceModel; issues: Issue[] } {
  const issues: Issue[] = [];
  const cities = rankBy(
    data.rows.map((r) => ({ name: cityKey(r.city), calls: r.calls })),
    (c) => c.calls,
    (c) => c.name,
  );
  const total = sum(cities, (c) => c.calls);
  for (const t of data.reported) {
    const v = t.values.get('calls');
    const at = t.source.cells.get('calls');
    if (v === undefined || !at) continue;
    const m = mismatch('全省12320电话量合计与各市之和不符', v, total, 'count', { file: t.source.file, sheet: t.source.sheet, cell: at.cell });
    if (m) issues.push(m);
  }
  return { model: { total, cities }, issues };
}
