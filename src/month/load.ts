/**
 * Reads a month folder (or a list of workbooks): finds each table by its
 * header, reads and checks its rows, and gathers news, briefs and the issue
 * metadata. Never throws for bad data: every problem becomes an Issue.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BulletinError } from '../errors.js';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import { formatYamlProblem, parseYaml } from '../config/yaml.js';
import { a1, cellText } from '../sheets/grid.js';
import type { SheetGrid } from '../sheets/grid.js';
import type { XlsxWorkbook } from '../sheets/xlsx/index.js';
import { openXlsx, XlsxError } from '../sheets/xlsx/index.js';
import { isNoteText, isTotalLabel, normalizeName } from '../sheets/normalize.js';
import type { Bookings } from '../tables/bookings.js';
import { assembleBookings } from '../tables/bookings.js';
import type { Channels } from '../tables/channels.js';
import { assembleChannels } from '../tables/channels.js';
import type { Collection, CollectionRow } from '../tables/collection.js';
import { assembleCollection } from '../tables/collection.js';
import type { HeaderMatch } from '../tables/header.js';
import { detectHeader, MAX_HEADER_ROW } from '../tables/header.js';
import type { HotlineItem, HotlineSummary } from '../tables/hotline.js';
import { assembleHotline, HOTLINE_ITEM_NAMES } from '../tables/hotline.js';
import { HotlineLogCounter } from '../tables/hotline-log.js';
import type { KindId } from '../tables/kind.js';
import type { Kiosks } from '../tables/kiosks.js';
import { assembleKiosks } from '../tables/kiosks.js';
import type { ProvinceCalls } from '../tables/province.js';
import { assembleProvince } from '../tables/province.js';
import type { TableRead } from '../tables/read-table.js';
import { readTable } from '../tables/read-table.js';
import { KINDS } from '../tables/registry.js';
import type { Telemedicine, TelemedicineRow } from '../tables/telemedicine.js';
import { assembleTelemedicine } from '../tables/telemedicine.js';
import type { IssueMeta } from './issue-meta.js';
import { IssueMetaSchema } from './issue-meta.js';
import type { NewsItem } from './markdown.js';
import { paragraphs, parseNews } from './markdown.js';
import type { Month } from './month.js';
import { daysInMonth, monthKey, monthsInText, sameMonth } from './month.js';

export interface LoadOptions {
  /** former name → current name, from configuration */
  aliases: Record<string, string>;
  /** the city's districts, from configuration */
  districts: readonly string[];
  /** warn about kinds with no table (a month folder: yes; a few files being checked: no) */
  expectAllKinds?: boolean;
}

/**
 * Sheets that explain a workbook (our own templates have one): read like any
 * other (a table is known by its header, never by its sheet's name), but
 * holding no table they are no warning.
 */
const INSTRUCTION_SHEETS = new Set(['填报说明', '说明', '填表说明']);

export interface FoundTable {
  kind: KindId;
  label: string;
  file: string;
  sheet: string;
  headerRow: number;
  rows: number;
}

export interface MonthData {
  month: Month;
  /** false when checking files with no month given and no title naming one: month checks were skipped */
  monthKnown: boolean;
  folder?: string;
  meta?: IssueMeta;
  news: NewsItem[];
  briefs: string[];
  hotline?: HotlineSummary;
  province?: ProvinceCalls;
  bookings?: Bookings;
  channels?: Channels;
  telemedicine?: Telemedicine;
  collectionDistricts?: Collection;
  collectionHospitals?: Collection;
  kiosks?: Kiosks;
  tables: FoundTable[];
  issues: Issue[];
}

/** Rows read to find a sheet's header: as far down as a header may sit, and its second row. */
const PREVIEW_ROWS = MAX_HEADER_ROW + 2;

/**
 * A sheet of at most this much XML (≈3,500 rows of a roster; the largest
 * sample sheet is 0.16 MB) is read whole at once: reading its first rows to
 * find the header, then the whole sheet again, inflated and parsed those
 * rows twice (five sheets of a build's three months). Larger sheets,
 * call-detail logs above all, are searched in their first rows, then read
 * whole or streamed.
 */
const WHOLE_SHEET_BYTES = 1 << 20;

/** The sheet's first rows, or all of them when it is small (WHOLE_SHEET_BYTES). */
function readForHeader(wb: XlsxWorkbook, sheet: string): Promise<SheetGrid> {
  const bytes = wb.sheetBytes(sheet);
  return wb.readSheet(sheet, bytes > 0 && bytes <= WHOLE_SHEET_BYTES ? {} : { maxRows: PREVIEW_ROWS });
}

/**
 * Opens a workbook and hands each sheet to `visit`; a file that cannot be
 * read, or breaks while reading, becomes an error issue naming it.
 */
async function eachSheet(path: string, name: string, issues: Issue[], visit: (wb: XlsxWorkbook, sheet: string) => Promise<void>): Promise<void> {
  let wb: XlsxWorkbook;
  try {
    wb = await openXlsx(path, name);
  } catch (e) {
    issues.push(asIssue(e, name));
    return;
  }
  try {
    for (const sheet of wb.sheets) {
      try {
        await visit(wb, sheet.name);
      } catch (e) {
        issues.push(asIssue(e, name));
      }
    }
  } finally {
    await wb.close().catch(() => undefined);
  }
}

function asIssue(e: unknown, file: string): Issue {
  if (e instanceof XlsxError) return e.toIssue(file);
  throw e;
}

/** Streams a call-detail log's rows after its header, counting 业务类型. */
async function countLog(wb: XlsxWorkbook, sheet: string, match: HeaderMatch, where: { file: string; sheet: string }): Promise<HotlineLogCounter> {
  const counter = new HotlineLogCounter(where);
  const type = match.blocks[0]!.get('type')!;
  for await (const { row, cells } of wb.streamRows(sheet, { fromRow: match.dataRow })) {
    const v = cells[type.col];
    const text = v ? cellText(v).trim() : '';
    if (text === '') {
      if (cells.some((c) => cellText(c).trim() !== '') && !isNoteText(cellText(cells.find((c) => cellText(c).trim() !== '')!))) {
        counter.issues.push(issue('error', 'missing-value', `“${type.text}”不能为空`, { ...where, cell: a1(row, type.col), column: type.text }, { expected: '业务类型', found: '空单元格' }));
      }
      continue;
    }
    if (isTotalLabel(text)) continue;
    counter.add(text, a1(row, type.col), type.text);
  }
  return counter;
}

/** Kinds that may come as several sheets (one per platform); the others must be unique. */
const MULTI_SHEET_KINDS: ReadonlySet<KindId> = new Set(['telemedicine']);

const WORKBOOK = /\.(xlsx|xlsm)$/i;
const LEGACY = /\.(xls|et)$/i;

export async function monthFolder(dataDir: string, month: Month): Promise<string> {
  const folder = join(dataDir, monthKey(month));
  const st = await stat(folder).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new BulletinError('io', `找不到 ${monthKey(month)} 的数据：文件夹 ${folder} 不存在`);
  }
  return folder;
}

export async function loadMonth(dataDir: string, month: Month, options: LoadOptions): Promise<MonthData> {
  const folder = await monthFolder(dataDir, month);
  const entries = (await readdir(folder)).filter((f) => !f.startsWith('~$') && !f.startsWith('.')).sort();
  const workbooks = entries.filter((f) => WORKBOOK.test(f) || LEGACY.test(f)).map((f) => join(folder, f));
  const data = await loadWorkbooks(workbooks, month, { expectAllKinds: true, ...options });
  data.folder = folder;
  await readMonthTexts(folder, entries, data);
  if (data.tables.length === 0 && workbooks.length === 0) {
    data.issues.push(issue('error', 'no-data', `${monthKey(month)} 的文件夹里没有工作簿（.xlsx）`, { file: folder }));
  }
  return data;
}

/** news.md, briefs.md and bulletin.yaml, when present. */
async function readMonthTexts(folder: string, entries: string[], data: MonthData): Promise<void> {
  const read = async (name: string) => (entries.includes(name) ? readFile(join(folder, name), 'utf8') : undefined);
  const yaml = await read('bulletin.yaml');
  if (yaml === undefined) {
    data.issues.push(issue('warning', 'missing-file', '没有 bulletin.yaml：期号按数据月份推算（如 2020-10 → 2020年第11期），不印累计数', { file: 'bulletin.yaml' }));
  } else {
    const parsed = parseYaml(yaml, IssueMetaSchema);
    if (parsed.ok) data.meta = parsed.value;
    else for (const p of parsed.problems) data.issues.push(issue('error', 'invalid-yaml', formatYamlProblem('bulletin.yaml', p), { file: 'bulletin.yaml' }));
  }
  const news = await read('news.md');
  if (news === undefined) {
    data.issues.push(issue('warning', 'missing-file', '没有 news.md：本期不含新闻', { file: 'news.md' }));
  } else {
    const parsed = parseNews(news);
    data.news = parsed.items;
    if (parsed.orphanLines.length) {
      data.issues.push(
        issue('error', 'news-without-title', `news.md 第 ${parsed.orphanLines.join('、')} 行在第一个“# 标题”之前`, { file: 'news.md' }, {
          expected: '每条新闻以“# 标题”开头',
        }),
      );
    }
  }
  const briefs = await read('briefs.md');
  if (briefs === undefined) data.issues.push(issue('warning', 'missing-file', '没有 briefs.md：本期不含简讯', { file: 'briefs.md' }));
  else data.briefs = paragraphs(briefs);
}

/**
 * Reads workbooks, detects and reads every table, and assembles the month's
 * data. Without a month (files checked on their own), the first title that
 * names a month sets it; with none, month checks are skipped.
 */
export async function loadWorkbooks(paths: readonly string[], given: Month | undefined, options: LoadOptions): Promise<MonthData> {
  let month = given;
  const data: MonthData = { month: given ?? { year: 1970, month: 1 }, monthKnown: given !== undefined, news: [], briefs: [], tables: [], issues: [] };
  const aliases = new Map(Object.entries(options.aliases).map(([from, to]) => [normalizeName(from), normalizeName(to)]));
  const reads = new Map<KindId, TableRead[]>();

  const logs: HotlineLogCounter[] = [];
  for (const path of paths) {
    const name = basename(path);
    // a .xls name is not judged by its name: the reader tells legacy content (and saved-as .xlsx) apart
    await eachSheet(path, name, data.issues, async (wb, sheet) => {
      let grid = await readForHeader(wb, sheet);
      const match = detectHeader(grid, KINDS);
      if (!match) {
        if (!INSTRUCTION_SHEETS.has(sheet.trim()) && grid.rows.some((r) => r.some((c) => c.kind !== 'empty'))) {
          data.issues.push(issue('warning', 'unknown-sheet', '工作表中没有可识别的表格，已跳过', { file: name, sheet }));
        }
        return;
      }
      if (!month) {
        month = titleMonth(grid, match);
        if (month) Object.assign(data, { month, monthKnown: true });
      }
      if (month) checkTitleMonth(grid, match, month, data.issues);
      if (match.missing.length) {
        for (const m of match.missing) {
          data.issues.push(
            issue(
              'error',
              'missing-column',
              `${match.kind.label}缺少“${m.spec.header}”列${m.suggestion ? `（是否是“${m.suggestion}”？）` : ''}`,
              { file: name, sheet, cell: a1(match.headerRow, 0) },
              { expected: m.spec.header, found: m.suggestion ?? '无' },
            ),
          );
        }
        return;
      }
      const found = { kind: match.kind.id, label: match.kind.label, file: name, sheet, headerRow: match.headerRow + 1 };
      const earlier = match.kind.id === 'hotline-log' ? logs[0]?.where : reads.get(match.kind.id)?.[0]?.grid;
      if (earlier && !MULTI_SHEET_KINDS.has(match.kind.id)) {
        data.issues.push(
          issue('error', 'duplicate-table', `${match.kind.label}出现在两个工作表中（另见 ${earlier.file} › ${earlier.sheet}）`, { file: name, sheet }),
        );
        return;
      }
      if (match.kind.id === 'hotline-log') {
        // call-detail logs run to 100,000+ rows: count them as they stream, keep none
        const counter = await countLog(wb, sheet, match, { file: name, sheet });
        logs.push(counter);
        data.issues.push(...counter.issues);
        data.tables.push({ ...found, rows: counter.rows });
        return;
      }
      if (grid.truncated) grid = await wb.readSheet(sheet);
      const read = readTable<Record<string, unknown>>(grid, match, { aliases });
      data.issues.push(...read.issues);
      if (read.rows.length === 0 && read.issues.length === 0) {
        // a blank template sent back unfilled: no section of zeros ("共接听电话0人次，各市电话量统计为：。")
        data.issues.push(
          issue('warning', 'empty-table', `${match.kind.label}只有表头，没有数据行：按本月未提供处理`, { file: name, sheet, cell: a1(match.dataRow, 0) }, {
            expected: '表头下的数据行',
            found: '无',
          }),
        );
        return;
      }
      reads.set(match.kind.id, [...(reads.get(match.kind.id) ?? []), read]);
      data.tables.push({ ...found, rows: read.rows.length });
    });
  }

  assemble(data, reads, options);
  if (logs[0]) addHotlineLog(data, logs[0].summary());
  for (const kind of options.expectAllKinds ? KINDS : []) {
    // the call-detail log stands in for the hotline summary and vice versa
    const alternative = kind.id === 'hotline' ? 'hotline-log' : kind.id === 'hotline-log' ? 'hotline' : undefined;
    const has = (id: KindId) => reads.has(id) || (id === 'hotline-log' && logs.length > 0);
    if (!has(kind.id) && !(alternative && has(alternative)) && kind.id !== 'hotline-log') {
      data.issues.push(issue('warning', 'missing-kind', `本月没有“${kind.label}”表：该部分将从简报中略去`, {}));
    }
  }
  return data;
}

function assemble(data: MonthData, reads: Map<KindId, TableRead[]>, options: LoadOptions): void {
  const one = <R>(id: KindId) => reads.get(id)?.[0] as TableRead<R> | undefined;
  const push = (r: { issues: Issue[] }) => data.issues.push(...r.issues);

  const hotline = one<never>('hotline');
  if (hotline) {
    const r = assembleHotline(hotline);
    push(r);
    data.hotline = r.data;
  }
  const province = one<never>('province');
  if (province) data.province = assembleProvince(province);
  const bookings = one<never>('bookings');
  if (bookings) data.bookings = assembleBookings(bookings);
  const channels = one<never>('channels');
  if (channels) data.channels = assembleChannels(channels);
  const tele = reads.get('telemedicine') as TableRead<TelemedicineRow>[] | undefined;
  if (tele) {
    const r = assembleTelemedicine(tele);
    push(r);
    data.telemedicine = r.data;
  }
  // with no month known, 数据上传天数 is held to the longest month
  const days = data.monthKnown ? daysInMonth(data.month) : 31;
  const districts = one<CollectionRow>('collection-districts');
  if (districts) {
    const r = assembleCollection(districts, days);
    push(r);
    data.collectionDistricts = r.data;
  }
  const hospitals = one<CollectionRow>('collection-hospitals');
  if (hospitals) {
    const r = assembleCollection(hospitals, days);
    push(r);
    data.collectionHospitals = r.data;
  }
  const kiosks = one<never>('kiosks');
  if (kiosks) {
    const r = assembleKiosks(kiosks, options.districts);
    push(r);
    data.kiosks = r.data;
  }
}

/**
 * A month's hotline figures counted from its call-detail log: the summary when
 * there is none, else a cross-check of the summary item by item.
 */
export function addHotlineLog(data: MonthData, counted: HotlineSummary): void {
  if (!data.hotline) {
    data.hotline = counted;
    return;
  }
  for (const [key, n] of Object.entries(counted.counts)) {
    const reported = data.hotline.counts[key as keyof HotlineSummary['counts']];
    if (reported !== undefined && reported !== n) {
      data.issues.push(
        issue('warning', 'log-mismatch', `热线汇总表的“${HOTLINE_ITEM_NAMES[key as HotlineItem][0]}”为 ${reported}，来电明细中为 ${n} 行，相差 ${Math.abs(reported - n)}`, data.hotline.source, {
          expected: String(n),
          found: String(reported),
        }),
      );
    }
  }
}

/** The month a sheet's title names, if any. */
function titleMonth(grid: SheetGrid, match: HeaderMatch): Month | undefined {
  for (let r = 0; r < match.headerRow; r++) {
    for (const c of grid.rows[r] ?? []) {
      const m = monthsInText(cellText(c))[0];
      if (m) return m;
    }
  }
  return undefined;
}

/** A title above the header naming another month means someone sent the wrong month's file. */
function checkTitleMonth(grid: SheetGrid, match: HeaderMatch, month: Month, issues: Issue[]): void {
  for (let r = 0; r < match.headerRow; r++) {
    const row = grid.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const text = cellText(row[c]!);
      const named = monthsInText(text);
      const other = named.find((m) => !sameMonth(m, month));
      if (other && !named.some((m) => sameMonth(m, month))) {
        issues.push(
          issue('error', 'wrong-month', `标题写的是 ${other.year}年${other.month}月，不是 ${month.year}年${month.month}月`, {
            file: grid.file,
            sheet: grid.sheet,
            cell: a1(r, c),
          }, { expected: `${month.year}年${month.month}月`, found: text.trim() }),
        );
      }
    }
  }
}
