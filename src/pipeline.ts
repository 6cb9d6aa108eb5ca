/**
 * The library's entry points: check a month (validate) and build an issue.
 * read → tables → model → document → render; nothing here prints or exits.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadConfig } from './config/load.js';
import { BulletinError } from './errors.js';
import { DEFAULT_TEMPLATES } from './config/paths.js';
import type { BulletinConfig } from './config/schema.js';
import { issuesAppendix } from './document/appendix.js';
import type { BulletinDocument } from './document/blocks.js';
import { buildDocument, issueTitle, numberOf } from './document/build.js';
import { loadTemplates } from './document/templates.js';
import type { Issue } from './issues.js';
import { hasErrors, issue } from './issues.js';
import type { FoundTable, MonthData } from './month/load.js';
import { loadMonth, loadWorkbooks } from './month/load.js';
import type { Month } from './month/month.js';
import { monthKey, previousMonth } from './month/month.js';
import type { MonthReport } from './model/report.js';
import { buildReport, withComparisons } from './model/report.js';
import { writeFilesAtomically } from './output/atomic-write.js';
import { drawChartSvgsElsewhere, endRenderWorker, prepareRenderers, renderOutputs } from './render/parallel.js';
import { nowMs } from './runtime/clock.js';

export interface CheckResult {
  data: MonthData;
  report: MonthReport;
  tables: FoundTable[];
  /** reading problems and cross-check warnings, errors first */
  issues: Issue[];
}

function cityContext(config: BulletinConfig) {
  return { city: config.city.name, districts: config.city.districts };
}

function loadOptions(config: BulletinConfig) {
  return { aliases: config.aliases, districts: config.city.districts };
}

function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

function check(data: MonthData, config: BulletinConfig): CheckResult {
  const report = buildReport(data, cityContext(config));
  return { data, report, tables: data.tables, issues: sortIssues([...data.issues, ...report.issues]) };
}

/** Reads and checks a month folder. */
export async function checkMonth(dataDir: string, month: Month, config: BulletinConfig): Promise<CheckResult> {
  return check(await loadMonth(dataDir, month, loadOptions(config)), config);
}

/** Reads and checks individual workbooks; without a month, the month their titles name (if any). */
export async function checkFiles(files: readonly string[], month: Month | undefined, config: BulletinConfig): Promise<CheckResult> {
  return check(await loadWorkbooks(files, month, loadOptions(config)), config);
}

/**
 * The previous month and the same month of last year, when their folders are
 * in the data directory and hold no errors (else they are left out, with a
 * warning: a comparison with wrong figures is worse than none).
 */
async function earlierReports(dataDir: string, month: Month, config: BulletinConfig) {
  const issues: Issue[] = [];
  const read = async (m: Month) => (existsSync(join(dataDir, monthKey(m))) ? checkMonth(dataDir, m, config) : undefined);
  const use = (r: CheckResult | undefined, m: Month, what: string) => {
    if (!r) return undefined;
    if (hasErrors(r.issues)) {
      issues.push(issue('warning', 'earlier-month-errors', `${what}（${monthKey(m)}）的数据有错误，本期不作${what === '上月' ? '环比' : '同比'}`, { file: monthKey(m) }));
      return undefined;
    }
    return r.report;
  };
  const before = previousMonth(month);
  const yearAgo = { year: month.year - 1, month: month.month };
  // read at the same time (their file reads wait on the disk and the thread pool), judged in a fixed order
  const [p, y] = await Promise.all([read(before), read(yearAgo)]);
  const previous = use(p, before, '上月');
  const lastYear = use(y, yearAgo, '上年同月');
  return { previous, lastYear, issues };
}

export interface BuildOptions {
  dataDir: string;
  month: Month;
  outDir: string;
  /** the workspace's bulletin.config.yaml, if any */
  configFile?: string;
  /** the configuration file was named by the user: it must exist */
  configRequired?: boolean;
  /** a workspace templates folder whose files override the defaults */
  templatesDir?: string;
  /** build despite errors, mark pages 征求意见稿 and append the problems */
  draft?: boolean;
  formats?: readonly ('docx' | 'pdf')[];
  /** timestamps when bulletin.yaml has no publication date (SOURCE_DATE_EPOCH) */
  fallbackDate?: Date;
  /** called as each stage starts (for a progress display); the library itself never prints */
  onProgress?: (stage: BuildStage) => void;
  /** the process renders nothing after this build (the CLI): the render worker is ended once the outputs are in */
  lastRender?: boolean;
}

export type BuildStage = 'read' | 'document' | 'docx' | 'pdf' | 'write';

export interface BuildResult {
  ok: boolean;
  outputs: string[];
  issues: Issue[];
  tables: FoundTable[];
  document?: BulletinDocument;
  /** milliseconds per stage */
  timings: Record<string, number>;
}

export async function buildIssue(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  let t = nowMs();
  const lap = (name: string) => {
    const now = nowMs();
    timings[name] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  const formats = options.formats ?? ['docx', 'pdf'];
  // the render worker loads pdfkit, fontkit, ECharts and the fonts while the data is read
  prepareRenderers(formats);
  const config = await loadConfig(options.configFile, { required: options.configRequired ?? false });
  // --templates, else the configuration's templates folder (relative to the configuration file)
  const override = options.templatesDir ?? (config.templates && options.configFile ? join(dirname(options.configFile), config.templates) : undefined);
  if (override && !(await stat(override).then((st) => st.isDirectory(), () => false))) {
    throw new BulletinError('config', `找不到模板文件夹 ${override}${options.templatesDir ? '（--templates）' : '（配置项 templates）'}`);
  }
  const templates = await loadTemplates(override ? [DEFAULT_TEMPLATES, override] : [DEFAULT_TEMPLATES]);
  lap('config');
  const progress = options.onProgress ?? (() => undefined);
  progress('read');
  // The month first, then the two it is compared with (at the same time: each month's workbooks are read
  // one after the other, and their many small reads wait on the thread pool, so the two overlap): the
  // render worker draws the month's charts (they show the month alone) and outlines their text while
  // this thread reads the earlier months, instead of after them
  const checked = await checkMonth(options.dataDir, options.month, config);
  // (not for a month that will not be built)
  const drawCharts = config.charts.enabled && (options.draft || !hasErrors(checked.issues));
  const chartSvgs = drawCharts ? await drawChartSvgsElsewhere(checked.report, formats.includes('docx')) : undefined;
  const earlier = await earlierReports(options.dataDir, options.month, config);
  const { tables } = checked;
  const report = withComparisons(checked.report, earlier.previous, earlier.lastYear);
  const issues = sortIssues([...checked.data.issues, ...report.issues, ...earlier.issues]);
  lap('read');
  if (hasErrors(issues) && !options.draft) return { ok: false, outputs: [], issues, tables, timings };

  progress('document');
  const document = buildDocument(report, config, templates, {
    ...(options.draft ? { draftMark: '征求意见稿' } : {}),
    ...(options.fallbackDate ? { fallbackDate: options.fallbackDate } : {}),
    ...(chartSvgs ? { chartSvgsLater: true } : {}),
  });
  if (options.draft) document.blocks.push(...issuesAppendix(issues));
  lap('document');

  const base = join(options.outDir, outputName(report, config));
  const files: { path: string; data: Uint8Array }[] = [];
  // the DOCX here and the PDF in the render worker, at the same time (one after the other where no worker runs)
  const rendered = await renderOutputs(document, formats, { fonts: docxFonts(config) }, progress, chartSvgs);
  if (options.lastRender) endRenderWorker();
  if (rendered.docx) files.push({ path: `${base}.docx`, data: rendered.docx });
  if (rendered.pdf) files.push({ path: `${base}.pdf`, data: rendered.pdf });
  lap('render');
  // each output's time from the start of rendering (the two overlap)
  if (rendered.timings.docx !== undefined) timings.docx = rendered.timings.docx;
  if (rendered.timings.pdf !== undefined) timings.pdf = rendered.timings.pdf;
  progress('write');
  await writeFilesAtomically(files);
  lap('write');
  return { ok: true, outputs: files.map((f) => f.path), issues, tables, document, timings };
}

function docxFonts(config: BulletinConfig) {
  const f = config.fonts.docx;
  const face = (eastAsia: string) => ({ eastAsia, latin: f.latin });
  return { body: face(f.body), heading: face(f.heading), lead: face(f.lead), masthead: face(f.masthead) };
}

/** 卫生信息2020年第11期 (configurable; characters that file systems refuse are replaced). */
export function outputName(report: MonthReport, config: BulletinConfig): string {
  const i = numberOf(report, config);
  const name = config.output.name
    .replace(/\{\{\s*masthead\s*\}\}/g, config.masthead.title)
    .replace(/\{\{\s*year\s*\}\}/g, String(i.year))
    .replace(/\{\{\s*number\s*\}\}/g, String(i.number))
    .replace(/\{\{\s*serial\s*\}\}/g, String(i.serial ?? ''))
    .replace(/\{\{\s*month\s*\}\}/g, `${report.month.year}-${String(report.month.month).padStart(2, '0')}`);
  const unknown = /\{\{[^}]*\}\}/.exec(name);
  if (unknown) {
    throw new BulletinError('config', `配置项 output.name 中的 ${unknown[0]} 不认识：可用 {{masthead}}、{{year}}、{{number}}、{{serial}}、{{month}}`);
  }
  // names of dots or spaces only (hidden or blank files) fall back to the issue's title
  const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
  const safe = fileSafe(name);
  return /^[.\s_]*$/.test(safe) ? fileSafe(issueTitle(report, config)) : safe;
}
