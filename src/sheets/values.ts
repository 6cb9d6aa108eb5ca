/**
 * Cell → typed value, with a reason when the cell does not hold what the
 * column needs. Counts are non-negative integers; money is integer 分 (fen) so
 * that sums are exact.
 */
import type { CellValue } from './grid.js';
import { cellText } from './grid.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string; found: string; code: string };

/** Words providers use for "no figure": empty, 未反馈, dashes, slash. */
const MISSING = new Set(['', '未反馈', '—', '-', '/', '－', '——', '–', '无']);

export function isMissing(v: CellValue): boolean {
  if (v.kind === 'empty') return true;
  if (v.kind === 'text') return MISSING.has(v.value.normalize('NFKC').replace(/\s+/g, ''));
  return false;
}

function describe(v: CellValue): string {
  switch (v.kind) {
    case 'empty':
      return '空单元格';
    case 'formula-no-result':
      return `公式 =${v.formula}（无计算结果）`;
    case 'error':
      return `错误值 ${v.value}`;
    case 'date':
      return `日期 ${cellText(v)}`;
    default:
      return `“${cellText(v)}”`;
  }
}

/** Number text as providers write it: `12,345`, `１２３４５`, ` 1 234 `, `1,234,567.89`. */
export function parseNumberText(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/[\s,，']/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  return Number(t);
}

function numberOf(v: CellValue): number | undefined {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'text') return parseNumberText(v.value);
  return undefined;
}

export function parseCount(v: CellValue): Parsed<number> {
  if (v.kind === 'formula-no-result') {
    return { ok: false, code: 'formula-no-result', expected: '有计算结果的公式（请在 Excel 中打开并保存）', found: describe(v) };
  }
  const n = numberOf(v);
  if (n === undefined) return { ok: false, code: 'not-a-number', expected: '非负整数', found: describe(v) };
  if (n < 0) return { ok: false, code: 'negative', expected: '非负整数', found: String(n) };
  if (!Number.isInteger(n)) return { ok: false, code: 'fraction', expected: '整数', found: String(n) };
  return { ok: true, value: n };
}

/** Money in 元 → integer 分. At most two decimals. */
export function parseMoney(v: CellValue): Parsed<number> {
  if (v.kind === 'formula-no-result') {
    return { ok: false, code: 'formula-no-result', expected: '有计算结果的公式（请在 Excel 中打开并保存）', found: describe(v) };
  }
  let fen: number | undefined;
  if (v.kind === 'text') {
    const t = v.value.normalize('NFKC').replace(/[\s,，'¥￥元]/g, '');
    const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
    if (m) {
      const decimals = m[2] ?? '';
      if (decimals.replace(/0+$/, '').length > 2) {
        return { ok: false, code: 'money-decimals', expected: '金额最多两位小数', found: describe(v) };
      }
      fen = Number(m[1]) * 100 + Number((decimals + '00').slice(0, 2));
    } else if (/^-/.test(t) && parseNumberText(t) !== undefined) {
      return { ok: false, code: 'negative', expected: '非负金额', found: describe(v) };
    }
  } else if (v.kind === 'number') {
    if (v.value < 0) return { ok: false, code: 'negative', expected: '非负金额', found: String(v.value) };
    const scaled = v.value * 100;
    const rounded = Math.round(scaled);
    // a binary float of a 2-decimal amount lies within a few ulps of a whole number of fen
    if (Math.abs(scaled - rounded) > 1e-3) {
      return { ok: false, code: 'money-decimals', expected: '金额最多两位小数', found: String(v.value) };
    }
    fen = rounded;
  }
  if (fen === undefined) return { ok: false, code: 'not-a-number', expected: '金额（元，最多两位小数）', found: describe(v) };
  return { ok: true, value: fen };
}

export function parseText(v: CellValue): Parsed<string> {
  if (v.kind === 'formula-no-result') {
    return { ok: false, code: 'formula-no-result', expected: '有计算结果的公式', found: describe(v) };
  }
  const t = cellText(v).trim();
  if (t === '') return { ok: false, code: 'missing', expected: '文字', found: '空单元格' };
  return { ok: true, value: t };
}

/** `52/129` or `未反馈/129`: declared tables over required tables. */
export interface Ratio {
  declared: number | null;
  required: number;
}

export function parseRatio(v: CellValue): Parsed<Ratio> {
  const t = cellText(v).normalize('NFKC').replace(/\s+/g, '');
  const m = /^([^/]+)\/(\d+)$/.exec(t);
  if (!m) return { ok: false, code: 'not-a-ratio', expected: '“已申明数/规定数”，如 52/129 或 未反馈/129', found: describe(v) };
  const required = Number(m[2]);
  const left = m[1]!;
  if (MISSING.has(left)) return { ok: true, value: { declared: null, required } };
  if (!/^\d+$/.test(left)) return { ok: false, code: 'not-a-ratio', expected: '“已申明数/规定数”，如 52/129 或 未反馈/129', found: describe(v) };
  return { ok: true, value: { declared: Number(left), required } };
}

export function describeCell(v: CellValue): string {
  return describe(v);
}
