/** The two data-collection tables, ranked by 数据上传量. */
import type { Collection, CollectionRow } from '../tables/collection.js';
import { rankBy } from './rank.js';

export type CollectionLine = CollectionRow & { rank: number };

export function collectionModel(data: Collection): CollectionLine[] {
  return rankBy(
    data.rows.map((r) => r.record),
    (r) => r.records,
    (r) => r.name,
  ).map((r, i) => ({ ...r, rank: i + 1 }));
}
