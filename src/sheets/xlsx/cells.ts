/**
 * Cell decoding: A1 references, Excel serial dates, number formats that mean
 * "date", shared-formula text, and the `<c>` element's parts → CellValue.
 */
import type { CellValue, MergeRange } from '../grid.js';
import { columnLetters, EMPTY } from '../grid.js';

/** Parses `B3` / `$B$3` / `b3`. Writes into `out` ([row, col], 0-based; -1 where absent). Returns false if malformed. */
export function parseCellRef(ref: string, out: [number, number]): boolean {
  return parseCellRefIn(ref, 0, ref.length, out);
}

/** parseCellRef on `s.slice(start, end)`, without slicing. */
export function parseCellRefIn(s: string, start: number, end: number, out: [number, number]): boolean {
  let i = start;
  if (s.charCodeAt(i) === 36) i++;
  let col = 0;
  const colStart = i;
  for (; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > 1e6) return false;
  }
  const hasCol = i > colStart;
  if (i < end && s.charCodeAt(i) === 36) i++;
  let row = 0;
  const rowStart = i;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    row = row * 10 + (c - 48);
    if (row > 1e9) return false;
  }
  const hasRow = i > rowStart;
  if (!hasCol && !hasRow) return false;
  out[0] = hasRow ? row - 1 : -1;
  out[1] = hasCol ? col - 1 : -1;
  return true;
}

/** A non-negative decimal integer written in `s.slice(start, end)`, or -1. */
export function intIn(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** Parses an `A1:C3` range (or a single cell) into a 0-based MergeRange. */
export function parseRange(ref: string): MergeRange | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i.exec(ref.trim());
  if (!m) return undefined;
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const top = Number(m[2]) - 1;
  const left = col(m[1]!);
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  const right = m[3] ? col(m[3]) : left;
  if (top < 0 || bottom < 0) return undefined;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** Built-in number formats that show a date or time (14–22, 45–47; 27–36 and 50–58 are the CJK-locale date formats). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isBuiltinDateFormat(id: number): boolean {
  return BUILTIN_DATE_FORMATS.has(id);
}

/** A custom format code shows a date/time if it has y, m, d, h or s outside quotes, brackets and escapes. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  return /[ymdhs]/i.test(bare);
}

const MS_PER_DAY = 86_400_000;
/** Serial 25569 is 1970-01-01 in the 1900 system. */
const UNIX_EPOCH_SERIAL_1900 = 25569;
/** The 1904 system counts from 1904-01-01: serial 0 there is serial 1462 in the 1900 system. */
const DATE1904_OFFSET = 1462;
/** The largest serial Excel shows as a date (9999-12-31). */
const MAX_DATE_SERIAL = 2_958_465;

/**
 * An Excel date serial as a UTC Date (wall-clock time, as Excel shows it).
 * The 1900 system counts the fictitious 1900-02-29 (serial 60), so serials
 * 1–59 are shifted by a day; time-only values (serial < 1) sit on 1899-12-30,
 * as exceljs and OLE dates have them. Returns undefined outside Excel's date range.
 */
export function serialToDate(serial: number, date1904: boolean): Date | undefined {
  let s = date1904 ? serial + DATE1904_OFFSET : serial;
  if (!(s >= 0) || s > MAX_DATE_SERIAL + DATE1904_OFFSET) return undefined;
  if (!date1904 && s >= 1 && s < 60) s += 1;
  return new Date(Math.round((s - UNIX_EPOCH_SERIAL_1900) * MS_PER_DAY));
}

/** `t="d"`: an ISO 8601 date/time; without a zone it is wall-clock time, kept as UTC like serial dates. */
export function isoToDate(text: string): Date | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$|^T?\d{2}:\d{2}/.test(t)) return undefined;
  let iso = t;
  if (/^T?\d{2}:\d{2}/.test(iso)) iso = `1899-12-31T${iso.replace(/^T/, '')}`;
  if (!/T/.test(iso)) iso += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const A1_IN_FORMULA = /(?<![A-Za-z0-9_.'!$])(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_(!])/g;

function lettersToCol(s: string): number {
  let n = 0;
  for (const ch of s.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/**
 * A shared formula's text as seen from another cell: relative A1 references
 * moved by the offset from the master cell (absolute `$` parts stay). Best
 * effort — only used to show the formula in messages.
 */
export function shiftFormula(formula: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return formula;
  // split off string literals so "A1" inside quotes is left alone
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(A1_IN_FORMULA, (m, cAbs: string, letters: string, rAbs: string, digits: string) => {
            const col = lettersToCol(letters) + (cAbs ? 0 : dCol);
            const row = Number(digits) - 1 + (rAbs ? 0 : dRow);
            if (col < 0 || row < 0 || letters.length > 3) return m;
            return `${cAbs}${columnLetters(col)}${rAbs}${row + 1}`;
          }),
    )
    .join('');
}

/** What a `<c>` element held, as the sheet scanner collected it. */
export interface RawCell {
  /** the `t` attribute ('' when absent) */
  type: string;
  /** the `<v>` text (decoded), or null when there was no `<v>` */
  v: string | null;
  /** the formula text (decoded), or null when there was no `<f>` */
  f: string | null;
  /** `<is>` text (runs joined, phonetic runs left out), or null */
  inline: string | null;
  /** whether the `s` style is a date format */
  dateStyle: boolean;
}

/** The shared strings, by index. */
export interface StringTable {
  readonly size: number;
  get(i: number): string;
}

export interface DecodeContext {
  sharedStrings: StringTable;
  date1904: boolean;
}

function textValue(s: string): CellValue {
  return s === '' ? EMPTY : { kind: 'text', value: s };
}

/** A cell's value; undefined for what no correct writer produces (a shared-string index out of range). */
export function decodeCell(c: RawCell, ctx: DecodeContext): CellValue | undefined {
  if (c.inline !== null) return textValue(c.inline);
  const v = c.v;
  if (v === null || (v === '' && c.f !== null && c.type !== 'str' && c.type !== 'inlineStr' && c.type !== 's')) {
    return c.f !== null ? { kind: 'formula-no-result', formula: c.f } : EMPTY;
  }
  switch (c.type) {
    case 's': {
      let i = intIn(v, 0, v.length);
      if (i < 0) i = v.trim() === '' ? -1 : Number(v.trim());
      if (!Number.isInteger(i) || i < 0 || i >= ctx.sharedStrings.size) return undefined;
      return textValue(ctx.sharedStrings.get(i));
    }
    case 'str':
    case 'inlineStr':
      return textValue(v);
    case 'b': {
      const t = v.trim();
      return { kind: 'bool', value: t === '1' || t.toLowerCase() === 'true' };
    }
    case 'e':
      return v === '' ? EMPTY : { kind: 'error', value: v.trim() };
    case 'd': {
      const d = isoToDate(v);
      return d ? { kind: 'date', value: d } : textValue(v);
    }
    default: {
      if (v === '') return EMPTY;
      const n = Number(v);
      if (!Number.isFinite(n) || (n === 0 && v.trim() === '')) return textValue(v);
      if (c.dateStyle) {
        const d = serialToDate(n, ctx.date1904);
        if (d) return { kind: 'date', value: d };
      }
      return { kind: 'number', value: n };
    }
  }
}
