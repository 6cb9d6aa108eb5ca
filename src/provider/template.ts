/**
 * The workbook a data provider fills in, for each table kind: a title naming
 * the month, the canonical header row (frozen), sensible column widths, Excel
 * data validation (non-negative whole numbers, money with two decimals, lists
 * for 平台, 机构类别 and 类别) and an instructions sheet. With rows, the same
 * writer produces a filled workbook (used to derive fixture months).
 */
import type ExcelJS from 'exceljs';
import { daysInMonth, type Month } from '../month/month.js';
import type { ColumnSpec, KindId, TableKind } from '../tables/kind.js';
import { HOTLINE_ITEM_NAMES } from '../tables/hotline.js';
import { KIOSK_GROUPS } from '../tables/kiosks.js';
import { CATEGORIES, PLATFORMS } from '../tables/telemedicine.js';
import { textWidth } from '../document/widths.js';
import { instructionsFor } from './instructions.js';

/** Command-line names of the kinds, as in the data contract. */
export const TEMPLATE_KINDS: Record<string, KindId> = {
  hotline: 'hotline',
  calls: 'hotline-log',
  province: 'province',
  bookings: 'bookings',
  channels: 'channels',
  telemedicine: 'telemedicine',
  'collection-districts': 'collection-districts',
  'collection-hospitals': 'collection-hospitals',
  kiosks: 'kiosks',
};

export type CellData = string | number | null;

export interface TemplateOptions {
  month: Month;
  /** data rows, in column order of `kind.columns` (serial columns may be null: they are numbered) */
  rows?: CellData[][];
  /** a reported total row (合计) in column order; null cells stay empty */
  total?: CellData[];
  /** fixed workbook dates, for reproducible files */
  date?: Date;
}

/** exceljs keeps range validations in a collection its typings do not declare. */
interface WithValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** Rows that get data validation in a blank template. */
const VALIDATED_ROWS = 500;
const TITLE_ROW = 1;
const HEADER_ROW = 3;

/** The hotline's item names as printed: the total and the eight items (the summary), or the items alone (a call log). */
const hotlineItems = (withTotal: boolean): string[] =>
  (Object.entries(HOTLINE_ITEM_NAMES) as [string, readonly string[]][]).filter(([key]) => withTotal || key !== 'total').map(([, names]) => names[0]!);

function listFor(kind: TableKind, col: ColumnSpec): { items: readonly string[]; strict: boolean } | undefined {
  if (kind.id === 'telemedicine' && col.key === 'platform') return { items: PLATFORMS, strict: true };
  if (kind.id === 'telemedicine' && col.key === 'category') return { items: CATEGORIES, strict: true };
  if (kind.id === 'kiosks' && col.key === 'group') return { items: KIOSK_GROUPS, strict: true };
  // the item names have aliases (咨询类, 合计 …) that are read too: a warning, not a refusal
  if (kind.id === 'hotline' && col.key === 'item') return { items: hotlineItems(true), strict: false };
  if (kind.id === 'hotline-log' && col.key === 'type') return { items: hotlineItems(false), strict: false };
  return undefined;
}

function validation(kind: TableKind, col: ColumnSpec, month: Month): ExcelJS.DataValidation | undefined {
  const list = listFor(kind, col);
  if (list) {
    return {
      type: 'list',
      allowBlank: !col.required,
      formulae: [`"${list.items.join(',')}"`],
      showErrorMessage: true,
      ...(list.strict ? {} : { errorStyle: 'warning' as const }),
      errorTitle: '请从列表中选择',
      error: `${col.header}应为：${list.items.join('、')}`,
    };
  }
  if ((kind.id === 'collection-districts' || kind.id === 'collection-hospitals') && col.key === 'days') {
    const days = daysInMonth(month);
    return {
      type: 'whole',
      operator: 'between',
      allowBlank: true,
      formulae: [0, days],
      showErrorMessage: true,
      errorTitle: '应为本月天数以内的整数',
      error: `${col.header}应为 0–${days} 的整数`,
    };
  }
  if (col.type === 'count') {
    return {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: '应为非负整数',
      error: `${col.header}应填写非负整数`,
    };
  }
  if (col.type === 'money') {
    return {
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: '应为金额',
      error: `${col.header}应填写非负金额（元），最多两位小数`,
    };
  }
  return undefined;
}

function columnWidth(kind: TableKind, col: ColumnSpec, rows: CellData[][], index: number): number {
  let w = textWidth(col.header) * 2 + 2;
  for (const r of rows) w = Math.max(w, textWidth(String(r[index] ?? '')) * 2 + 2);
  if (col.type === 'name') w = Math.max(w, 24);
  // room for what goes in: the longest item name, a date and time (2020-10-01 08:00:00)
  const list = listFor(kind, col);
  if (list) w = Math.max(w, ...list.items.map((x) => textWidth(x) * 2 + 2));
  if (kind.id === 'hotline-log' && col.key === 'time') w = Math.max(w, 20);
  return Math.min(Math.max(w, 8), 40);
}

export async function writeTemplate(kind: TableKind, options: TemplateOptions): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const date = options.date ?? new Date(Date.UTC(options.month.year, options.month.month - 1, 1));
  wb.creator = 'bulletin';
  wb.lastModifiedBy = 'bulletin';
  wb.created = date;
  wb.modified = date;
  const rows = options.rows ?? [];
  const columns = kind.columns;
  const ws = wb.addWorksheet(kind.label.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
  });
  const last = columns.length;
  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, last);
  const title = ws.getCell(TITLE_ROW, 1);
  title.value = `${options.month.year}年${options.month.month}月${kind.label}`;
  title.font = { bold: true, size: 14, name: '宋体' };
  title.alignment = { horizontal: 'center' };
  ws.getCell(TITLE_ROW + 1, 1).value = '填报单位：';
  columns.forEach((col, i) => {
    const c = ws.getCell(HEADER_ROW, i + 1);
    c.value = col.header;
    c.font = { bold: true, name: '宋体' };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    ws.getColumn(i + 1).width = columnWidth(kind, col, rows, i);
    if (col.type === 'money') ws.getColumn(i + 1).numFmt = '#,##0.00';
    if (col.type === 'count') ws.getColumn(i + 1).numFmt = '0';
    if (col.type === 'ratio' || col.type === 'serial' || col.type === 'text' || col.type === 'name' || col.type === 'city') {
      ws.getColumn(i + 1).numFmt = '@';
    }
    const v = validation(kind, col, options.month);
    const n = Math.max(VALIDATED_ROWS, rows.length + 1);
    if (v) (ws as unknown as WithValidations).dataValidations.add(`${ws.getColumn(i + 1).letter}${HEADER_ROW + 1}:${ws.getColumn(i + 1).letter}${HEADER_ROW + n}`, v);
  });
  ws.getRow(HEADER_ROW).height = 30;
  rows.forEach((r, ri) => {
    columns.forEach((col, ci) => {
      const v = col.type === 'serial' && r[ci] == null ? ri + 1 : r[ci];
      if (v !== null && v !== undefined) ws.getCell(HEADER_ROW + 1 + ri, ci + 1).value = v;
    });
  });
  if (options.total) {
    const row = HEADER_ROW + 1 + rows.length;
    const nameIndex = columns.findIndex((c) => c.key === kind.nameKey);
    ws.getCell(row, Math.max(1, nameIndex + 1)).value = '合计';
    options.total.forEach((v, ci) => {
      if (v !== null && v !== undefined && ci !== nameIndex) ws.getCell(row, ci + 1).value = v;
    });
    ws.getRow(row).font = { bold: true };
  }
  const help = wb.addWorksheet('填报说明');
  help.getColumn(1).width = 100;
  instructionsFor(kind, options.month).forEach((line, i) => {
    const c = help.getCell(i + 1, 1);
    c.value = line;
    c.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) c.font = { bold: true, size: 14 };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
