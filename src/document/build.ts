/**
 * MonthReport → BulletinDocument: the masthead, the sections rendered from
 * templates (news, statistics, briefs), and the center's contact block.
 */
import type { BulletinConfig } from '../config/schema.js';
import type { MonthReport } from '../model/report.js';
import { BulletinError } from '../errors.js';
import type { Block, BulletinDocument, ChartBlock, ContactBlock, MastheadBlock, TableBlock } from './blocks.js';
import type { ChartId } from '../charts/index.js';
import { buildCharts, chartOutline, CHART_IDS } from '../charts/index.js';
import { templateContext } from './context.js';
import type { NumberFormat } from './helpers.js';
import { numberFormat } from './helpers.js';
import { MarkupError, markupToBlocks } from './markup.js';
export { fillChartSvgs } from './chart-svgs.js';
import { bookingsTable } from './tables/bookings.js';
import { channelsTable } from './tables/channels.js';
import { collectionDistrictsTable, collectionHospitalsTable } from './tables/collection.js';
import { kiosksTable } from './tables/kiosks.js';
import { overviewTable } from './tables/overview.js';
import type { TemplateSet } from './templates.js';
import type { IssueNumber } from '../model/issue-number.js';
import { issueLine, issueNumber } from '../model/issue-number.js';

/** The sections of an issue, in order; each is templates/…/sections/<name>.hbs. */

export interface BuildDocumentOptions {
  /** 征求意见稿 on every page */
  draftMark?: string;
  /**
   * The charts' SVGs are drawn elsewhere (src/render/parallel.ts: in the render
   * worker, at the same time) and filled in with `fillChartSvgs`: chart blocks
   * get their caption, alt text and size now and an empty `svg`.
   */
  chartSvgsLater?: boolean;
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

/** The issue's number from bulletin.yaml, else from the month and the configured serial. */
export function numberOf(report: MonthReport, config: BulletinConfig): IssueNumber {
  return issueNumber(report.month, report.meta, config.issue.known);
}

export function issueTitle(report: MonthReport, config: BulletinConfig): string {
  const i = numberOf(report, config);
  return `${config.masthead.title}${i.year}年第${i.number}期`;
}

function masthead(report: MonthReport, config: BulletinConfig): MastheadBlock {
  return {
    type: 'masthead',
    title: config.masthead.title,
    issueLine: issueLine(numberOf(report, config)),
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

function tableFactory(report: MonthReport, fmt: NumberFormat) {
  return (id: string, title: string, subtitle: string | undefined): TableBlock | null | undefined => {
    const head = { title, ...(subtitle ? { subtitle } : {}), fmt };
    switch (id) {
      case 'overview':
        return overviewTable(report, head);
      case 'bookings':
        return report.bookings ? bookingsTable(report.bookings, head, report.comparisons.bookingMoves) : null;
      case 'channels':
        return report.channels ? channelsTable(report.channels, head) : null;
      case 'collection-districts':
        return report.collection?.districts ? collectionDistrictsTable(report.collection.districts, head) : null;
      case 'collection-hospitals':
        return report.collection?.hospitals ? collectionHospitalsTable(report.collection.hospitals, head) : null;
      case 'kiosks':
        return report.kiosks ? kiosksTable(report.kiosks, head) : null;
      default:
        return undefined;
    }
  };
}

/** Charts are numbered 图1, 图2 … in the order they appear. */
function chartFactory(report: MonthReport, enabled: boolean, svgsLater: boolean) {
  let n = 0;
  return (id: string): ChartBlock | null | undefined => {
    if (!(CHART_IDS as readonly string[]).includes(id)) return undefined;
    if (!enabled) return null;
    const spec = svgsLater ? chartOutline(report, id as ChartId) : buildCharts(report, { ids: [id as ChartId] }).get(id as ChartId);
    if (!spec) return null;
    const svg = 'svg' in spec && typeof spec.svg === 'string' ? spec.svg : '';
    return { type: 'chart', id: `chart-${id}`, caption: `图${++n} ${spec.title}`, alt: spec.alt, svg, width: spec.width, height: spec.height };
  };
}

export function buildDocument(
  report: MonthReport,
  config: BulletinConfig,
  templates: TemplateSet,
  options: BuildDocumentOptions = {},
): BulletinDocument {
  const context = templateContext(report, config, numberOf(report, config));
  const blocks: Block[] = [masthead(report, config)];
  const factories = {
    table: tableFactory(report, numberFormat(config.numbers.grouping)),
    chart: chartFactory(report, config.charts.enabled, options.chartSvgsLater === true),
  };
  for (const section of config.sections) {
    if (section === 'news' && report.news.length === 0) continue;
    if (section === 'briefs' && report.briefs.length === 0) continue;
    const text = templates.render(section, context);
    try {
      blocks.push(...markupToBlocks(text, section, factories));
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
