/**
 * Text normalization for matching. Providers type headers and names by hand:
 * full-width digits and parentheses, stray spaces and line breaks are common.
 */

import { stripControlChars } from '../text/control.js';

const WHITESPACE = /[\s\u00a0\u3000\u200b\ufeff]+/gu;

/** For header matching: NFKC (full-width → half-width), no white space, lower case. */
export function headerKey(text: string): string {
  return text.normalize('NFKC').replace(WHITESPACE, '').toLowerCase();
}

/**
 * For institution, district and channel names: trimmed, inner white space
 * removed, parentheses unified to the full-width form the bulletin prints.
 * Full-width letters and digits become half-width.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(WHITESPACE, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

/** Strips characters that Word refuses (see text/control.ts): names read from a workbook are cleaned at once. */
export const stripControlCharacters = stripControlChars;

/** City names with or without 市 are the same city: 南京 = 南京市. */
export function cityKey(name: string): string {
  const n = normalizeName(name);
  return n.endsWith('市') ? n.slice(0, -1) : n;
}

/**
 * Words that mark a provider's reported total row. Asked of every cell of
 * every data row, so a text without 计 is turned away before it is
 * normalized: no character but 计 itself becomes 计 under NFKC (tests), so
 * such a text cannot be 合计 or 总计 (≈5,000 normalizations in a month).
 */
export function isTotalLabel(text: string): boolean {
  if (!text.includes('计')) return false;
  const k = headerKey(text);
  return k === '合计' || k === '总计' || /^(合计|总计)[:：]/.test(k);
}

/** `合计：125732` → 125732 (the figure after the colon), or undefined. */
export function totalFromLabel(text: string): string | undefined {
  const m = /^(?:合计|总计)[:：](.+)$/.exec(headerKey(text));
  return m?.[1];
}

/** Rows that start with （, (, 注 or 说明 are notes, not data. */
export function isNoteText(text: string): boolean {
  const t = text.trim();
  return /^[（(]/.test(t) || t.startsWith('注') || t.startsWith('说明');
}
