/** A calendar month, as `YYYY-MM` on the command line and 2020年10月 in print. */
// the function's own module: the package's index loads all of date-fns (≈150 ms)
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import { BulletinError } from '../errors.js';

export interface Month {
  year: number;
  /** 1–12 */
  month: number;
}

export function parseMonth(text: string): Month {
  const m = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  const month = m ? Number(m[2]) : NaN;
  if (!m || month < 1 || month > 12) {
    throw new BulletinError('usage', `月份格式应为 YYYY-MM（例如 2020-10），收到“${text}”`);
  }
  return { year: Number(m[1]), month };
}

export function monthKey(m: Month): string {
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
}

export function daysInMonth(m: Month): number {
  return getDaysInMonth(new Date(m.year, m.month - 1, 1));
}

export function previousMonth(m: Month): Month {
  return m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 };
}

export function sameMonth(a: Month, b: Month): boolean {
  return a.year === b.year && a.month === b.month;
}

/** Months named in a title: `2020年10月`, `2020 年 9 月`. */
export function monthsInText(text: string): Month[] {
  const out: Month[] = [];
  const re = /(\d{4})\s*年\s*(\d{1,2})\s*月/g;
  for (const m of text.normalize('NFKC').matchAll(re)) {
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) out.push({ year: Number(m[1]), month });
  }
  return out;
}
