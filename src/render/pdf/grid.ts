/**
 * Table spans with HTML semantics: a cell with rowSpan/colSpan covers the
 * positions to its right and below, and the rows that follow omit the cells
 * at covered positions. `resolveGrid` places every cell of a group of rows
 * (the header, or the body) at its grid row and column; positions no cell
 * covers get an empty cell.
 */
import { BulletinError } from '../../errors.js';
import type { TableCell } from '../../document/blocks.js';

export interface GridCell {
  readonly cell: TableCell;
  /** 0-based grid row within its group (header or body) */
  readonly row: number;
  /** 0-based grid column */
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export interface Grid {
  readonly rows: number;
  readonly columns: number;
  readonly cells: readonly GridCell[];
}

function span(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1;
}

/**
 * @param where names the group in errors, e.g. `table 'stats-bookings' body`
 */
export function resolveGrid(rows: readonly (readonly TableCell[])[], columns: number, where: string): Grid {
  const taken: boolean[][] = rows.map(() => new Array<boolean>(columns).fill(false));
  const cells: GridCell[] = [];
  rows.forEach((cellsOfRow, row) => {
    let col = 0;
    for (const cell of cellsOfRow) {
      const occupied = taken[row] as boolean[];
      while (col < columns && occupied[col]) col++;
      if (col >= columns) {
        throw new BulletinError(
          'render',
          `${where} row ${row + 1} has more cells than the table's ${columns} columns (cell "${cell.text}")`,
        );
      }
      const rowSpan = Math.min(span(cell.rowSpan), rows.length - row);
      let colSpan = span(cell.colSpan);
      if (col + colSpan > columns) {
        throw new BulletinError(
          'render',
          `${where} row ${row + 1}: cell "${cell.text}" at column ${col + 1} spans ${colSpan} columns, past the table's ${columns}`,
        );
      }
      // a span may not cover a position taken by a rowSpan from above; stop short of it
      for (let c = col + 1; c < col + colSpan; c++) {
        if (occupied[c]) {
          colSpan = c - col;
          break;
        }
      }
      for (let r = row; r < row + rowSpan; r++) {
        const line = taken[r] as boolean[];
        for (let c = col; c < col + colSpan; c++) line[c] = true;
      }
      cells.push({ cell, row, col, rowSpan, colSpan });
      col += colSpan;
    }
  });
  // a row with fewer cells than columns: the missing positions are empty cells, so the grid stays whole
  taken.forEach((line, row) => {
    line.forEach((isTaken, col) => {
      if (!isTaken) cells.push({ cell: { text: '' }, row, col, rowSpan: 1, colSpan: 1 });
    });
  });
  return { rows: rows.length, columns, cells };
}
