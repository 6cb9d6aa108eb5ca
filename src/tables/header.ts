/**
 * Finds the header row of a sheet and the table kind it belongs to, by
 * header names only (never by file or sheet name). A header may be one row,
 * or two rows where a group cell is merged over its sub-columns; the group's
 * columns are then read as `group/sub` (健康档案累计上传总量/高血压).
 */
import type { SheetGrid } from '../sheets/grid.js';
import { cellAt, cellText, columnCount, mergeRangeAt } from '../sheets/grid.js';
import { headerKey } from '../sheets/normalize.js';
import type { ColumnSpec, TableKind } from './kind.js';
import { allHeaders } from './kind.js';

/**
 * How far down a sheet a header row may sit (titles, unit lines and notes come
 * first). inputs.md sets no limit; 100 rows of preamble is far more than any
 * export has, and keeps detection on a 100,000-row log to its first rows.
 */
export const MAX_HEADER_ROW = 100;

export interface HeaderCell {
  col: number;
  /** the header as found, for messages (line breaks folded) */
  text: string;
}

/** One side-by-side block of columns: key → column. Most tables have one block. */
export type ColumnMap = Map<string, HeaderCell>;

export interface HeaderMatch {
  kind: TableKind;
  /** 0-based index of the first header row */
  headerRow: number;
  /** 1 or 2 */
  headerRows: number;
  /** first row after the header */
  dataRow: number;
  blocks: ColumnMap[];
  /** required columns not found, with the closest unmatched header text */
  missing: { spec: ColumnSpec; suggestion?: string }[];
  /** header texts that matched nothing (extra columns are allowed) */
  unmatched: HeaderCell[];
  score: number;
}

/**
 * A unit in parentheses at the end of a header that does not change the
 * figure's magnitude: `电话预约（次）` is `电话预约`. (万元 is not among them: a
 * column in 万元 must not be read as 元.)
 */
const PLAIN_UNIT = /\((?:次|人次|份|个|件|条|台|家|例|元)\)$/;

export function withoutUnit(key: string): string {
  return key.replace(PLAIN_UNIT, '');
}

function buildIndex(kind: TableKind): Map<string, ColumnSpec> {
  const m = new Map<string, ColumnSpec>();
  for (const col of kind.columns) for (const h of allHeaders(col)) m.set(headerKey(h), col);
  // headers as written with or without their unit, where that is unambiguous
  for (const col of kind.columns) {
    for (const h of allHeaders(col)) {
      const bare = withoutUnit(headerKey(h));
      if (!m.has(bare)) m.set(bare, col);
    }
  }
  return m;
}

const indexCache = new WeakMap<TableKind, Map<string, ColumnSpec>>();
function indexOf(kind: TableKind): Map<string, ColumnSpec> {
  let idx = indexCache.get(kind);
  if (!idx) {
    idx = buildIndex(kind);
    indexCache.set(kind, idx);
  }
  return idx;
}

/** A column's label in a candidate header, with the keys it is looked up by. */
interface Label {
  label: string;
  alts: string[];
  /** headerKey of the label and of each alternative, and each without its plain unit */
  keys: readonly string[];
}

/**
 * A text's keys (headerKey, and that without its plain unit), each text's
 * once in a detection: the rows searched for a header are mostly data, whose
 * texts repeat down a column (platforms, categories, districts).
 */
type KeyMemo = Map<string, readonly string[]>;

function keysOf(text: string, memo: KeyMemo): readonly string[] {
  let keys = memo.get(text);
  if (!keys) {
    const key = headerKey(text);
    keys = [key, withoutUnit(key)];
    memo.set(text, keys);
  }
  return keys;
}

/**
 * The labels of a candidate header: one per column, '' where the header is
 * blank. Computed once per candidate row and shared by every kind tried on it.
 */
function labelsOf(grid: SheetGrid, row: number, twoRows: boolean, n: number, memo: KeyMemo): Label[] {
  const out: Label[] = [];
  const push = (label: string, alts: string[]) => {
    const keys = !label ? [] : alts.length === 0 ? keysOf(label, memo) : [label, ...alts].flatMap((candidate) => keysOf(candidate, memo));
    out.push({ label, alts, keys });
  };
  for (let c = 0; c < n; c++) {
    const range = mergeRangeAt(grid, row, c);
    if (!twoRows) {
      push(singleRowLabel(grid, row, c), []);
      continue;
    }
    // in a two-row header, a horizontally merged group shows its text at every covered column
    const top = cellText(cellAt(grid, range && range.top === row ? range.top : row, range && range.top === row ? range.left : c)).trim();
    const spansDown = range !== undefined && range.bottom > row && range.left === range.right;
    const bottom = spansDown ? '' : cellText(cellAt(grid, row + 1, c)).trim();
    // the group may carry a unit of its own: 健康档案累计上传总量（份） over 高血压
    if (bottom && top) push(`${top}/${bottom}`, [`${withoutUnit(headerKey(top))}/${bottom}`, bottom, top]);
    else push(top || bottom, []);
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= n; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[n]!;
}

/** The unmatched header closest to what the column should be called, if reasonably close. */
function suggest(spec: ColumnSpec, unmatched: HeaderCell[]): string | undefined {
  let best: { text: string; dist: number } | undefined;
  for (const u of unmatched) {
    const k = headerKey(u.text);
    for (const h of allHeaders(spec)) {
      const hk = headerKey(h);
      const dist = k.includes(hk) || hk.includes(k) ? 1 : editDistance(k, hk);
      if (dist <= Math.max(2, Math.floor(hk.length / 2)) && (!best || dist < best.dist)) best = { text: u.text, dist };
    }
  }
  return best?.text;
}

function excludes(kind: TableKind, labels: readonly Label[]): boolean {
  if (!kind.excludedBy) return false;
  const marks = kind.excludedBy.map(headerKey);
  return labels.some((l) => l.keys.some((k) => marks.some((m) => k.startsWith(m))));
}

function matchKind(grid: SheetGrid, kind: TableKind, row: number, twoRows: boolean, labels: readonly Label[]): HeaderMatch | undefined {
  if (excludes(kind, labels)) return undefined;
  const idx = indexOf(kind);
  const blocks: ColumnMap[] = [new Map()];
  const unmatched: HeaderCell[] = [];
  const seenKeys = new Set<string>();
  for (let c = 0; c < labels.length; c++) {
    const { label, keys } = labels[c]!;
    if (!label) continue;
    let spec: ColumnSpec | undefined;
    for (const key of keys) {
      spec = idx.get(key);
      if (spec) break;
    }
    const text = label.replace(/\s+/g, ' ');
    if (!spec) {
      unmatched.push({ col: c, text });
      continue;
    }
    let block = blocks[blocks.length - 1]!;
    if (block.has(spec.key)) {
      // the same column again: a second side-by-side block (序号 名称 数量 序号 名称 数量)
      block = new Map();
      blocks.push(block);
    }
    block.set(spec.key, { col: c, text });
    seenKeys.add(spec.key);
  }
  const first = blocks[0]!;
  if (kind.groupKey) placeGroupColumn(grid, row, kind, first);
  const requiredFound = kind.columns.filter((s) => s.required && first.has(s.key)).length;
  if (requiredFound < 2) return undefined;
  const missing = kind.columns
    .filter((s) => s.required && !first.has(s.key))
    .map((spec) => ({ spec, suggestion: suggest(spec, unmatched) }));
  // more matched columns wins; a kind whose required columns are all there beats one missing some
  // (a two-row reading must add columns to win: on a tie the single row is the header)
  const score = seenKeys.size * 10 + requiredFound - missing.length * 100 - (twoRows ? 1 : 0);
  return {
    kind,
    headerRow: row,
    headerRows: twoRows ? 2 : 1,
    dataRow: row + (twoRows ? 2 : 1),
    blocks,
    missing,
    unmatched,
    score,
  };
}

/**
 * A name header merged over two or more columns (单位 over 医疗单位 | 江苏省人民医院,
 * as printed): the names stand in the last column, the group label in the first.
 */
function placeGroupColumn(grid: SheetGrid, row: number, kind: TableKind, block: ColumnMap): void {
  const name = block.get(kind.nameKey);
  if (!name || block.has(kind.groupKey!)) return;
  const range = mergeRangeAt(grid, row, name.col);
  if (!range || range.top !== row || range.right <= range.left) return;
  block.set(kind.groupKey!, { col: range.left, text: name.text });
  block.set(kind.nameKey, { col: range.right, text: name.text });
}

/** A column's label in a one-row header. */
function singleRowLabel(grid: SheetGrid, row: number, col: number): string {
  return cellText(cellAt(grid, row, col)).trim();
}

/**
 * How many columns of the row, read as a one-row header, have a label some
 * kind knows: labelsOf's test, without its labels. A number's cell is passed
 * over: it prints as digits, a sign, a point or an exponent, and no header is
 * only those (tests).
 */
function knownLabels(grid: SheetGrid, row: number, n: number, isKnown: (keys: readonly string[]) => boolean, memo: KeyMemo): number {
  let count = 0;
  for (let c = 0; c < n; c++) {
    if (cellAt(grid, row, c).kind === 'number') continue;
    const label = singleRowLabel(grid, row, c);
    if (label && isKnown(keysOf(label, memo))) count++;
  }
  return count;
}

/** Whether row+1 can be the second row of a header starting at row (a group cell merged over sub-columns). */
function hasGroupCell(grid: SheetGrid, row: number): boolean {
  return grid.merges.some((m) => m.top === row && m.bottom === row && m.right > m.left);
}

/** Every header key of the kinds, for a quick test of whether a row can be a header at all. */
const anyKindKeys = new WeakMap<readonly TableKind[], Set<string>>();
function keysOfAll(kinds: readonly TableKind[]): Set<string> {
  let keys = anyKindKeys.get(kinds);
  if (!keys) {
    keys = new Set(kinds.flatMap((k) => [...indexOf(k).keys()]));
    anyKindKeys.set(kinds, keys);
  }
  return keys;
}

/** The best (kind, header row) for a sheet, or undefined when no kind has two of its required columns. */
export function detectHeader(grid: SheetGrid, kinds: readonly TableKind[]): HeaderMatch | undefined {
  let best: HeaderMatch | undefined;
  const last = Math.min(grid.rows.length, MAX_HEADER_ROW);
  const n = columnCount(grid);
  const known = keysOfAll(kinds);
  /** a label some kind knows (by any of its keys) */
  const isKnown = (keys: readonly string[]) => keys.some((k) => known.has(k));
  const memo: KeyMemo = new Map();
  for (let r = 0; r < last; r++) {
    const shapes = hasGroupCell(grid, r) ? [false, true] : [false];
    for (const twoRows of shapes) {
      // a kind needs two of its required columns: a row with fewer known headers is no header (data
      // rows, titles), and is not tried against every kind (nor are its labels made)
      if (!twoRows && knownLabels(grid, r, n, isKnown, memo) < 2) continue;
      const labels = labelsOf(grid, r, twoRows, n, memo);
      if (twoRows && labels.filter((l) => isKnown(l.keys)).length < 2) continue;
      for (const kind of kinds) {
        const m = matchKind(grid, kind, r, twoRows, labels);
        if (m && (!best || m.score > best.score)) best = m;
      }
    }
  }
  return best;
}
