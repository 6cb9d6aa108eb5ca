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
