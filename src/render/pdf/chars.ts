/**
 * What the renderer needs to know about single characters: which never reach
 * the PDF (control and format characters), how to name one in a message, and
 * the classes the Chinese line breaker works with (GB/T 15834 punctuation:
 * 避头尾, characters that may not start or may not end a line).
 */

/** Layout whitespace controls become a plain space; every other control or format character is dropped. */
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * The text as it is drawn: tabs and line breaks become a space, other control
 * characters (C0, C1) and invisible format characters (BOM, zero-width
 * space, soft hyphen, direction marks) are removed.
 */
export function cleanText(text: string): string {
  return text.replace(WHITESPACE_CONTROLS, ' ').replace(INVISIBLE, '');
}

/** `U+4E2D`, `U+1F600` */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** May not start a line: closing brackets and quotes, sentence and clause marks, %, ellipsis. */
const NO_LINE_START = new Set(
  [
    ...'，。、；：？！）］｝」』】〕〗〙〛》〉’”…‥％‰℃°′″·・ー～',
    ...',.;:?!)]}%',
    '\u00B7', // middle dot
    '\uFF0E', // fullwidth full stop
    '\uFF61', // halfwidth ideographic full stop
    '\uFF63', // halfwidth right corner bracket
    '\uFF64', // halfwidth ideographic comma
  ].map((c) => c.codePointAt(0) as number),
);

/** May not end a line: opening brackets and quotes, currency signs that precede a number. */
const NO_LINE_END = new Set(
  [...'（［｛「『【〔〖〘〚《〈‘“([{$￥¥＄', '\uFF62'].map((c) => c.codePointAt(0) as number),
);

/** Pairs that are never split: —— and …… */
const NO_SPLIT_PAIR = new Set([0x2014, 0x2026, 0x22ef, 0x2015, 0x2500]);

export function isNoLineStart(cp: number): boolean {
  return NO_LINE_START.has(cp);
}

export function isNoLineEnd(cp: number): boolean {
  return NO_LINE_END.has(cp);
}

export function isNoSplitPair(a: number, b: number): boolean {
  return a === b && NO_SPLIT_PAIR.has(a);
}

/** A breakable space: dropped at the end of a line. The ideographic space U+3000 is not one (it is a full-width character). */
export function isSpace(cp: number): boolean {
  return cp === 0x20 || cp === 0xa0;
}

const WORD_CHAR = /^[\p{Nd}\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u;
const DIGIT = /^\p{Nd}$/u;
const HAN = /^[\p{Script=Han}]$/u;

/** Letters and digits that join into an unbreakable word: 2020, 126078, www, ABC. */
export function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch);
}

export function isDigit(ch: string): boolean {
  return DIGIT.test(ch);
}

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/**
 * Characters that stay inside a word when a word character follows them:
 * 272825683.20, 12,345, www.nj12320.org, 2020-10, 10:30, a/b, x@y, it's.
 */
export function isWordInfix(ch: string): boolean {
  return ".,:/-_@#&+=~'’\u00B7".includes(ch);
}

/** A sign that belongs to the number after it: -3.5, +12%, ±0.2 */
export function isSign(ch: string): boolean {
  return ch === '-' || ch === '+' || ch === '\u2212' || ch === '\u00B1';
}
