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

/**
 * Words of the bulletin's headers that a break must not cut (no segmenter
 * needed for a vocabulary this small): 门急诊 / 信息, never 门急诊信 / 息.
 */
const WORDS = [
  '门急诊', '高血压', '糖尿病', '第三方', '数据', '上传', '信息', '人次', '天数', '金额', '累计', '总量', '健康', '档案',
  '出院', '预约', '在线', '电话', '排名', '上月', '规定', '申明', '接入', '单位', '投放', '台数', '挂号', '缴费', '接听',
  '基本', '文档', '诊间', '小计', '序号', '名称', '数量', '途径', '机构', '平台', '类别', '会诊', '图像', '标本', '流转',
];

/** Indexes a break may not stand before: inside one of WORDS. */
function insideWords(text: string): Set<number> {
  const chars = [...text];
  const out = new Set<number>();
  for (const w of WORDS) {
    const len = [...w].length;
    for (let i = 0; i + len <= chars.length; i++) {
      if (chars.slice(i, i + len).join('') === w) for (let k = i + 1; k < i + len; k++) out.add(k);
    }
  }
  return out;
}

function canBreak(before: string, after: string): boolean {
  if (NO_LINE_START.test(after) || NO_LINE_END.test(before)) return false;
  // inside a Latin word or a number (CDA, 2020)
  if (WORD.test(before) && WORD.test(after) && !HAN.test(before) && !HAN.test(after)) return false;
  return true;
}

/**
 * Where a reader would rather see the break, at up to one em of balance:
 * between a number or Latin word and Han text (12320 / 在线预约), before a
 * parenthesis (已上传表 / （CDA文档）), after a slash (申明上传表/ / 规定上传表).
 */
function preferred(before: string, after: string): boolean {
  return (WORD.test(before) && !HAN.test(before) && HAN.test(after)) || (HAN.test(before) && WORD.test(after) && !HAN.test(after)) || /[（(]/u.test(after) || before === '/';
}

/** The most balanced good break of a header: the index it breaks before and the wider line's width. */
function bestBreak(chars: readonly string[]): { at: number; width: number } | undefined {
  let best: { at: number; width: number; score: number } | undefined;
  const inside = insideWords(chars.join(''));
  for (let i = 2; i <= chars.length - 2; i++) {
    if (inside.has(i) || !canBreak(chars[i - 1]!, chars[i]!)) continue;
    const width = Math.max(textWidth(chars.slice(0, i).join('')), textWidth(chars.slice(i).join('')));
    const score = width - (preferred(chars[i - 1]!, chars[i]!) ? 1 : 0);
    if (!best || score < best.score) best = { at: i, width, score };
  }
  return best;
}

export function headerWidth(text: string): number {
  const chars = [...text.trim()];
  const whole = textWidth(text.trim());
  if (chars.length <= ONE_LINE_CHARS) return whole;
  return Math.min(whole, bestBreak(chars)?.width ?? whole);
}

/**
 * A header that does not fit `widthEms` on one line, on the fewest lines
 * that do fit, broken only where headerWidth may break, as evenly as
 * possible (数据 / 上传量; 门急诊 / 信息 / 上传人次 in a narrower column).
 * Left to a renderer's own line breaking it would fill each line to the edge
 * and leave fragments (数据上传 / 量, 12320在 / 线预约). Undefined when the
 * header fits, or when no such lines exist (the renderer then wraps it).
 */
export function headerLines(text: string, widthEms: number): string[] | undefined {
  const t = text.trim();
  const chars = [...t];
  if (textWidth(t) <= widthEms || chars.length <= ONE_LINE_CHARS - 2 || t.includes('\n')) return undefined;
  const inside = insideWords(t);
  const breaks: number[] = [];
  for (let i = 2; i <= chars.length - 2; i++) if (!inside.has(i) && canBreak(chars[i - 1]!, chars[i]!)) breaks.push(i);
  const width = (from: number, to: number) => textWidth(chars.slice(from, to).join(''));
  // the fewest lines, then the narrowest widest line, then the most preferred breaks
  let best = undefined as { cuts: number[]; score: number } | undefined;
  for (let lines = 2; lines <= 4 && !best; lines++) {
    const visit = (from: number, cuts: number[]) => {
      if (cuts.length === lines - 1) {
        if (chars.length - from < 2) return;
        const ends = [...cuts, chars.length];
        const starts = [0, ...cuts];
        const widest = Math.max(...ends.map((e, k) => width(starts[k]!, e)));
        if (widest > widthEms) return;
        const score = widest - cuts.filter((c) => preferred(chars[c - 1]!, chars[c]!)).length;
        if (!best || score < best.score) best = { cuts: [...cuts], score };
        return;
      }
      for (const b of breaks) if (b - from >= 2) visit(b, [...cuts, b]);
    };
    visit(0, []);
  }
  if (!best) return undefined;
  const starts = [0, ...best.cuts];
  return [...best.cuts, chars.length].map((e, k) => chars.slice(starts[k]!, e).join(''));
}
