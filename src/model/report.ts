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
import { cityKey } from '../sheets/normalize.js';
import type { BookingsModel } from './bookings.js';
import { bookingsModel } from './bookings.js';
import type { ChannelsModel } from './channels.js';
import { channelsModel } from './channels.js';
import type { CollectionLine } from './collection.js';
import { collectionModel } from './collection.js';
import type { HotlineModel } from './hotline.js';
import { hotlineModel } from './hotline.js';
import type { KiosksModel } from './kiosks.js';
import { kiosksModel } from './kiosks.js';
import type { ProvinceModel } from './province.js';
import { provinceModel } from './province.js';
import type { CityContext, TelemedicineModel } from './telemedicine.js';
import { telemedicineModel } from './telemedicine.js';

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
    cumulativeRecords: number | null;
  };
  kiosks?: KiosksModel;
  /** cross-check warnings found while computing */
  issues: Issue[];
}

export function buildReport(data: MonthData, city: CityContext): MonthReport {
  const issues: Issue[] = [];
  const take = <T>(r: { model: T; issues: Issue[] }): T => {
    issues.push(...r.issues);
    return r.model;
  };
  const report: MonthReport = { month: data.month, meta: data.meta, news: data.news, briefs: data.briefs, issues };
  if (data.hotline) report.hotline = take(hotlineModel(data.hotline));
  if (data.province) report.province = take(provinceModel(data.province));
  if (data.bookings) {
    report.bookings = { ...take(bookingsModel(data.bookings)), cumulative: data.meta?.cumulative?.bookings ?? null };
  }
  if (data.channels) report.channels = take(channelsModel(data.channels));
  if (data.telemedicine) report.telemedicine = telemedicineModel(data.telemedicine, city);
  if (data.collectionDistricts || data.collectionHospitals) {
    report.collection = {
      districts: data.collectionDistricts ? collectionModel(data.collectionDistricts) : null,
      hospitals: data.collectionHospitals ? collectionModel(data.collectionHospitals) : null,
      cumulativeRecords: data.meta?.cumulative?.platformRecords ?? null,
    };
  }
  if (data.kiosks) report.kiosks = take(kiosksModel(data.kiosks));
  crossCheckTables(report, city, issues);
  return report;
}

/** Figures that two different providers report and that must agree. */
function crossCheckTables(report: MonthReport, city: CityContext, issues: Issue[]): void {
  const phone = report.hotline?.categories.find((c) => c.key === 'phoneBooking');
  if (phone && report.bookings && phone.count !== report.bookings.totals.phone) {
    issues.push(
      issue(
        'warning',
        'cross-table-mismatch',
        `12320热线的电话预约（${phone.count}）与预约挂号表的电话预约合计（${report.bookings.totals.phone}）不一致，相差 ${Math.abs(phone.count - report.bookings.totals.phone)}`,
        {},
        { expected: String(report.bookings.totals.phone), found: String(phone.count) },
      ),
    );
  }
  const home = report.province?.cities.find((c) => c.name === cityKey(city.city));
  if (home && report.hotline && home.calls !== report.hotline.total) {
    issues.push(
      issue(
        'warning',
        'cross-table-mismatch',
        `全省电话量表中${home.name}的电话量（${home.calls}）与12320热线受理总量（${report.hotline.total}）不一致，相差 ${Math.abs(home.calls - report.hotline.total)}`,
        {},
        { expected: String(report.hotline.total), found: String(home.calls) },
      ),
    );
  }
}
