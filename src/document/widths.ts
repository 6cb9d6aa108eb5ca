/**
 * Column weights from content, in ems: a column is as wide as its widest body
 * cell, and as its header needs (./header-width: short headers on one line,
 * longer ones on two balanced lines). Renderers scale the weights to the text
 * width.
 */
import type { TableCell, TableColumn } from './blocks.js';
import { headerWidth } from './header-width.js';
import { textWidth } from './text-width.js';

export { textWidth } from './text-width.js';

/** Where each cell of span-annotated rows lands (HTML table semantics). */
export function placeCells(rows: readonly TableCell[][]): { row: number; col: number; cell: TableCell }[] {
  const taken: boolean[][] = [];
  const out: { row: number; col: number; cell: TableCell }[] = [];
  rows.forEach((cells, r) => {
    taken[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (taken[r]![c]) c++;
      out.push({ row: r, col: c, cell });
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++) {
        taken[r + dr] ??= [];
        for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) taken[r + dr]![c + dc] = true;
      }
      c += cell.colSpan ?? 1;
    }
  });
  return out;
}

/** Weights for columns from their header and body cells (spanning and vertical cells are ignored). */
export function fitColumns(
  columns: Omit<TableColumn, 'weight'>[],
  header: TableCell[][],
  rows: TableCell[][],
  maxWidth = 12,
): TableColumn[] {
  const widths = columns.map(() => 1);
  const measure = (cells: TableCell[][], width: (text: string) => number) => {
    for (const { col, cell } of placeCells(cells)) {
      if ((cell.colSpan ?? 1) !== 1 || cell.vertical || col >= widths.length) continue;
      widths[col] = Math.max(widths[col]!, Math.min(width(cell.text), maxWidth));
    }
  };
  measure(header, headerWidth);
  measure(rows, textWidth);
  return columns.map((col, i) => ({ ...col, weight: widths[i]! + 1 }));
}

/** Scales weights to `total`, keeping each column at least its minimum. */
export function distributeWidths(weights: readonly number[], minimums: readonly number[], total: number): number[] {
  const n = weights.length;
  const weight = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 1));
  const widths = new Array<number>(n).fill(0);
  const fixed = new Array<boolean>(n).fill(false);
  for (;;) {
    let room = total;
    let free = 0;
    for (let c = 0; c < n; c++) {
      if (fixed[c]) room -= minimums[c] ?? 0;
      else free += weight[c] ?? 1;
    }
    if (free === 0) break;
    let violated = false;
    for (let c = 0; c < n; c++) {
      if (fixed[c]) continue;
      widths[c] = (room * (weight[c] ?? 1)) / free;
      if ((widths[c] ?? 0) < (minimums[c] ?? 0) - 0.01) violated = true;
    }
    if (!violated) return widths;
    for (let c = 0; c < n; c++) {
      if (!fixed[c] && (widths[c] ?? 0) < (minimums[c] ?? 0) - 0.01) {
        fixed[c] = true;
        widths[c] = minimums[c] ?? 0;
      }
    }
  }
  // every column is at its minimum: share what is left by weight
  const left = total - minimums.reduce((a, b) => a + b, 0);
  const all = weight.reduce((a, b) => a + b, 0);
  return minimums.map((m, c) => m + (left * (weight[c] ?? 1)) / all);
}
