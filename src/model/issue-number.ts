/**
 * The issue's number: 2020年第11期, 总第245期. bulletin.yaml may give it; else a
 * month's data appears in the next month's issue (2020-10 → 2020年第11期), and
 * the serial follows monthly from one known issue in the configuration.
 */
import type { IssueMeta } from '../month/issue-meta.js';
import type { Month } from '../month/month.js';

export interface IssueNumber {
  year: number;
  number: number;
  serial: number | null;
}

export interface KnownIssue {
  /** the data month of the known issue, YYYY-MM */
  month: string;
  serial: number;
}

function monthsBetween(a: Month, b: Month): number {
  return (b.year - a.year) * 12 + (b.month - a.month);
}

export function issueNumber(month: Month, meta: IssueMeta | undefined, known: KnownIssue | undefined): IssueNumber {
  const next = month.month === 12 ? { year: month.year + 1, number: 1 } : { year: month.year, number: month.month + 1 };
  const given = meta?.issue;
  let serial: number | null = given?.serial ?? null;
  if (serial === null && known) {
    const [y, m] = known.month.split('-').map(Number);
    serial = known.serial + monthsBetween({ year: y!, month: m! }, month);
    if (serial < 1) serial = null;
  }
  return { year: given?.year ?? next.year, number: given?.number ?? next.number, serial };
}

/** 2020年第11期 · 总第245期 */
export function issueLine(n: IssueNumber): string {
  return `${n.year}年第${n.number}期${n.serial ? ` · 总第${n.serial}期` : ''}`;
}
