/** Writes test workbooks with exceljs: each sheet is rows of cell values, plus merges. */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';

export type CellInput = string | number | null | undefined | Date | { formula: string; result?: number | string } | { richText: { text: string }[] };

export interface SheetSpec {
  name: string;
  rows: CellInput[][];
  /** A1 ranges, e.g. 'A1:G1' */
  merges?: string[];
}

export async function writeWorkbook(path: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v === undefined || v === null) return;
        ws.getCell(r + 1, c + 1).value = v as ExcelJS.CellValue;
      });
    });
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  await mkdir(dirname(path), { recursive: true });
  await wb.xlsx.writeFile(path);
  return path;
}

/** A new folder under the run's temporary folder (tests/global-temp.ts), or the system's tmp. */
export async function tempDir(prefix = 'bulletin-test-'): Promise<string> {
  return mkdtemp(join(process.env.BULLETIN_TEST_TMP ?? tmpdir(), prefix));
}
