/**
 * Real Word tables from TableBlocks: a fixed grid scaled to the text width
 * (w:tblGrid and every cell's w:tcW agree, so Word and LibreOffice lay the
 * table out alike), repeated header rows, rows that never split, and spans.
 * The header, the first body rows and each short rowSpan group are kept with
 * the next row, so a table never starts alone at a page bottom and a merged
 * group label is not cut in two.
 *
 * TableBlock spans follow HTML: later rows omit the cells a rowSpan covers.
 * Word instead wants a cell at every grid position, the covered ones marked
 * vMerge="continue", so layoutRows() works out where each cell sits and
 * inserts those continuation cells itself. docx's own `rowSpan` option is not
 * used: it places continuation cells by counting cells, not grid columns, and
 * goes wrong when row and column spans mix (dolanmiu/docx #456, #514, #695).
 */
import { Paragraph } from 'docx';
import { TABLE_FIRST_ROWS, type Align, type TableBlock, type TableCell as BlockCell, type TableColumn } from '../../document/blocks.js';
import { BulletinError } from '../../errors.js';
import { headerLines, headerWidth } from '../../document/header-width.js';
import { textWidth } from '../../document/text-width.js';
import { distributeWidths, placeCells } from '../../document/widths.js';
import { DOCX_ALIGN } from './align.js';
import type { PageGeometry } from './page.js';
import { COLOR, STYLE, TABLE_TEXT_PT } from './styles.js';
import { cleanLine, runPieces, textRun } from './text.js';

/** A cell of the block, at its grid position. */
export interface PlacedCell {
  kind: 'cell';
  cell: BlockCell;
  /** first grid column */
  col: number;
  /** grid columns covered (gridSpan) */
  span: number;
  /** rows covered, clipped to the end of the cell's row group */
  rowSpan: number;
  /** index of the row (within its group) the cell starts in */
  row: number;
}

/** A grid position covered by a rowSpan from above: written as a vMerge="continue" cell. */
export interface ContinuationCell {
  kind: 'continue';
  col: number;
  span: number;
  origin: PlacedCell;
}

export type GridCell = PlacedCell | ContinuationCell;

/**
 * Places the cells of a row group (the header rows, or the body rows: as in
 * HTML, a rowSpan does not reach from one into the other) on a grid of
 * `columns` columns. Every row of the result covers the grid exactly: covered
 * positions get continuation cells, and short rows are padded with empty cells.
 * @throws BulletinError('render') for a row wider than the grid, a cell placed
 * over a position a rowSpan covers, or a span that is not a positive integer
 */
export function layoutRows(rows: readonly (readonly BlockCell[])[], columns: number, where: string): GridCell[][] {
  /** per grid column: the cell covering it from above, and the last row it covers */
  const covering: ({ origin: PlacedCell; lastRow: number } | undefined)[] = new Array(columns).fill(undefined);
  const result: GridCell[][] = [];

  rows.forEach((cells, r) => {
    const out: GridCell[] = [];
    let col = 0;
    const coveredAt = (c: number) => {
      const cover = covering[c];
      return cover !== undefined && cover.lastRow >= r ? cover : undefined;
    };
    const takeCovered = () => {
      for (let cover = coveredAt(col); col < columns && cover; cover = coveredAt(col)) {
        if (cover.origin.col !== col) {
          throw new BulletinError('render', `${where}, row ${r + 1}: cells overlap at column ${col + 1}`);
        }
        out.push({ kind: 'continue', col, span: cover.origin.span, origin: cover.origin });
        col += cover.origin.span;
      }
    };

    for (const cell of cells) {
      takeCovered();
      const span = spanOf(cell.colSpan, 'colSpan', where, r);
      const rowSpan = Math.min(spanOf(cell.rowSpan, 'rowSpan', where, r), rows.length - r);
      if (col + span > columns) {
        throw new BulletinError(
          'render',
          `${where}, row ${r + 1}: the cells take ${col + span} columns but the table has ${columns}`,
        );
      }
      for (let c = col; c < col + span; c++) {
        if (coveredAt(c)) {
          throw new BulletinError(
            'render',
            `${where}, row ${r + 1}: cell "${cleanLine(cell.text)}" overlaps a cell spanning rows from above at column ${c + 1}`,
          );
        }
      }
      const placed: PlacedCell = { kind: 'cell', cell, col, span, rowSpan, row: r };
      out.push(placed);
      if (rowSpan > 1) {
        for (let c = col; c < col + span; c++) covering[c] = { origin: placed, lastRow: r + rowSpan - 1 };
      }
      col += span;
    }

    // the rest of the row: continuation cells where covered, empty cells where the row is short
    for (takeCovered(); col < columns; takeCovered()) {
      out.push({ kind: 'cell', cell: { text: '' }, col, span: 1, rowSpan: 1, row: r });
      col += 1;
    }
    result.push(out);
  });
  return result;
}

function spanOf(value: number | undefined, what: string, where: string, row: number): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1) {
    throw new BulletinError('render', `${where}, row ${row + 1}: ${what} must be a positive whole number, got ${value}`);
  }
  return value;
}

/**
 * Column widths in twips from the columns' weights, summing to exactly
 * `total` (largest remainder rounding).
 * @throws BulletinError('render') for no columns or a weight that is not a positive number
 */
export function scaleColumnWidths(columns: readonly TableColumn[], total: number, where: string, minimums?: readonly number[]): number[] {
  if (columns.length === 0) throw new BulletinError('render', `${where} has no columns`);
  columns.forEach((column, i) => {
    if (!Number.isFinite(column.weight) || column.weight <= 0) {
      throw new BulletinError('render', `${where}: column ${i + 1} has weight ${column.weight}; weights must be positive`);
    }
  });
  const sum = columns.reduce((acc, column) => acc + column.weight, 0);
  const exact = minimums
    ? distributeWidths(
        columns.map((c) => c.weight),
        fitWithin(minimums, total),
        total,
      )
    : columns.map((column) => (column.weight / sum) * total);
  const widths = exact.map(Math.floor);
  let rest = total - widths.reduce((acc, w) => acc + w, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (rest <= 0) break;
    widths[i] = (widths[i] ?? 0) + 1;
    rest -= 1;
  }
  return widths;
}

/** Minimums that together exceed the total, scaled down to it. */
function fitWithin(minimums: readonly number[], total: number): number[] {
  const need = minimums.reduce((a, b) => a + b, 0);
  return need <= total ? [...minimums] : minimums.map((m) => (m * total) / need);
}

/**
 * Each column's minimum width in twips, as the PDF's layout has them (the
 * DOCX cannot measure its fonts, so widths are estimated in ems of the 9 pt
 * table text): numbers never wrap; a name of up to five characters (雨花台区,
 * 江北新区) stays on one line, a longer one may wrap; a header keeps its
 * words (./header-width) up to four characters a line.
 */
export function minimumColumnWidths(block: TableBlock): number[] {
  const mins = block.columns.map(() => 0);
  const ems = (e: number) => Math.ceil((e * TABLE_TEXT_PT + SIDE_MARGINS_TW / 20) * 20);
  const take = (rows: readonly (readonly BlockCell[])[], measure: (cell: BlockCell, col: number) => number) => {
    for (const { col, cell } of placeCells(rows.map((r) => [...r]))) {
      if ((cell.colSpan ?? 1) !== 1 || col >= mins.length) continue;
      mins[col] = Math.max(mins[col]!, ems(measure(cell, col)));
    }
  };
  take(block.header, (cell) => (cell.vertical ? 1 : Math.min(headerWidth(cell.text), MIN_HEADER_EMS)));
  take(
    block.rows.map((r) => r.cells),
    (cell, col) => (cell.vertical ? 1 : block.columns[col]?.numeric ? textWidth(cell.text) : Math.min(textWidth(cell.text), MIN_NAME_EMS)),
  );
  return mins;
}

type RowKind = 'header' | 'data' | 'total';

/**
 * A rowSpan group of the body up to this many rows is kept on one page (each
 * of its rows but the last kept with the next), so a merged label such as a
 * district is not cut in two; longer groups may break.
 */
const KEEP_GROUP_ROWS = 20;

/** a name up to this wide stays on one line (districts, short hospital names) */
const MIN_NAME_EMS = 5;
/** a header gets at least this much room a line (its words then break where headerLines says) */
const MIN_HEADER_EMS = 4;
/** The cell margins at the sides, twips (see the table's margins). */
const SIDE_MARGINS_TW = 2 * 72;

/**
 * A header that will not fit its column on one line, on the lines chosen for
 * it, broken between words (数据 / 上传量), rather than as Word would fill
 * them (数据上传 / 量).
 */
export function headerText(text: string, widthTw: number): string {
  const room = (widthTw - SIDE_MARGINS_TW) / 20 / TABLE_TEXT_PT;
  return headerLines(text, room)?.join('\n') ?? text;
}

/** Body rows to keep with the next row: the first TABLE_FIRST_ROWS together, and those inside a short rowSpan group. */
export function bodyRowsToKeep(body: readonly GridCell[][]): boolean[] {
  const keep = body.map((_, r) => r < TABLE_FIRST_ROWS - 1);
  body.forEach((cells) => {
    for (const cell of cells) {
      if (cell.kind === 'cell' && cell.rowSpan > 1 && cell.rowSpan <= KEEP_GROUP_ROWS) {
        for (let r = cell.row; r < cell.row + cell.rowSpan - 1; r++) keep[r] = true;
      }
    }
  });
  return keep;
}

/**
 * The table title (style TableTitle), the optional subtitle (TableSubtitle),
 * both kept with the next paragraph, and the table.
 */
export function renderTable(block: TableBlock, page: PageGeometry, pageBreakBefore: boolean): (Paragraph | TableXml)[] {
  const where = `table "${cleanLine(block.id)}"`;
  const widths = scaleColumnWidths(block.columns, page.textWidth, where, minimumColumnWidths(block));
  const columns = block.columns.length;
  if (block.header.length + block.rows.length === 0) {
    throw new BulletinError('render', `${where} has no rows`);
  }
  const header = layoutRows(block.header, columns, `${where} header`);
  const body = layoutRows(
    block.rows.map((row) => row.cells),
    columns,
    where,
  );
  const bodyKinds: RowKind[] = block.rows.map((row) => (row.kind === 'total' ? 'total' : 'data'));
  const totalRows = header.length + body.length;

  const keepBody = bodyRowsToKeep(body);

  const rows: string[] = [];
  const addRow = (cells: GridCell[], kind: RowKind, kindOf: (row: number) => RowKind) => {
    const index = rows.length;
    const keepNext = index < totalRows - 1 && (kind === 'header' || keepBody[index - header.length] === true);
    const cellXml = cells.map((cell) => gridCellXml(cell, kind, kindOf, block.columns, widths, keepNext)).join('');
    rows.push(`<w:tr><w:trPr><w:cantSplit/>${kind === 'header' ? '<w:tblHeader/>' : ''}</w:trPr>${cellXml}</w:tr>`);
  };
  header.forEach((cells) => addRow(cells, 'header', () => 'header'));
  body.forEach((cells, r) => addRow(cells, bodyKinds[r] ?? 'data', (row) => bodyKinds[row] ?? 'data'));

  const out: (Paragraph | TableXml)[] = [];
  const title = cleanLine(block.title);
  if (title !== '' || pageBreakBefore) {
    out.push(
      new Paragraph({
        style: STYLE.tableTitle,
        children: title === '' ? [] : [textRun(title)],
        ...(pageBreakBefore ? { pageBreakBefore: true } : {}),
      }),
    );
  }
  const subtitle = cleanLine(block.subtitle ?? '');
  if (subtitle !== '') {
    out.push(new Paragraph({ style: STYLE.tableSubtitle, children: [textRun(subtitle)] }));
  }
  out.push({ tableXml: tableStart(page.textWidth, widths) + rows.join('') + '</w:tbl>' });
  return out;
}

/** A table written as WordprocessingML (w:tbl): ../docx.ts puts it in the document's body. */
export interface TableXml {
  tableXml: string;
}

/**
 * Tables are written here as XML, not built as docx's objects and compiled:
 * they are most of the bulletin's body, and docx took ≈0.2 s of a cold build
 * to build and compile them (the thread that writes the DOCX is the one that
 * reads the data). The XML is what docx wrote for the same tables, element
 * for element and byte for byte (tests/render-docx.test.ts compares them).
 */
const THIN = '<w:{side} w:val="single" w:color="000000" w:sz="4" w:space="0"/>';
const BORDERS = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => THIN.replace('{side}', side)).join('')}</w:tblBorders>`;
// as the PDF's cells (2.5 pt above and below, 3.6 pt at the sides): text clear of the rules
const MARGINS = `<w:tblCellMar><w:top w:type="dxa" w:w="50"/><w:left w:type="dxa" w:w="${SIDE_MARGINS_TW / 2}"/><w:bottom w:type="dxa" w:w="50"/><w:right w:type="dxa" w:w="${SIDE_MARGINS_TW / 2}"/></w:tblCellMar>`;

function tableStart(width: number, widths: readonly number[]): string {
  const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  return `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${width}"/>${BORDERS}<w:tblLayout w:type="fixed"/>${MARGINS}</w:tblPr><w:tblGrid>${grid}</w:tblGrid>`;
}

/** XML text: markup characters escaped (as docx escapes text) */
const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
const xmlText = (text: string): string => text.replace(/[&"'<>]/g, (c) => ESCAPES[c]!);

/** a run: the pieces ./text.ts's textRun makes, as XML (tabs as w:tab, newlines as w:cr) */
function runXml(text: string, bold: boolean): string {
  const content = runPieces(text)
    .map((piece) => (piece === '\t' ? '<w:tab/>' : piece === '\n' ? '<w:cr/>' : `<w:t xml:space="preserve">${xmlText(piece)}</w:t>`))
    .join('');
  return `<w:r>${bold ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : ''}${content}</w:r>`;
}

function shadingXml(kind: RowKind): string {
  if (kind === 'header') return `<w:shd w:fill="${COLOR.headerFill}" w:color="auto" w:val="clear"/>`;
  if (kind === 'total') return `<w:shd w:fill="${COLOR.totalFill}" w:color="auto" w:val="clear"/>`;
  return '';
}

function gridCellXml(
  grid: GridCell,
  kind: RowKind,
  kindOf: (row: number) => RowKind,
  columns: readonly TableColumn[],
  widths: readonly number[],
  keepNext: boolean,
): string {
  const width = widths.slice(grid.col, grid.col + grid.span).reduce((a, b) => a + b, 0);
  const style = kind === 'header' ? STYLE.tableHeader : STYLE.tableText;
  const span = grid.span > 1 ? `<w:gridSpan w:val="${grid.span}"/>` : '';
  const tcPr = (merge: string, shading: string) =>
    `<w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${span}${merge}${shading}<w:vAlign w:val="center"/></w:tcPr>`;
  const keep = keepNext ? '<w:keepNext/>' : '';

  if (grid.kind === 'continue') {
    // drawn as part of the cell above: same shading and direction as that cell's row
    const shading = shadingXml(kindOf(grid.origin.row));
    return `<w:tc>${tcPr('<w:vMerge w:val="continue"/>', shading)}<w:p><w:pPr><w:pStyle w:val="${style}"/>${keep}</w:pPr></w:p></w:tc>`;
  }

  const { cell } = grid;
  const align: Align = cell.vertical
    ? 'center'
    : (cell.align ?? (kind === 'header' ? 'center' : (columns[grid.col]?.align ?? 'left')));
  const bold = cell.bold === true || kind === 'total';
  // Vertical text is stacked, one character a line, rather than set with w:textDirection: Word draws
  // tbRl upright but LibreOffice rotates it into an unreadable blob in a narrow column.
  const text = cell.vertical ? [...cleanLine(cell.text)].join('\n') : kind === 'header' ? headerText(cleanLine(cell.text), width) : cleanLine(cell.text);
  const merge = grid.rowSpan > 1 ? '<w:vMerge w:val="restart"/>' : '';
  const paragraph = `<w:p><w:pPr><w:pStyle w:val="${style}"/>${keep}<w:jc w:val="${DOCX_ALIGN[align]}"/></w:pPr>${text === '' ? '' : runXml(text, bold)}</w:p>`;
  return `<w:tc>${tcPr(merge, shadingXml(kind))}${paragraph}</w:tc>`;
}
