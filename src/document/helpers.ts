/**
 * Handlebars helpers for Chinese number styles and lists. Each takes plain
 * values and returns text; none looks at the model directly.
 */
import type { HelperDelegate } from 'handlebars';
// the functions' own modules: date-fns's index and date-fns/locale load every function and locale (≈450 ms)
import { format } from 'date-fns/format';
import { zhCN } from 'date-fns/locale/zh-CN';
import { change } from '../model/change.js';
import { formatYuan } from '../model/money.js';
import type { Month } from '../month/month.js';

/** Exact decimal rounding of n / 10^k to `digits` places (half up), as text. */
export function scaled(n: number, power: number, digits: number): string {
  // integer arithmetic: n is a whole count, so n * 10^digits / 10^power is rounded once
  return fixedQuotient(BigInt(Math.round(n)) * 10n ** BigInt(digits), 10n ** BigInt(power), digits);
}

/**
 * num / den rounded half away from zero to a whole number, written with
 * `digits` decimals (num is already scaled by 10^digits): -125883 万 is
 * -12.6万, not the -12.5万 that BigInt's truncating division would give.
 */
function fixedQuotient(num: bigint, den: bigint, digits: number): string {
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const q = (a * 2n + b) / (2n * b);
  const s = q.toString().padStart(digits + 1, '0');
  const text = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return negative && q !== 0n ? `-${text}` : text;
}

/** 7640000000 → 76.4亿 (one decimal by default). */
export function yi(n: number, digits = 1): string {
  return `${scaled(n, 8, digits)}亿`;
}

/** 125883 → 12.6万 (one decimal by default). */
export function wan(n: number, digits = 1): string {
  return `${scaled(n, 4, digits)}万`;
}

/** [a, b, c] → a、b和c */
export function andList(items: readonly unknown[]): string {
  const s = items.map(String);
  if (s.length <= 1) return s.join('');
  return `${s.slice(0, -1).join('、')}和${s[s.length - 1]}`;
}

/** [a, b, c] → a、b、c */
export function joinList(items: readonly unknown[], sep = '、'): string {
  return items.map(String).join(sep);
}

const DIGITS = '〇一二三四五六七八九';

/** 3 → 三, 10 → 十, 12 → 十二, 25 → 二十五 (small whole numbers, as in 前三). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

const asNumber = (v: unknown, helper: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${helper} 需要一个数字，收到 ${JSON.stringify(v)}`);
  return v;
};
const digitsArg = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

/** 10 → 十月 (date-fns, zh-CN). */
export function monthName(m: Month): string {
  return format(new Date(m.year, m.month - 1, 1), 'LLLL', { locale: zhCN });
}

/** 91739 → 91,739 when grouping is on; plain digits otherwise (as printed). */
export function formatCount(n: number, grouping: boolean): string {
  return grouping ? n.toLocaleString('en-US') : String(n);
}

/** 27282568319 分 → 272825683.19 (or 272,825,683.19 when grouping). */
export function formatMoney(fen: number, grouping: boolean): string {
  const plain = formatYuan(fen);
  if (!grouping) return plain;
  const [int, dec] = plain.split('.');
  return `${Number(int).toLocaleString('en-US')}.${dec}`;
}

/** How the tables print figures, from the configuration. */
export interface NumberFormat {
  count(n: number): string;
  money(fen: number): string;
}

export function numberFormat(grouping: boolean): NumberFormat {
  return { count: (n) => formatCount(n, grouping), money: (f) => formatMoney(f, grouping) };
}

/** part / whole as a percentage, half up to `digits` decimals, from exact integer arithmetic: 62.7% */
export function percent(part: number, whole: number, digits = 1): string {
  if (whole === 0) return '—';
  return `${shareText(part, whole, digits)}%`;
}

function shareText(part: number, whole: number, digits: number): string {
  return fixedQuotient(BigInt(Math.round(part)) * 100n * 10n ** BigInt(digits), BigInt(Math.round(whole)), digits);
}

interface ChangeLike {
  text: string;
}
const isChange = (v: unknown): v is ChangeLike => typeof v === 'object' && v !== null && typeof (v as ChangeLike).text === 'string';

/** 较上月增长6.3%，较上年同月下降0.6% — or '' when neither month is known. */
export function versus(mom: unknown, yoy: unknown): string {
  return [isChange(mom) ? `较上月${mom.text}` : '', isChange(yoy) ? `较上年同月${yoy.text}` : ''].filter(Boolean).join('，');
}

export const HELPERS: Record<string, HelperDelegate> = {
  vs: (mom: unknown, yoy: unknown) => versus(mom, yoy),
  /** a figure, grouped (91,739) when the configuration's numbers.grouping is on */
  num: function (this: unknown, n: unknown, options: { data?: { root?: { numbers?: { grouping?: boolean } } } }) {
    return formatCount(asNumber(n, 'num'), Boolean(options?.data?.root?.numbers?.grouping));
  } as HelperDelegate,
  /** money in 分 as 元 with two decimals, grouped when configured */
  money: function (this: unknown, fen: unknown, options: { data?: { root?: { numbers?: { grouping?: boolean } } } }) {
    return formatMoney(asNumber(fen, 'money'), Boolean(options?.data?.root?.numbers?.grouping));
  } as HelperDelegate,
  /** a share as a percentage with one decimal, exact: {{pct part whole}} → 62.7% */
  pct: (part: unknown, whole: unknown) => percent(asNumber(part, 'pct'), asNumber(whole, 'pct')),
  /** the change between two figures: {{change current previous}} → 增长6.3% | 下降0.6% | 持平 */
  change: (current: unknown, previous: unknown) => change(asNumber(current, 'change'), asNumber(previous, 'change')).text,
  /** the name of a partial, for {{> (section this) @root}} */
  section: (name: unknown) => String(name),
  monthName: (year: unknown, month: unknown) => monthName({ year: asNumber(year, 'monthName'), month: asNumber(month, 'monthName') }),
  yi: (n: unknown, digits: unknown) => yi(asNumber(n, 'yi'), digitsArg(digits, 1)),
  wan: (n: unknown, digits: unknown) => wan(asNumber(n, 'wan'), digitsArg(digits, 1)),
  yuan: (fen: unknown) => formatYuan(asNumber(fen, 'yuan')),
  and: (items: unknown) => andList(Array.isArray(items) ? items : []),
  join: (items: unknown, sep: unknown) => joinList(Array.isArray(items) ? items : [], typeof sep === 'string' ? sep : '、'),
  cn: (n: unknown) => chineseNumeral(asNumber(n, 'cn')),
  len: (items: unknown) => (Array.isArray(items) ? items.length : 0),
};
