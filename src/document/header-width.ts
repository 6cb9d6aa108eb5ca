/**
 * The width, in ems, a table header needs to read well. A short header
 * (序号, 投放台数, 基本信息) stays on one line: broken, it reads as two
 * words (序/号). A longer one may take two lines, broken where a reader
 * would: between Han characters or before a parenthesis, never inside a
 * Latin word or number, never before closing or after opening punctuation,
 * neither line a lone character (数据上传/量); of those breaks, the most
 * balanced one.
 */
import { textWidth } from './text-width.js';

/** up to this many characters a header stays on one line */
const ONE_LINE_CHARS = 4;

const NO_LINE_START = /[，。、；：？！）)」》’”%…·]/u;
const NO_LINE_END = /[（(「《‘“]/u;
const WORD = /[\p{L}\p{N}.]/u;
const HAN = /\p{Script=Han}/u;

function canBreak(before: string, after: string): boolean {
  if (NO_LINE_START.test(after) || NO_LINE_END.test(before)) return false;
  // inside a Latin word or a number (CDA, 2020)
  if (WORD.test(before) && WORD.test(after) && !HAN.test(before) && !HAN.test(after)) return false;
  return true;
}

export function headerWidth(text: string): number {
  const chars = [...text.trim()];
  const whole = textWidth(text.trim());
  if (chars.length <= ONE_LINE_CHARS) return whole;
  let best = whole;
  for (let i = 2; i <= chars.length - 2; i++) {
    if (!canBreak(chars[i - 1]!, chars[i]!)) continue;
    best = Math.min(best, Math.max(textWidth(chars.slice(0, i).join('')), textWidth(chars.slice(i).join(''))));
  }
  return best;
}
