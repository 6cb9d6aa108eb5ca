/**
 * Tables. Layout: column widths come from the columns' weights scaled to
 * the text width, but no column is narrower than its widest unbreakable
 * stretch of text plus padding, so numbers never wrap (if the table cannot
 * fit that way the cell text is set smaller); long names wrap inside their
 * cells with the Chinese line-breaking rules. Row heights fit the tallest
 * cell; a cell spanning rows gets the rows it spans grown evenly if needed.
 *
 * Pagination: the title (and subtitle), the header and the first rows stay
 * together; rows are never split; when the table continues on a new page
 * its header rows are repeated at the top; a lone last row (the 合计 row) is
 * not left to stand on a page by itself; a cell spanning rows across a page
 * break is drawn as one segment per page, each showing its text.
 *
 * Drawing: header cells shaded #EDEDED in sans, total rows bold and shaded
 * #F5F5F5, cell text serif, a 0.5 pt black grid.
 */
import { TABLE_FIRST_ROWS, type TableBlock, type TableCell } from '../../document/blocks.js';
import { headerLines } from '../../document/header-width.js';
import { distributeWidths } from '../../document/widths.js';
import { BulletinError } from '../../errors.js';
import type { Flow, FlowBlock } from './flow.js';
import type { FaceName, Piece } from './fonts.js';
import { resolveGrid, type GridCell } from './grid.js';
import { atomize, minContentWidth, type Line } from './linebreak.js';
import {
  BLACK,
  HEADER_FILL,
  SPACING,
  STYLES,
  TABLE,
  TEXT_LEFT,
  TEXT_WIDTH,
  TOTAL_FILL,
  cellFace,
  type TextStyle,
} from './style.js';
import { drawBox, piecesOf, setText, type LineAlign, type TextBox } from './typeset.js';

interface Cell {
  readonly grid: GridCell;
  readonly header: boolean;
  readonly face: FaceName;
  readonly pieces: readonly Piece[];
  readonly align: LineAlign;
  readonly vertical: boolean;
  readonly fill: string | undefined;
  /** set once the column widths are known */
  box: TextBox;
  /** the text set horizontally, for a vertical cell whose segment on a page is too short */
  flat: TextBox | undefined;
}

const EMPTY_BOX: TextBox = {
  lines: [],
  size: 0,
  color: BLACK,
  lineHeight: 0,
  width: 0,
  indent: 0,
  align: 'left',
  height: 0,
};

const EPSILON = 0.01;

function sum(values: readonly number[], from = 0, to = values.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i] ?? 0;
  return s;
}

/** Boxes set in the same style and width, one under the other, as one box. */
function stackBoxes(boxes: readonly TextBox[]): TextBox {
  const lines = boxes.flatMap((b) => b.lines);
  const first = boxes[0]!;
  return { ...first, lines, height: lines.length * first.lineHeight };
}

/** one character per line, centered */
function verticalBox(pieces: readonly Piece[], style: TextStyle, size: number, width: number): TextBox {
  const atoms = atomize(pieces, 0).filter((a) => !a.space);
  const lines: Line[] = atoms.map((atom, i) => ({
    atoms: [atom],
    stretch: [false],
    width: atom.width,
    first: i === 0,
    last: i === atoms.length - 1,
  }));
  // vertical text is set tighter than horizontal lines
  const lineHeight = size * Math.max(1.15, style.leading - 0.1);
  return { lines, size, color: style.color, lineHeight, width, indent: 0, align: 'center', height: lines.length * lineHeight };
}

export class TableFlowBlock implements FlowBlock {
  readonly spaceBefore = SPACING.table.before;
  readonly spaceAfter = SPACING.table.after;
  readonly keepWithNext = false;
  readonly height: number;
  readonly leadHeight: number;
  private readonly table: TableBlock;
  private readonly title: TextBox;
  private readonly subtitle: TextBox | undefined;
  private readonly titleHeight: number;
  private readonly size: number;
  readonly columnWidths: readonly number[];
  private readonly columnX: readonly number[];
  private readonly headerCells: Cell[];
  private readonly bodyCells: Cell[];
  private readonly headerRows: readonly number[];
  private readonly bodyRows: readonly number[];

  constructor(table: TableBlock) {
    this.table = table;
    const columns = table.columns.length;
    const name = `table '${table.id}'`;
    if (columns === 0) throw new BulletinError('render', `${name} has no columns`);
    const header = resolveGrid(table.header, columns, `${name} header`);
    const body = resolveGrid(
      table.rows.map((r) => r.cells),
      columns,
      `${name} body`,
    );

    this.title = setText(table.title, STYLES.tableTitle, { width: TEXT_WIDTH, align: 'center' });
    this.subtitle = table.subtitle
      ? setText(table.subtitle, STYLES.tableSubtitle, { width: TEXT_WIDTH, align: 'center' })
      : undefined;
    this.titleHeight = this.title.height + (this.subtitle?.height ?? 0) + TABLE.titleGap;

    // the largest cell size at which every column's unbreakable text fits the text width
    let chosen: { size: number; widths: number[]; header: Cell[]; body: Cell[] } | undefined;
    let needed = 0;
    for (const size of TABLE.cellSizes) {
      const headerCells = header.cells.map((g) => this.cell(g, true, size));
      const bodyCells = body.cells.map((g) => this.cell(g, false, size));
      const minimums = this.minimumWidths([...headerCells, ...bodyCells], columns);
      needed = sum(minimums);
      if (needed <= TEXT_WIDTH + EPSILON) {
        const widths = distributeWidths(
          table.columns.map((c) => c.weight),
          minimums,
          TEXT_WIDTH,
        );
        chosen = { size, widths, header: headerCells, body: bodyCells };
        break;
      }
    }
    if (!chosen) {
      throw new BulletinError(
        'render',
        `${name} (${table.title}) does not fit the page: its numbers and words need ${needed.toFixed(0)} pt ` +
          `at ${TABLE.cellSizes[TABLE.cellSizes.length - 1]} pt, the text width is ${TEXT_WIDTH.toFixed(0)} pt`,
      );
    }
    this.size = chosen.size;
    this.columnWidths = chosen.widths;
    const xs: number[] = [];
    let x = TEXT_LEFT;
    for (const w of chosen.widths) {
      xs.push(x);
      x += w;
    }
    xs.push(x);
    this.columnX = xs;
    this.headerCells = chosen.header;
    this.bodyCells = chosen.body;
    for (const cell of [...this.headerCells, ...this.bodyCells]) this.setCell(cell);
    this.headerRows = this.rowHeights(this.headerCells, header.rows);
    this.bodyRows = this.rowHeights(this.bodyCells, body.rows);

    const headerHeight = sum(this.headerRows);
    this.height = this.titleHeight + headerHeight + sum(this.bodyRows);
    this.leadHeight = this.titleHeight + headerHeight + sum(this.bodyRows, 0, TABLE_FIRST_ROWS);
  }

  private cell(grid: GridCell, header: boolean, size: number): Cell {
    const data: TableCell = grid.cell;
    const total = !header && this.table.rows[grid.row]?.kind === 'total';
    const face = cellFace(header, total || data.bold === true);
    const column = this.table.columns[grid.col];
    let align: LineAlign;
    if (data.align) align = data.align;
    else if (header) align = 'center';
    else align = column?.numeric ? 'right' : (column?.align ?? 'left');
    const vertical = data.vertical === true;
    return {
      grid,
      header,
      face,
      pieces: piecesOf([{ text: data.text, face }], size),
      align: vertical ? 'center' : align,
      vertical,
      fill: header ? HEADER_FILL : total ? TOTAL_FILL : undefined,
      box: EMPTY_BOX,
      flat: undefined,
    };
  }

  /**
   * per column: the widest unbreakable text of its cells plus padding
   * (spanning cells widen the columns they span). Numbers are never broken;
   * in a text column or a header a very long token (a URL) is capped and
   * then broken between characters.
   */
  private minimumWidths(cells: readonly Cell[], columns: number): number[] {
    const mins = new Array<number>(columns).fill(2 * TABLE.paddingX);
    const need = (cell: Cell): number => {
      if (cell.vertical) return Math.max(0, ...cell.pieces.map((p) => p.width)) + 2 * TABLE.paddingX;
      const numeric = !cell.header && this.table.columns[cell.grid.col]?.numeric === true;
      const widest = minContentWidth(cell.pieces);
      return (numeric ? widest : Math.min(widest, TABLE.maxTextTokenShare * TEXT_WIDTH)) + 2 * TABLE.paddingX;
    };
    for (const cell of cells) {
      if (cell.grid.colSpan !== 1) continue;
      const c = cell.grid.col;
      mins[c] = Math.max(mins[c] ?? 0, need(cell));
    }
    for (const cell of cells) {
      const { col, colSpan } = cell.grid;
      if (colSpan === 1) continue;
      const have = sum(mins, col, col + colSpan);
      const want = need(cell);
      if (want > have) {
        for (let c = col; c < col + colSpan; c++) mins[c] = (mins[c] ?? 0) * (want / have);
      }
    }
    return mins;
  }

  private cellWidth(cell: Cell): number {
    const { col, colSpan } = cell.grid;
    return sum(this.columnWidths, col, col + colSpan);
  }

  private setCell(cell: Cell): void {
    const style = cell.header ? STYLES.tableHeader : STYLES.tableCell;
    const inner = Math.max(1, this.cellWidth(cell) - 2 * TABLE.paddingX);
    const runs = [{ text: cell.grid.cell.text, face: cell.face }];
    if (cell.vertical) {
      cell.box = verticalBox(cell.pieces, style, this.size, inner);
      cell.flat = setText(runs, style, { width: inner, align: 'center', size: this.size });
    } else {
      cell.box = setText(runs, style, { width: inner, align: cell.align, size: this.size });
      // a header too wide for its column goes on the lines chosen for it, broken between words
      // (数据 / 上传量), not filled to the edge (数据上传 / 量)
      const lines = cell.header && cell.box.lines.length > 1 ? headerLines(cell.grid.cell.text, inner / this.size) : undefined;
      if (lines) cell.box = stackBoxes(lines.map((text) => setText([{ text, face: cell.face }], style, { width: inner, align: cell.align, size: this.size })));
    }
  }

  private minRowHeight(): number {
    return this.size * STYLES.tableCell.leading + 2 * TABLE.paddingY;
  }

  private rowHeights(cells: readonly Cell[], rows: number): number[] {
    const heights = new Array<number>(rows).fill(this.minRowHeight());
    for (const cell of cells) {
      if (cell.grid.rowSpan !== 1) continue;
      const r = cell.grid.row;
      heights[r] = Math.max(heights[r] ?? 0, cell.box.height + 2 * TABLE.paddingY);
    }
    const spanning = cells.filter((c) => c.grid.rowSpan > 1).sort((a, b) => a.grid.rowSpan - b.grid.rowSpan);
    for (const cell of spanning) {
      const { row, rowSpan } = cell.grid;
      const have = sum(heights, row, row + rowSpan);
      const want = cell.box.height + 2 * TABLE.paddingY;
      if (want > have) {
        const extra = (want - have) / rowSpan;
        for (let r = row; r < row + rowSpan; r++) heights[r] = (heights[r] ?? 0) + extra;
      }
    }
    return heights;
  }

  place(flow: Flow): void {
    const n = this.bodyRows.length;
    const headerHeight = sum(this.headerRows);
    if (!flow.fresh && !flow.fits(this.leadHeight)) flow.newPage();
    flow.outline.add(2, this.table.title, flow.pageNumber, flow.y, this.table.id);
    drawBox(flow.ink, this.title, TEXT_LEFT, flow.y);
    let y = flow.y + this.title.height;
    if (this.subtitle) {
      drawBox(flow.ink, this.subtitle, TEXT_LEFT, y);
      y += this.subtitle.height;
    }
    y += TABLE.titleGap;
    flow.markUsed();

    let start = 0;
    for (;;) {
      this.drawRows(flow, this.headerCells, this.headerRows, 0, this.headerRows.length, y);
      y += headerHeight;
      let end = start;
      let used = 0;
      while (end < n && y + used + (this.bodyRows[end] ?? 0) <= flow.bottom + EPSILON) {
        used += this.bodyRows[end] ?? 0;
        end++;
      }
      if (end === start && n > 0) {
        // a row taller than the space left: on a page of its own at least it is drawn
        used = this.bodyRows[end] ?? 0;
        end++;
      }
      // the last row (合计) does not stand alone at the top of a page
      if (end === n - 1 && end - start >= 3) {
        end--;
        used -= this.bodyRows[end] ?? 0;
      }
      this.drawRows(flow, this.bodyCells, this.bodyRows, start, end, y);
      y += used;
      if (end >= n) break;
      flow.newPage();
      flow.markUsed();
      y = flow.y;
      start = end;
    }
    flow.y = y;
  }

  /** Draws the parts of `cells` that fall in rows [from, to), the row `from` starting at `top`. */
  private drawRows(flow: Flow, cells: readonly Cell[], heights: readonly number[], from: number, to: number, top: number): void {
    if (to <= from) return;
    const doc = flow.doc;
    const rowTop = (r: number): number => top + sum(heights, from, r);
    const segments: { cell: Cell; x: number; y: number; w: number; h: number }[] = [];
    for (const cell of cells) {
      const { row, rowSpan, col, colSpan } = cell.grid;
      if (row >= to || row + rowSpan <= from) continue;
      const a = Math.max(row, from);
      const b = Math.min(row + rowSpan, to);
      const x = this.columnX[col] ?? TEXT_LEFT;
      const w = (this.columnX[col + colSpan] ?? x) - x;
      const y = rowTop(a);
      segments.push({ cell, x, y, w, h: rowTop(b) - y });
    }
    // shading, then text, then the grid on top
    for (const fill of [HEADER_FILL, TOTAL_FILL]) {
      const shaded = segments.filter((s) => s.cell.fill === fill);
      if (shaded.length === 0) continue;
      for (const s of shaded) doc.rect(s.x, s.y, s.w, s.h);
      doc.fill(fill);
    }
    for (const s of segments) this.drawCellText(flow, s.cell, s.x, s.y, s.w, s.h);
    doc.save().lineWidth(TABLE.ruleWidth);
    for (const s of segments) doc.rect(s.x, s.y, s.w, s.h);
    doc.stroke(BLACK).restore();
  }

  private drawCellText(flow: Flow, cell: Cell, x: number, y: number, w: number, h: number): void {
    let box = cell.box;
    const room = h - 2 * TABLE.paddingY;
    if (cell.vertical && box.height > room + EPSILON && cell.flat && cell.flat.height < box.height) box = cell.flat;
    if (box.lines.length === 0) return;
    const inner = w - 2 * TABLE.paddingX;
    const top = y + TABLE.paddingY + Math.max(0, (room - box.height) / 2);
    if (box.height > room + EPSILON) {
      flow.doc.save().rect(x, y, w, h).clip();
      drawBox(flow.ink, { ...box, width: inner }, x + TABLE.paddingX, top);
      flow.doc.restore();
    } else {
      drawBox(flow.ink, { ...box, width: inner }, x + TABLE.paddingX, top);
    }
  }
}
