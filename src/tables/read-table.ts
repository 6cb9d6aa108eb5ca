/**
 * Reads the rows under a detected header into typed records, collecting every
 * problem with its cell address. Reported total rows (合计/总计) are kept apart
 * to be cross-checked later; notes rows and blank rows are skipped.
 */
import '../zod-locale.js';
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

/** The figure of a total row's cell, or undefined when the cell holds none. */
function totalFigure(spec: ColumnSpec, v: CellValue): number | undefined {
  if (isMissing(v)) return undefined;
  const p = spec.type === 'money' ? parseMoney(v) : parseCount(v);
  return p.ok ? p.value : undefined;
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
    const totalCol = texts.findIndex((t) => isTotalLabel(t));
    if (totalCol >= 0) {
      totals.push(...readTotalRow(grid, match, r, totalCol));
      continue;
    }
    if (isNoteText(firstText) && texts.filter((t) => t !== '').length === 1) continue;

    for (const block of match.blocks) {
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
function readTotalRow(grid: SheetGrid, match: HeaderMatch, r: number, labelCol: number): ReportedTotal[] {
  const out: ReportedTotal[] = [];
  const labelText = cellText(cellAt(grid, r, labelCol));
  const inline = totalFromLabel(labelText);
  const numeric = (block: ColumnMap) =>
    match.kind.columns.filter((s) => (s.type === 'count' || s.type === 'money') && block.has(s.key));
  // a total row belongs to the whole table; with side-by-side blocks, read it through the first block
  const block = match.blocks[0]!;
  const source: SourceRow = { file: grid.file, sheet: grid.sheet, row: r, cells: new Map() };
  const values = new Map<string, number>();
  for (const spec of numeric(block)) {
    const h = block.get(spec.key)!;
    const v = totalFigure(spec, cellAt(grid, r, h.col));
    if (v !== undefined) {
      values.set(spec.key, v);
      source.cells.set(spec.key, { cell: a1(r, h.col), header: h.text });
    }
  }
  const cols = numeric(block);
  if (inline !== undefined && cols.length === 1) {
    const spec = cols[0]!;
    const n = spec.type === 'money' ? parseMoney({ kind: 'text', value: inline }) : parseCount({ kind: 'text', value: inline });
    if (n.ok || parseNumberText(inline) !== undefined) {
      values.set(spec.key, n.ok ? n.value : Number(parseNumberText(inline)));
      source.cells.set(spec.key, { cell: a1(r, labelCol), header: labelText });
    }
  }
  out.push({ source, values });
  return out;
}
