/**
 * A sheet as a plain grid of cell values, independent of the library that
 * read it. Rows and columns are 0-based here; addresses shown to people are A1.
 */

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; value: Date }
  /** an Excel error value such as #DIV/0! */
  | { kind: 'error'; value: string }
  /** a formula whose file carries no cached result (never calculated) */
  | { kind: 'formula-no-result'; formula: string };

export const EMPTY: CellValue = Object.freeze({ kind: 'empty' }) as CellValue;

/** An inclusive, 0-based rectangle of merged cells; the master is its top-left cell. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetGrid {
  /** the file's name as shown to people */
  file: string;
  sheet: string;
  rows: CellValue[][];
  merges: MergeRange[];
  /** read with a row limit, and the sheet has more rows than these */
  truncated?: boolean;
}

/** Column index (0-based) → letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based row and column → A1 address. */
export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

export function cellAt(grid: SheetGrid, row: number, col: number): CellValue {
  return grid.rows[row]?.[col] ?? EMPTY;
}

export function columnCount(grid: SheetGrid): number {
  let n = 0;
  for (const r of grid.rows) if (r.length > n) n = r.length;
  return n;
}

/**
 * For each merged range, every covered position points at the master cell.
 * Keyed by `row,col`; masters themselves are not in the map.
 */
export function mergeMasters(grid: SheetGrid): Map<string, { row: number; col: number; range: MergeRange }> {
  const m = new Map<string, { row: number; col: number; range: MergeRange }>();
  for (const range of grid.merges) {
    for (let r = range.top; r <= range.bottom; r++) {
      for (let c = range.left; c <= range.right; c++) {
        if (r === range.top && c === range.left) continue;
        m.set(`${r},${c}`, { row: range.top, col: range.left, range });
      }
    }
  }
  return m;
}

export function mergeRangeAt(grid: SheetGrid, row: number, col: number): MergeRange | undefined {
  return grid.merges.find((g) => row >= g.top && row <= g.bottom && col >= g.left && col <= g.right);
}

/** A cell's value as text for matching headers and names ('' for empty). */
export function cellText(v: CellValue): string {
  switch (v.kind) {
    case 'empty':
    case 'formula-no-result':
      return '';
    case 'number':
      return String(v.value);
    case 'text':
    case 'error':
      return v.value;
    case 'bool':
      return v.value ? 'TRUE' : 'FALSE';
    case 'date':
      return v.value.toISOString().slice(0, 10);
  }
}

export function isBlankRow(row: readonly CellValue[] | undefined): boolean {
  if (!row) return true;
  return row.every((c) => c.kind === 'empty' || (c.kind === 'text' && c.value.trim() === ''));
}
