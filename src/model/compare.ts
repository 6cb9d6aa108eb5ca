/**
 * Month over month and year over year: the changes of the headline figures
 * and of each platform's figures, and each hospital's move in the booking
 * ranking (↑2, ↓1, 新). Pure: both reports are already computed.
 */
import type { Month } from '../month/month.js';
import type { Platform } from '../tables/telemedicine.js';
import type { Change } from './change.js';
import { change } from './change.js';
import type { HeadlineKey } from './headline.js';
import { headlines, platformFigures } from './headline.js';
import type { MonthReport } from './report.js';

type Figures = { uploads: number; consultations: number; images: number; specimens: number };

export interface Comparison {
  month: Month;
  figures: Partial<Record<HeadlineKey, Change>>;
  platforms: Partial<Record<Platform, Partial<Record<keyof Figures, Change>>>>;
}

export interface Movement {
  /** 'new': not in the earlier ranking */
  kind: 'up' | 'down' | 'same' | 'new';
  places: number;
  /** ↑2, ↓1, —, 新 */
  text: string;
}

type Report = MonthReport;

export function compare(current: Report, earlier: Report): Comparison {
  const a = headlines(current);
  const b = headlines(earlier);
  const figures: Comparison['figures'] = {};
  for (const [k, v] of Object.entries(a) as [HeadlineKey, number][]) {
    const p = b[k];
    if (p !== undefined) figures[k] = change(v, p);
  }
  const pa = platformFigures(current);
  const pb = platformFigures(earlier);
  const platforms: Comparison['platforms'] = {};
  for (const [p, f] of Object.entries(pa) as [Platform, Figures][]) {
    const e = pb[p];
    if (!e) continue;
    const c: Partial<Record<keyof Figures, Change>> = {};
    for (const k of Object.keys(f) as (keyof Figures)[]) if (f[k] !== 0 || e[k] !== 0) c[k] = change(f[k], e[k]);
    platforms[p] = c;
  }
  return { month: earlier.month, figures, platforms };
}

/** Each hospital's move in the booking ranking since the earlier month. */
export function bookingMovements(current: Report, earlier: Report): Map<string, Movement> {
  const before = new Map((earlier.bookings?.rows ?? []).map((r) => [r.name, r.rank]));
  const out = new Map<string, Movement>();
  for (const r of current.bookings?.rows ?? []) {
    const was = before.get(r.name);
    if (was === undefined) out.set(r.name, { kind: 'new', places: 0, text: '新' });
    else if (was === r.rank) out.set(r.name, { kind: 'same', places: 0, text: '—' });
    else if (was > r.rank) out.set(r.name, { kind: 'up', places: was - r.rank, text: `↑${was - r.rank}` });
    else out.set(r.name, { kind: 'down', places: r.rank - was, text: `↓${r.rank - was}` });
  }
  return out;
}
