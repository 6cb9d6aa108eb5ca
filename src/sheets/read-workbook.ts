/**
 * Workbook file → SheetGrid[] through exceljs. Everything past this module
 * sees only grids, so the reader can change without touching table code.
 */
import { readFile } from 'node:fs/promises';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import type { CellValue, MergeRange, SheetGrid } from './grid.js';
import { EMPTY } from './grid.js';

export interface WorkbookRead {
  sheets: SheetGrid[];
  issues: Issue[];
}

/** Converts one exceljs cell value to our CellValue. */
export function fromExcelValue(v: unknown): CellValue {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : EMPTY;
  if (typeof v === 'string') return v === '' ? EMPTY : { kind: 'text', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (v instanceof Date) return { kind: 'date', value: v };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      if (!('result' in o) || o.result === undefined || o.result === null) {
        return { kind: 'formula-no-result', formula: String(o.formula ?? o.sharedFormula ?? '') };
      }
      return fromExcelValue(o.result);
    }
    if (Array.isArray(o.richText)) {
      const text = (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
      return text === '' ? EMPTY : { kind: 'text', value: text };
    }
    if ('error' in o) return { kind: 'error', value: String(o.error) };
    if ('text' in o) return fromExcelValue(o.text);
  }
  return { kind: 'text', value: String(v) };
}

/** Parses an `A1:C3` range into a 0-based MergeRange. */
export function parseRange(ref: string): MergeRange | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref.trim());
  if (!m) return undefined;
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const top = Number(m[2]) - 1;
  const left = col(m[1]!);
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  const right = m[3] ? col(m[3]) : left;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

export async function readWorkbook(path: string, displayName: string): Promise<WorkbookRead> {
  const { default: ExcelJS } = await import('exceljs');
  const issues: Issue[] = [];
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (e) {
    issues.push(issue('error', 'unreadable-file', `无法读取文件：${(e as Error).message}`, { file: displayName }));
    return { sheets: [], issues };
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    issues.push(
      issue('error', 'not-a-workbook', '不是可读取的 Excel 工作簿（.xlsx）', { file: displayName }, {
        expected: '.xlsx 工作簿',
        found: (e as Error).message.slice(0, 200),
      }),
    );
    return { sheets: [], issues };
  }
  const sheets: SheetGrid[] = [];
  wb.eachSheet((ws) => {
    const rows: CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        // Merged slaves repeat the master's value in exceljs; we keep them empty
        // and carry the merge ranges instead, so a total is never counted twice.
        if (cell.isMerged && cell.master !== cell) return;
        cells[colNumber - 1] = fromExcelValue(cell.value);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = EMPTY;
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = [];
    const merges = ((ws.model as { merges?: string[] }).merges ?? [])
      .map(parseRange)
      .filter((r): r is MergeRange => r !== undefined);
    sheets.push({ file: displayName, sheet: ws.name, rows, merges });
  });
  return { sheets, issues };
}
