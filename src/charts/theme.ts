/**
 * The look every chart shares: a sober, print-friendly style like a
 * government statistics report. One restrained palette (the masthead red as
 * the accent, greys and blues otherwise), no titles inside the chart (the
 * numbered caption is printed under it), value labels on the bars, axis
 * labels at 9–10 pt, and the font the outputs embed.
 *
 * Sizes are SVG user units, printed 1:1 as points: the charts are as wide as
 * the text column of the A4 page (210 mm less the 28 mm and 26 mm margins).
 */
import type { EChartsOption } from 'echarts';
import { textWidth } from './metrics.js';

/** The typographic family of NotoSansHans-Regular.otf / -Bold.otf (@embedpdf/fonts-sc), what the PDF embeds and resvg loads. */
export const FONT_FAMILY = 'Noto Sans S Chinese';

/** the text width of the A4 page, in points */
export const CHART_WIDTH = 442;

export const COLORS = {
  /** the masthead red: the accent, one series or slice at most */
  accent: '#D40000',
  /** bars of single-series charts */
  bar: '#2E5C8A',
  /** further series and slices: blues, then greys */
  series: ['#1F3F66', '#5B87B5', '#A9C1DB', '#7F7F7F', '#BFBFBF', '#D9D9D9'],
  text: '#333333',
  axisText: '#404040',
  axisLine: '#808080',
  gridLine: '#E3E3E3',
} as const;

export const FONT_SIZE = {
  axis: 9.5,
  value: 9,
  legend: 9.5,
} as const;

/** print: no hover states, no pointer events */
export const STATIC = { silent: true, emphasis: { disabled: true } } as const;

/** what every option starts with */
export function baseOption(): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE.axis, color: COLORS.text },
  };
}

/** the value axis of a bar chart: light grid lines, no axis line, plain integers as the bulletin prints them */
export function valueAxis() {
  return {
    type: 'value' as const,
    axisLine: { show: false },
    axisTick: { show: false },
    splitLine: { lineStyle: { color: COLORS.gridLine, width: 0.6 } },
    axisLabel: {
      fontSize: FONT_SIZE.axis,
      color: COLORS.axisText,
      fontFamily: FONT_FAMILY,
      formatter: (value: number) => String(value),
    },
  };
}

/** 单位：万元, small, at the top right corner above the plot (a note, not a title) */
export function unitNote(unit: string) {
  return {
    text: `单位：${unit}`,
    right: 2,
    top: 1,
    padding: 0,
    textStyle: { fontSize: FONT_SIZE.value, fontWeight: 'normal' as const, color: COLORS.axisText, fontFamily: FONT_FAMILY },
    ...STATIC,
  };
}

/** the category axis of a bar chart: every label shown, none truncated (long ones are wrapped by the caller) */
export function categoryAxis(labels: string[], horizontal: boolean) {
  return {
    type: 'category' as const,
    data: labels,
    ...(horizontal ? { inverse: true } : {}),
    axisLine: { lineStyle: { color: COLORS.axisLine, width: 0.8 } },
    axisTick: { show: false },
    axisLabel: {
      interval: 0,
      fontSize: FONT_SIZE.axis,
      lineHeight: Math.round(FONT_SIZE.axis * 1.2 * 10) / 10,
      color: COLORS.text,
      fontFamily: FONT_FAMILY,
      ...(horizontal ? { margin: 6 } : { margin: 8 }),
    },
  };
}

/** a value label at the end of a bar */
export function valueLabel(position: 'right' | 'top', format: (index: number) => string) {
  return {
    show: true,
    position,
    distance: 4,
    fontSize: FONT_SIZE.value,
    color: COLORS.text,
    fontFamily: FONT_FAMILY,
    textBorderWidth: 0,
    formatter: (p: { dataIndex: number }) => format(p.dataIndex),
  };
}

/**
 * The left margin of a horizontal bar chart's plot: the widest category
 * label (line) plus the label margin, so that no name is cut.
 */
export function labelColumnWidth(labels: readonly string[], size: number = FONT_SIZE.axis): number {
  let widest = 0;
  for (const label of labels) for (const line of label.split('\n')) widest = Math.max(widest, textWidth(line, size));
  return Math.ceil(widest) + 8;
}

/** Wider than this share of the chart, a value label's text would crowd the plot: used to reserve a right margin. */
export function valueLabelWidth(texts: readonly string[], size: number = FONT_SIZE.value): number {
  let widest = 0;
  for (const t of texts) widest = Math.max(widest, textWidth(t, size));
  return Math.ceil(widest) + 6;
}

// ---------------------------------------------------------------------------
// wrapping names

const NO_LINE_START = new Set([...'，。、；：？！）」』】》％·…,.;:?!)%']);
const NO_LINE_END = new Set([...'（「『【《(']);

/** characters that end a part of an institution's name: a break after them keeps words whole */
const NAME_PART_END = new Set([...'院校学区市省县所站心局']);

const ALNUM = /^[0-9A-Za-z.]$/;

/** a line may break before chars[at]: not inside a number or Latin word, not before a closing mark, not after an opening one */
function allowedBreak(chars: readonly string[], at: number): boolean {
  const next = chars[at];
  const prev = chars[at - 1];
  if (next === undefined || prev === undefined) return false;
  if (ALNUM.test(next) && ALNUM.test(prev)) return false;
  return !NO_LINE_START.has(next) && !NO_LINE_END.has(prev);
}

/** the allowed break nearest `ideal` strictly between `from` and `to`, or `ideal` when there is none */
function nearestBreak(chars: readonly string[], ideal: number, from: number, to: number): number {
  for (let d = 0; d <= to - from; d++) {
    for (const at of d === 0 ? [ideal] : [ideal - d, ideal + d]) {
      if (at > from && at < to && allowedBreak(chars, at)) return at;
    }
  }
  return Math.min(to - 1, Math.max(from + 1, ideal));
}

/**
 * Breaks a name longer than `max` characters into lines of at most `max`:
 * a parenthesized tail on a line of its own (咨询类（不含专家咨询）→
 * 咨询类 / （不含专家咨询）), else after a part of the name such as 医院,
 * 大学 or 战区 nearest the middle (中国人民解放军东部战区 / 总医院秦淮医疗区),
 * else evenly; never a closing mark at the start of a line nor an opening
 * one at its end.
 */
export function wrapName(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const open = chars.indexOf('（');
  if (open > 0 && open <= max && chars.length - open <= max) {
    return `${chars.slice(0, open).join('')}\n${chars.slice(open).join('')}`;
  }
  if (chars.length <= 2 * max) {
    const middle = chars.length / 2;
    let best = -1;
    for (let at = chars.length - max; at <= max; at++) {
      if (at <= 0 || at >= chars.length) continue;
      if (!NAME_PART_END.has(chars[at - 1] as string) || !allowedBreak(chars, at)) continue;
      if (best < 0 || Math.abs(at - middle) < Math.abs(best - middle)) best = at;
    }
    if (best > 0) return `${chars.slice(0, best).join('')}\n${chars.slice(best).join('')}`;
  }
  const lines = Math.ceil(chars.length / max);
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < lines; i++) {
    const cut = nearestBreak(chars, start + Math.round((chars.length - start) / (lines - i + 1)), start, chars.length);
    out.push(chars.slice(start, cut).join(''));
    start = cut;
  }
  out.push(chars.slice(start).join(''));
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// figures

/** 2020年10月 */
export function monthLabel(month: { year: number; month: number }): string {
  return `${month.year}年${month.month}月`;
}

/** 分 → 万元 with two decimals, exactly (rounded half up on the integer 分) */
export function fenToWanYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const hundredths = Math.floor((Math.abs(fen) + 5000) / 10000);
  return `${sign}${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** a share in percent with one decimal, from integers (half up): 78888 of 125732 → 62.7 */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0.0';
  const tenths = Math.floor((part * 2000 + whole) / (2 * whole));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
