/**
 * MonthReport → BulletinDocument: the masthead, the sections rendered from
 * templates (news, statistics, briefs), and the center's contact block.
 */
import type { BulletinConfig } from '../config/schema.js';
import type { MonthReport } from '../model/report.js';
import { BulletinError } from '../errors.js';
import type { Block, BulletinDocument, ContactBlock, MastheadBlock, TableBlock } from './blocks.js';
import { templateContext } from './context.js';
import { MarkupError, markupToBlocks } from './markup.js';
import { bookingsTable } from './tables/bookings.js';
import { channelsTable } from './tables/channels.js';
import { collectionDistrictsTable, collectionHospitalsTable } from './tables/collection.js';
import { kiosksTable } from './tables/kiosks.js';
import { overviewTable } from './tables/overview.js';
import type { TemplateSet } from './templates.js';

/** The sections of an issue, in order; each is templates/…/sections/<name>.hbs. */
export const SECTIONS = ['news', 'statistics', 'briefs'] as const;

export interface BuildDocumentOptions {
  /** 征求意见稿 on every page */
  draftMark?: string;
  /** used when bulletin.yaml gives no publication date (e.g. from SOURCE_DATE_EPOCH) */
  fallbackDate?: Date;
}

function chineseDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The issue's own date: publication date, else the first day after the data month. */
export function issueDate(report: MonthReport, fallback?: Date): Date {
  if (report.meta?.published) return report.meta.published;
  if (fallback) return fallback;
  return new Date(Date.UTC(report.month.year, report.month.month, 1));
}

export function issueTitle(report: MonthReport, config: BulletinConfig): string {
  const i = report.meta?.issue;
  return i ? `${config.masthead.title}${i.year}年第${i.number}期` : `${config.masthead.title}${report.month.year}年${report.month.month}月`;
}

function masthead(report: MonthReport, config: BulletinConfig): MastheadBlock {
  const i = report.meta?.issue;
  const issueLine = i ? `${i.year}年第${i.number}期${i.serial ? ` · 总第${i.serial}期` : ''}` : `${report.month.year}年${report.month.month}月`;
  return {
    type: 'masthead',
    title: config.masthead.title,
    issueLine,
    publisher: config.center.name,
    date: report.meta?.published ? chineseDate(report.meta.published) : '',
  };
}

function contact(config: BulletinConfig): ContactBlock {
  const c = config.center;
  return {
    type: 'contact',
    organization: c.name,
    lines: [
      { label: '地址', value: c.address },
      { label: '邮编', value: c.postcode },
      { label: '电话', value: c.phone },
      { label: '传真', value: c.fax },
      { label: 'E-mail', value: c.email },
      { label: '网址', value: c.website },
    ],
    channels: c.channels,
  };
}

function tableFactory(report: MonthReport) {
  return (id: string, title: string, subtitle: string | undefined): TableBlock | null | undefined => {
    switch (id) {
      case 'overview':
        return overviewTable(report, title, subtitle);
      case 'bookings':
        return report.bookings ? bookingsTable(report.bookings, title, subtitle, report.comparisons.bookingMoves) : null;
      case 'channels':
        return report.channels ? channelsTable(report.channels, title, subtitle) : null;
      case 'collection-districts':
        return report.collection?.districts ? collectionDistrictsTable(report.collection.districts, title, subtitle) : null;
      case 'collection-hospitals':
        return report.collection?.hospitals ? collectionHospitalsTable(report.collection.hospitals, title, subtitle) : null;
      case 'kiosks':
        return report.kiosks ? kiosksTable(report.kiosks, title, subtitle) : null;
      default:
        return undefined;
    }
  };
}

export function buildDocument(
  report: MonthReport,
  config: BulletinConfig,
  templates: TemplateSet,
  options: BuildDocumentOptions = {},
): BulletinDocument {
  const context = templateContext(report, config);
  const blocks: Block[] = [masthead(report, config)];
  const tables = tableFactory(report);
  for (const section of SECTIONS) {
    if (section === 'news' && report.news.length === 0) continue;
    if (section === 'briefs' && report.briefs.length === 0) continue;
    const text = templates.render(section, context);
    try {
      blocks.push(...markupToBlocks(text, section, tables));
    } catch (e) {
      if (e instanceof MarkupError) throw new BulletinError('template', `模板 sections/${section}.hbs：${e.message}`);
      throw e;
    }
  }
  blocks.push(contact(config));
  const { year, month } = report.month;
  return {
    meta: {
      title: issueTitle(report, config),
      author: config.center.name,
      subject: `${year}年${month}月${config.city.name}卫生信息统计`,
      language: 'zh-CN',
      date: issueDate(report, options.fallbackDate),
      ...(options.draftMark ? { draftMark: options.draftMark } : {}),
    },
    blocks,
  };
}
