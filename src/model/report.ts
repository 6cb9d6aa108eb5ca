/**
 * MonthData → MonthReport: every figure the issue prints, computed once.
 * Pure: no I/O. Sentences, tables (and later charts) all read this model, so
 * a figure has one value everywhere.
 */
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import type { IssueMeta } from '../month/issue-meta.js';
import type { MonthData } from '../month/load.js';
import type { NewsItem } from '../month/markdown.js';
import type { Month } from '../month/month.js';
import type { BookingsModel } from './bookings.js';
import { bookingsModel } from './bookings.js';
import type { ChannelsModel } from './channels.js';
import { channelsModel } from './channels.js';
import type { CollectionLine } from './collection.js';
import { collectionModel } from './collection.js';
import type { HotlineModel } from './hotline.js';
import { hotlineModel } from './hotline.js';
import { crossCheckTables } from './cross-table.js';
import type { KiosksModel } from './kiosks.js';
import { kiosksModel } from './kiosks.js';
import type { ProvinceModel } from './province.js';
import { provinceModel } from './province.js';
import type { CityContext, TelemedicineModel } from './telemedicine.js';
import { telemedicineModel } from './telemedicine.js';
import type { Comparison, Movement } from './compare.js';
import { bookingMovements, compare } from './compare.js';

export interface MonthReport {
  month: Month;
  meta?: IssueMeta;
  news: NewsItem[];
  briefs: string[];
  hotline?: HotlineModel;
  province?: ProvinceModel;
  bookings?: BookingsModel & { cumulative: number | null };
  channels?: ChannelsModel;
  telemedicine?: TelemedicineModel;
  collection?: {
    districts: CollectionLine[] | null;
    hospitals: CollectionLine[] | null;
    /** 数据上传量 of districts and hospitals together */
    total: number;
    cumulativeRecords: number | null;
  };
  kiosks?: KiosksModel;
  /** against the previous month and the same month last year, when their folders are there */
  comparisons: {
    mom: Comparison | null;
    yoy: Comparison | null;
    /** hospital name → move in the booking ranking since last month */
    bookingMoves: Map<string, Movement> | null;
  };
  /** cross-check warnings found while computing */
  issues: Issue[];
}

export function buildReport(data: MonthData, city: CityContext): MonthReport {
  const issues: Issue[] = [];
  const take = <T>(r: { model: T; issues: Issue[] }): T => {
    issues.push(...r.issues);
    return r.model;
  };
  const report: MonthReport = {
    month: data.month,
    meta: data.meta,
    news: data.news,
    briefs: data.briefs,
    comparisons: { mom: null, yoy: null, bookingMoves: null },
    issues,
  };
  if (data.hotline) report.hotline = take(hotlineModel(data.hotline));
  if (data.province) report.province = take(provinceModel(data.province));
  if (data.bookings) {
    report.bookings = { ...take(bookingsModel(data.bookings)), cumulative: data.meta?.cumulative?.bookings ?? null };
  }
  if (data.channels) report.channels = take(channelsModel(data.channels));
  if (data.telemedicine) report.telemedicine = telemedicineModel(data.telemedicine, city);
  if (data.collectionDistricts || data.collectionHospitals) {
    const districts = data.collectionDistricts ? collectionModel(data.collectionDistricts) : null;
    const hospitals = data.collectionHospitals ? collectionModel(data.collectionHospitals) : null;
    report.collection = {
      districts,
      hospitals,
      total: [...(districts ?? []), ...(hospitals ?? [])].reduce((s, l) => s + l.records, 0),
      cumulativeRecords: data.meta?.cumulative?.platformRecords ?? null,
    };
  }
  if (data.kiosks) report.kiosks = take(kiosksModel(data.kiosks));
  crossCheckTables(report, city, issues, data);
  return report;
}

/**
 * Adds the comparisons with the previous month and the same month of last
 * year. The cumulative bookings become last month's cumulative plus this
 * month's total when last month's is known; a given figure that disagrees is
 * a warning.
 */
export function withComparisons(report: MonthReport, previous?: MonthReport, lastYear?: MonthReport): MonthReport {
  const out: MonthReport = {
    ...report,
    comparisons: {
      mom: previous ? compare(report, previous) : null,
      yoy: lastYear ? compare(report, lastYear) : null,
      bookingMoves: previous?.bookings && report.bookings ? bookingMovements(report, previous) : null,
    },
    issues: [...report.issues],
  };
  const before = previous?.meta?.cumulative?.bookings;
  if (report.bookings && before !== undefined) {
    const computed = before + report.bookings.totals.subtotal;
    const given = report.meta?.cumulative?.bookings;
    if (given !== undefined && given !== computed) {
      out.issues.push(
        issue(
          'warning',
          'cumulative-mismatch',
          `bulletin.yaml 的累计预约挂号量为 ${given}，按上月累计 ${before} 加本月 ${report.bookings.totals.subtotal} 计算为 ${computed}，相差 ${Math.abs(given - computed)}`,
          { file: 'bulletin.yaml' },
          { expected: String(computed), found: String(given) },
        ),
      );
    }
    out.bookings = { ...report.bookings, cumulative: computed };
  }
  return out;
}
