/**
 * Workbook file → SheetGrid[]. Everything past this module sees only grids,
 * so the reader can change without touching table code. Reading goes through
 * our own .xlsx reader; exceljs is no longer imported here (tests and
 * templates still write workbooks with it).
 */
import type { CellValue } from './grid.js';
import { EMPTY } from './grid.js';
import type { WorkbookRead } from './xlsx/index.js';
import { readXlsx } from './xlsx/index.js';

export type { WorkbookRead };
export { parseRange } from './xlsx/cells.js';

/**
 * Converts one exceljs cell value (as exceljs returns it when reading) to our
 * CellValue. Kept for code and tests that hold exceljs values; the reader
 * itself no longer uses it.
 */
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

/**
 * Reads a whole workbook into grids with our own streaming .xlsx reader
 * (src/sheets/xlsx). Never throws: an unreadable, broken, encrypted, legacy or
 * oversized file comes back as an error issue naming the file.
 */
export async function readWorkbook(path: string, displayName: string): Promise<WorkbookRead> {
  return readXlsx(path, displayName);
}
