/**
 * MonthReport → the object templates see. Every key exists (null when this
 * month has no such data), so `{{#if bookings}}` works under strict mode and a
 * misspelt variable fails loudly.
 */
import type { BulletinConfig } from '../config/schema.js';
import type { MonthReport } from '../model/report.js';
import { cityKey } from '../sheets/normalize.js';

export function templateContext(report: MonthReport, config: BulletinConfig) {
  const { year, month } = report.month;
  const tm = report.telemedicine?.platforms;
  return {
    month: { year, month, label: `${year}年${month}月` },
    issue: report.meta?.issue ?? null,
    city: { name: config.city.name, short: cityKey(config.city.name) },
    center: config.center,
    news: report.news,
    briefs: report.briefs,
    hotline: report.hotline ?? null,
    province: report.province ?? null,
    bookings: report.bookings ?? null,
    channels: report.channels ?? null,
    telemedicine: tm
      ? {
          consultation: tm['远程会诊'] ?? null,
          ecg: tm['远程心电'] ?? null,
          lab: tm['远程临检'] ?? null,
          imaging: tm['远程影像'] ?? null,
        }
      : null,
    collection: report.collection ?? null,
    kiosks: report.kiosks ?? null,
  };
}

export type TemplateContext = ReturnType<typeof templateContext>;
