/**
 * Reads the rows under a detected header into typed records, collecting every
 * problem with its cell address. Reported total rows (合计/总计) are kept apart
 * to be cross-checked later; notes rows and blank rows are skipped.
 */
import '../zod-config.js';
import type { Issue } from '../issues.js';
import { issue } from '../issues.js';
import type { CellValue, SheetGrid } from '../sheets/grid.js';
import { a1, cellAt, cellText, isBlankRow, mergeMasters } from '../sheets/grid.js';
import { cityKey, isNoteText, isTotalLabel, normalizeName, stripControlCharacters, totalFromLabel } from '../sheets/normalize.js';
import type { Parsed } from '../sheets/values.js';
import { isMissing, parseCount, parseMoney, parseNumberText, parseRatio, parseText } from '../sheets/values.js';
import type { ColumnMap, HeaderMatch } from './header.js';
import type { ColumnSpec, TableKind } from './kind.js';

export interface ReadContext {
  /** normalized former name → current name (上海梅山医院 → 南京梅山医院) */
  aliases: ReadonlyMap<string, string>;
}

/** Where a record's fields came from, for messages about the record later. */
export interface SourceRow {
  file: string;
  sheet: string;
  /** 0-based sheet row */
  row: number;
  /** key → A1 address and header text */
  cells: Map<string, { cell: string; header: string }>;
}

export interface ReadRow<R> {
  record: R;
  source: SourceRow;
}

/** A provider's reported total row: key → figure (counts as integers, money in 分). */
export interface ReportedTotal {
  source: SourceRow;
  values: Map<string, number>;
}

export interface TableRead<R = Record<string, unknown>> {
  kind: TableKind<R>;
  grid: SheetGrid;
  match: HeaderMatch;
  rows: ReadRow<R>[];
  totals: ReportedTotal[];
  issues: Issue[];
}

function parseByType(spec: ColumnSpec, v: CellValue, ctx: ReadContext): Parsed<unknown> {
  switch (spec.type) {
    case 'count':
      return parseCount(v);
    case 'money':
      return parseMoney(v);
    case 'ratio':
      return parseRatio(v);
    case 'serial':
      return { ok: true, value: cellText(v).trim() };
    case 'text': {
      const t = parseText(v);
      return t.ok ? { ok: true, value: stripControlCharacters(t.value) } : t;
    }
    case 'name': {
      const t = parseText(v);
      if (!t.ok) return t;
      const name = normalizeName(stripControlCharacters(t.value));
      return { ok: true, value: ctx.aliases.get(name) ?? name };
    }
    case 'city': {
      const t = parseText(v);
      return t.ok ? { ok: true, value: `${cityKey(stripControlCharacters(t.value))}市` } : t;
    }
  }
}

/**
 * The figure of a total row's cell: undefined when the cell holds none, a
 * parse failure when it holds something that is no figure (约12.6万, #DIV/0!,
 * a formula with no cached result): the cross-check cannot be made and the
 * provider must know.
 */
function totalFigure(spec: ColumnSpec, v: CellValue): Parsed<number> | undefined {
  if (isMissing(v) && v.kind !== 'formula-no-result') return undefined;
  return spec.type === 'money' ? parseMoney(v) : parseCount(v);
}

/** Two subtotals of one row as one total: figures summed, cells where the first has none. */
function addTotals(a: ReportedTotal, b: ReportedTotal): ReportedTotal {
  const values = new Map(a.values);
  const cells = new Map(a.source.cells);
  for (const [key, v] of b.values) {
    values.set(key, (values.get(key) ?? 0) + v);
    if (!cells.has(key)) cells.set(key, b.source.cells.get(key)!);
  }
  return { source: { ...a.source, cells }, values };
}

/** The side-by-side block whose columns span `col`, if any. */
function blockAt(blocks: readonly ColumnMap[], col: number): number | undefined {
  const i = blocks.findIndex((b) => {
    const cols = [...b.values()].map((h) => h.col);
    return col >= Math.min(...cols) && col <= Math.max(...cols);
  });
  return i < 0 ? undefined : i;
}

export function readTable<R>(grid: SheetGrid, match: HeaderMatch, ctx: ReadContext): TableRead<R> {
  const kind = match.kind as unknown as TableKind<R>;
  const issues: Issue[] = [];
  const rows: ReadRow<R>[] = [];
  const totals: ReportedTotal[] = [];
  const masters = mergeMasters(grid);
  const where = (row: number, col: number, header?: string) => ({
    file: grid.file,
    sheet: grid.sheet,
    cell: a1(row, col),
    ...(header ? { column: header } : {}),
  });
  const seenNames = new Map<string, string>();

  /** a cell's value, following a merge to its master (a group label merged down a column) */
  const valueAt = (row: number, col: number): CellValue => {
    const v = cellAt(grid, row, col);
    if (v.kind !== 'empty') return v;
    const m = masters.get(`${row},${col}`);
    return m ? cellAt(grid, m.row, m.col) : v;
  };

  for (let r = match.dataRow; r < grid.rows.length; r++) {
    const row = grid.rows[r];
    if (isBlankRow(row)) continue;
    const texts = (row ?? []).map((c) => cellText(c).trim());
    const firstText = texts.find((t) => t !== '') ?? '';
    // A total label belongs to the block it stands in (合计 under the right-hand block of the channel
    // list, the left one still holding a channel); a label outside every block (a merged 合计：N cell)
    // to the whole table, read through the first block.
    const labels = texts.flatMap((t, col) => (isTotalLabel(t) ? [{ col, block: blockAt(match.blocks, col) }] : []));
    const totalIn = new Map<number, number>();
    for (const l of labels) if (!totalIn.has(l.block ?? 0)) totalIn.set(l.block ?? 0, l.col);
    // one 合计 under each block: the blocks' subtotals, which together are the table's
    const rowTotals = [...totalIn].map(([b, col]) => readTotalRow(grid, match, r, col, match.blocks[b]!, issues));
    if (rowTotals.length > 0) totals.push(rowTotals.reduce(addTotals));
    const wholeRowTotal = labels.some((l) => l.block === undefined);
    if (wholeRowTotal) continue;
    // rows that start with （, (, 注 or 说明 are notes, whatever else they hold (a units row, 注：… | 21771320)
    if (labels.length === 0 && isNoteText(firstText)) continue;

    for (const [b, block] of match.blocks.entries()) {
      if (totalIn.has(b)) continue;
      const blockCells = [...block.values()].map((h) => cellAt(grid, r, h.col));
      if (blockCells.every((c) => isMissing(c))) continue;
      const source: SourceRow = { file: grid.file, sheet: grid.sheet, row: r, cells: new Map() };
      const record: Record<string, unknown> = {};
      let rowOk = true;
      for (const spec of kind.columns) {
        const h = block.get(spec.key);
        if (!h) {
          if (!spec.required) record[spec.key] = null;
          continue;
        }
        source.cells.set(spec.key, { cell: a1(r, h.col), header: h.text });
        const v = spec.type === 'name' || spec.type === 'text' || spec.type === 'city' ? valueAt(r, h.col) : cellAt(grid, r, h.col);
        if (isMissing(v) && v.kind !== 'formula-no-result') {
          if (spec.allowMissing || spec.type === 'serial') {
            record[spec.key] = null;
            continue;
          }
          rowOk = false;
          issues.push(
            issue('error', 'missing-value', `“${h.text}”不能为空`, where(r, h.col, h.text), {
              expected: spec.type === 'money' ? '金额' : spec.type === 'count' ? '非负整数' : '文字',
              found: cellText(v) || '空单元格',
            }),
          );
          continue;
        }
        const p = parseByType(spec, v, ctx);
        if (!p.ok) {
          rowOk = false;
          issues.push(issue('error', p.code, `“${h.text}”的值无效`, where(r, h.col, h.text), { expected: p.expected, found: p.found }));
          continue;
        }
        record[spec.key] = p.value;
      }
      if (!rowOk) continue;
      const parsed = kind.schema.safeParse(record);
      if (!parsed.success) {
        for (const zi of parsed.error.issues) {
          const key = String(zi.path[0] ?? kind.nameKey);
          const h = block.get(key);
          issues.push(
            issue('error', 'invalid-value', zi.message, h ? where(r, h.col, h.text) : { file: grid.file, sheet: grid.sheet, cell: a1(r, 0) }, {
              found: h ? cellText(cellAt(grid, r, h.col)) : undefined,
            } as { found?: string }),
          );
        }
        continue;
      }
      const name = record[kind.nameKey];
      if (kind.uniqueNames && typeof name === 'string') {
        const first = seenNames.get(name);
        const h = block.get(kind.nameKey)!;
        if (first) {
          issues.push(
            issue('error', 'duplicate-name', `“${name}”在表中出现两次（另见 ${first}）`, where(r, h.col, h.text), {
              expected: '每个名称只出现一次',
              found: name,
            }),
          );
          continue;
        }
        seenNames.set(name, a1(r, h.col));
      }
      rows.push({ record: parsed.data, source });
    }
  }
  return { kind, grid, match, rows, totals, issues };
}

/**
 * A 合计 row: the figures under each numeric column; a `合计：125732` cell
 * gives the figure of the block's only numeric column.
 */
function readTotalRow(grid: SheetGrid, match: HeaderMatch, r: number, labelCol: number, block: ColumnMap, issues: Issue[]): ReportedTotal {
  const labelText = cellText(cellAt(grid, r, labelCol));
  const inline = totalFromLabel(labelText);
  const cols = match.kind.columns.filter((s) => (s.type === 'count' || s.type === 'money') && block.has(s.key));
  const source: SourceRow = { file: grid.file, sheet: grid.sheet, row: r, cells: new Map() };
  const values = new Map<string, number>();
  for (const spec of cols) {
    const h = block.get(spec.key)!;
    // the word 合计 may stand in any column, a figure's included
    if (h.col === labelCol) continue;
    const p = totalFigure(spec, cellAt(grid, r, h.col));
    if (p === undefined) continue;
    if (!p.ok) {
      issues.push(
        issue('error', p.code, `合计行“${h.text}”的值无效，无法与明细核对`, { file: grid.file, sheet: grid.sheet, cell: a1(r, h.col), column: h.text }, {
          expected: p.expected,
          found: p.found,
        }),
      );
      continue;
    }
    values.set(spec.key, p.value);
    source.cells.set(spec.key, { cell: a1(r, h.col), header: h.text });
  }
  if (inline !== undefined && cols.length === 1) {
    const spec = cols[0]!;
    const n = spec.type === 'money' ? parseMoney({ kind: 'text', value: inline }) : parseCount({ kind: 'text', value: inline });
    if (n.ok || parseNumberText(inline) !== undefined) {
      values.set(spec.key, n.ok ? n.value : Number(parseNumberText(inline)));
      source.cells.set(spec.key, { cell: a1(r, labelCol), header: labelText });
    }
  }
  return { source, values };
}
