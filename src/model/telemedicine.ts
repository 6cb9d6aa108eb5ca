/**
 * The four telemedicine paragraphs, computed from the rosters:
 * institutions, cities, counts by category, districts covered (by community
 * health centers) and not, the month's totals and the top three uploaders,
 * where a district's community health centers count together.
 */
import { cityKey } from '../sheets/normalize.js';
import type { Category, Platform, Telemedicine, TelemedicineRow } from '../tables/telemedicine.js';
import { CATEGORIES, PLATFORMS } from '../tables/telemedicine.js';
import { compareNames, rankBy, sum } from './rank.js';

export interface PlatformModel {
  platform: Platform;
  institutions: number;
  /** city names as printed (南京市 first) */
  cities: string[];
  byCategory: Record<Category, number>;
  /** 二级以上 = 三级医院 + 二级医院 */
  secondaryOrAbove: number;
  districtsCovered: string[];
  districtsNotCovered: string[];
  uploads: number;
  consultations: number;
  cumulativeConsultations: number;
  images: number;
  specimens: number;
  /** up to three, largest first */
  top: { name: string; uploads: number }[];
}

export interface TelemedicineModel {
  platforms: Partial<Record<Platform, PlatformModel>>;
}

export interface CityContext {
  /** 南京市 */
  city: string;
  /** the city's districts in official order */
  districts: readonly string[];
}

function cityOf(row: TelemedicineRow, ctx: CityContext): string {
  return row.city ?? ctx.city;
}

export function platformModel(platform: Platform, rows: TelemedicineRow[], ctx: CityContext): PlatformModel {
  const home = cityKey(ctx.city);
  const byCity = new Map<string, { name: string; n: number }>();
  for (const r of rows) {
    const name = cityOf(r, ctx);
    const key = cityKey(name);
    const e = byCity.get(key) ?? { name: key.endsWith('市') ? key : `${key}市`, n: 0 };
    e.n++;
    byCity.set(key, e);
  }
  const cities = [...byCity.entries()]
    .sort(([ka, a], [kb, b]) => (ka === home ? -1 : kb === home ? 1 : b.n - a.n || compareNames(a.name, b.name)))
    .map(([, e]) => e.name);

  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const r of rows) byCategory[r.category]++;

  const isHomeCommunity = (r: TelemedicineRow) =>
    r.category === '社区卫生服务中心' && cityKey(cityOf(r, ctx)) === home && r.district !== null;
  const covered = new Set(rows.filter(isHomeCommunity).map((r) => r.district!));

  // community health centers of one district count together under the district's name
  const uploaders = new Map<string, number>();
  for (const r of rows) {
    if (r.uploads === null) continue;
    const name = isHomeCommunity(r) ? r.district! : r.name;
    uploaders.set(name, (uploaders.get(name) ?? 0) + r.uploads);
  }
  const top = rankBy([...uploaders.entries()], ([, n]) => n, ([name]) => name)
    .filter(([, n]) => n > 0)
    .slice(0, 3)
    .map(([name, uploads]) => ({ name, uploads }));

  return {
    platform,
    institutions: rows.length,
    cities,
    byCategory,
    secondaryOrAbove: byCategory['三级医院'] + byCategory['二级医院'],
    districtsCovered: ctx.districts.filter((d) => covered.has(d)),
    districtsNotCovered: ctx.districts.filter((d) => !covered.has(d)),
    uploads: sum(rows, (r) => r.uploads ?? 0),
    consultations: sum(rows, (r) => r.consultations ?? 0),
    cumulativeConsultations: sum(rows, (r) => r.cumulativeConsultations ?? 0),
    images: sum(rows, (r) => r.images ?? 0),
    specimens: sum(rows, (r) => r.specimens ?? 0),
    top,
  };
}

export function telemedicineModel(data: Telemedicine, ctx: CityContext): TelemedicineModel {
  const platforms: TelemedicineModel['platforms'] = {};
  for (const p of PLATFORMS) {
    const rows = data.rows.filter((r) => r.record.platform === p).map((r) => r.record);
    if (rows.length) platforms[p] = platformModel(p, rows, ctx);
  }
  return { platforms };
}
