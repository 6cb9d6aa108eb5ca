/**
 * The tables as docx built them before render/docx/tables.ts wrote their XML
 * itself: docx's Table, TableRow and TableCell with the same options. The
 * test compiles both into a document and compares the XML byte for byte.
 */
import {
  BorderStyle,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IBorderOptions,
} from 'docx';
import type { Align, TableBlock, TableColumn } from '../../src/document/blocks.js';
import { DOCX_ALIGN } from '../../src/render/docx/align.js';
import type { PageGeometry } from '../../src/render/docx/page.js';
import { COLOR, STYLE } from '../../src/render/docx/styles.js';
import { bodyRowsToKeep, headerText, layoutRows, minimumColumnWidths, scaleColumnWidths, type GridCell } from '../../src/render/docx/tables.js';
import { cleanLine, textRun } from '../../src/render/docx/text.js';

const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 0 };
type RowKind = 'header' | 'data' | 'total';

export function referenceTable(block: TableBlock, page: PageGeometry): Table {
  const widths = scaleColumnWidths(block.columns, page.textWidth, 'reference', minimumColumnWidths(block));
  const columns = block.columns.length;
  const header = layoutRows(block.header, columns, 'reference header');
  const body = layoutRows(
    block.rows.map((row) => row.cells),
    columns,
    'reference',
  );
  const bodyKinds: RowKind[] = block.rows.map((row) => (row.kind === 'total' ? 'total' : 'data'));
  const totalRows = header.length + body.length;
  const keepBody = bodyRowsToKeep(body);
  const rows: TableRow[] = [];
  const addRow = (cells: GridCell[], kind: RowKind, kindOf: (row: number) => RowKind) => {
    const index = rows.length;
    const keepNext = index < totalRows - 1 && (kind === 'header' || keepBody[index - header.length] === true);
    rows.push(
      new TableRow({
        children: cells.map((cell) => cellNode(cell, kind, kindOf, block.columns, widths)),
        cantSplit: true,
        ...(kind === 'header' ? { tableHeader: true } : {}),
        ...(keepNext ? { keepNext: true } : {}),
      }),
    );
  };
  header.forEach((cells) => addRow(cells, 'header', () => 'header'));
  body.forEach((cells, r) => addRow(cells, bodyKinds[r] ?? 'data', (row) => bodyKinds[row] ?? 'data'));
  return new Table({
    rows,
    width: { size: page.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
    margins: { top: 50, bottom: 50, left: 72, right: 72 },
  });
}

function shadingFor(kind: RowKind) {
  if (kind === 'header') return { shading: { fill: COLOR.headerFill, color: 'auto', type: ShadingType.CLEAR } };
  if (kind === 'total') return { shading: { fill: COLOR.totalFill, color: 'auto', type: ShadingType.CLEAR } };
  return {};
}

function cellNode(grid: GridCell, kind: RowKind, kindOf: (row: number) => RowKind, columns: readonly TableColumn[], widths: readonly number[]): TableCell {
  const width = { size: widths.slice(grid.col, grid.col + grid.span).reduce((a, b) => a + b, 0), type: WidthType.DXA };
  const style = kind === 'header' ? STYLE.tableHeader : STYLE.tableText;
  const common = { width, verticalAlign: VerticalAlignTable.CENTER, ...(grid.span > 1 ? { columnSpan: grid.span } : {}) };
  if (grid.kind === 'continue') {
    return new TableCell({ ...common, ...shadingFor(kindOf(grid.origin.row)), verticalMerge: VerticalMergeType.CONTINUE, children: [new Paragraph({ style })] });
  }
  const { cell } = grid;
  const align: Align = cell.vertical ? 'center' : (cell.align ?? (kind === 'header' ? 'center' : (columns[grid.col]?.align ?? 'left')));
  const bold = cell.bold === true || kind === 'total';
  const text = cell.vertical ? [...cleanLine(cell.text)].join('\n') : kind === 'header' ? headerText(cleanLine(cell.text), width.size) : cleanLine(cell.text);
  return new TableCell({
    ...common,
    ...shadingFor(kind),
    ...(grid.rowSpan > 1 ? { verticalMerge: VerticalMergeType.RESTART } : {}),
    children: [new Paragraph({ style, alignment: DOCX_ALIGN[align], children: text === '' ? [] : [textRun(text, { bold })] })],
  });
}
