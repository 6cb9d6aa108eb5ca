/**
 * MonthReport → the object templates see. Every key exists (null when this
 * month has no such data), so `{{#if bookings}}` works under strict mode and a
 * misspelt variable fails loudly.
 */
import type { BulletinConfig } from '../config/schema.js';
import type { Change } from '../model/change.js';
import type { Comparison } from '../model/compare.js';
import type { HeadlineKey } from '../model/headline.js';
import { HEADLINES } from '../model/headline.js';
import type { PlatformModel } from '../model/telemedicine.js';
import type { MonthReport } from '../model/report.js';
import { cityKey } from '../sheets/normalize.js';
import type { IssueNumber } from '../model/issue-number.js';
import { monthName } from './helpers.js';
import type { Platform } from '../tables/telemedicine.js';

type Changes = Record<HeadlineKey, Change | null>;
const PLATFORM_FIGURES = ['uploads', 'consultations', 'images', 'specimens'] as const;

function changes(c: Comparison | null): Changes {
  return Object.fromEntries(HEADLINES.map((k) => [k, c?.figures[k] ?? null])) as Changes;
}

/** A platform with its own changes: {{mom.uploads.text}} inside {{#with telemedicine.ecg}}. */
function platform(report: MonthReport, p: Platform) {
  const m: PlatformModel | undefined = report.telemedicine?.platforms[p];
  if (!m) return null;
  const pick = (c: Comparison | null) =>
    Object.fromEntries(PLATFORM_FIGURES.map((k) => [k, c?.platforms[p]?.[k] ?? null])) as Record<(typeof PLATFORM_FIGURES)[number], Change | null>;
  return { ...m, mom: pick(report.comparisons.mom), yoy: pick(report.comparisons.yoy) };
}

export function templateContext(report: MonthReport, config: BulletinConfig, issue: IssueNumber) {
  const { year, month } = report.month;
  const { mom, yoy } = report.comparisons;
  return {
    month: { year, month, label: `${year}年${month}月`, name: monthName(report.month) },
    issue,
    numbers: config.numbers,
    /** the statistics subsections to print, in order (configuration) */
    statistics: config.statistics,
    city: { name: config.city.name, short: cityKey(config.city.name) },
    center: config.center,
    news: report.news,
    briefs: report.briefs,
    /** changes against last month / the same month last year; each null when not known */
    mom: changes(mom),
    yoy: changes(yoy),
    hasComparisons: mom !== null || yoy !== null,
    hotline: report.hotline ?? null,
    province: report.province ?? null,
    bookings: report.bookings ?? null,
    channels: report.channels ?? null,
    telemedicine: report.telemedicine
      ? {
          consultation: platform(report, '远程会诊'),
          ecg: platform(report, '远程心电'),
          lab: platform(report, '远程临检'),
          imaging: platform(report, '远程影像'),
        }
      : null,
    collection: report.collection ?? null,
    kiosks: report.kiosks ?? null,
  };
}

export type TemplateContext = ReturnType<typeof templateContext>;
