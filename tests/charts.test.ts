/**
 * Charts: what each chart's SVG says (labels and values from the model, in
 * order, top 10, nothing when the data is absent, the embedded font, the
 * same bytes every time), and how the renderers draw them: the PDF as
 * vector graphics whose text poppler extracts, through embedded subset
 * fonts only, with the chart and its caption on one page; the DOCX as a PNG
 * at print resolution with alt text and a caption paragraph; both
 * byte-identical when rendered again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_IDS, buildCharts, type ChartId, type ChartSpec } from '../src/charts/index.js';
import { ASCII_ADVANCES, textWidth } from '../src/charts/metrics.js';
import { normalizeSvg, svgTexts } from '../src/charts/svg.js';
import { fenToWanYuan, percent, wrapName } from '../src/charts/theme.js';
import type { Block, BulletinDocument, ChartBlock } from '../src/document/blocks.js';
import { BulletinError } from '../src/errors.js';
import { bookingsModel } from '../src/model/bookings.js';
import { channelsModel } from '../src/model/channels.js';
import { hotlineModel } from '../src/model/hotline.js';
import { kiosksModel } from '../src/model/kiosks.js';
import type { MonthReport } from '../src/model/report.js';
import { telemedicineModel } from '../src/model/telemedicine.js';
import { renderDocx } from '../src/render/docx.js';
import { renderPdf } from '../src/render/pdf.js';
import { chartNeedsSvgToPdf, useSvgShapes } from '../src/render/pdf/chart.js';
import type { BookingRow } from '../src/tables/bookings.js';
import type { KioskEntry } from '../src/tables/kiosks.js';
import type { ReadRow, SourceRow } from '../src/tables/read-table.js';
import type { TelemedicineRow } from '../src/tables/telemedicine.js';
import { DISTRICTS } from './helpers/config.js';
import { child, decodeEntities, descendants, elements, parseXml, styleOf, textOf, topParagraphs, unzip, type XmlElement } from './helpers/docx-xml.js';
import { hasPoppler, pdfFonts, pdfPages } from './helpers/pdf.js';

// ---------------------------------------------------------------------------
// A month built by hand, through the model functions

const source = (row: number): SourceRow => ({ file: 'f.xlsx', sheet: 'S', row, cells: new Map() });

const LONG_NAME = '中国人民解放军东部战区总医院秦淮医疗区';

/** 12 hospitals, given out of order: 小计 = the four channels' sum */
const HOSPITALS: [string, number, number, number, number][] = [
  ['南京市第一医院', 3559, 5012, 0, 318],
  ['南京鼓楼医院', 58566, 15179, 34981, 76236],
  ['江苏省人民医院', 503, 1832, 0, 41],
  ['南京市儿童医院', 14292, 4998, 110624, 2401],
  [LONG_NAME, 4000, 3000, 0, 1000],
  ['南京市中医院', 2112, 2891, 10237, 627],
  ['南京鼓楼医院江北国际医院', 3499, 2947, 793, 8259],
  ['东南大学附属中大医院', 4556, 2459, 0, 531],
  ['中国医学科学院皮肤病医院', 2197, 2493, 0, 124],
  ['南京市妇幼保健院', 2336, 1534, 0, 429],
  ['江苏省肿瘤医院', 917, 1895, 0, 1212],
  ['南京市第二医院', 1289, 1009, 0, 201],
];

const CHANNELS: [string, number][] = [
  ['我的南京客户端', 4122],
  ['健康南京客户端', 78888],
  ['就医160', 112],
  ['南京卫生12320微信平台', 20897],
  ['12320快速预约', 12666],
  ['电信百号', 2],
  ['江苏省预约挂号网', 6241],
  ['南京卫生12320网', 2804],
];

/** 医疗单位 with 缴费金额 in 分, and two districts that must not appear */
const KIOSKS: [string, number][] = [
  ['江苏省人民医院', 1215343831],
  ['江苏省中医院', 5131765028],
  ['南京市儿童医院', 1988210677],
  ['南京鼓楼医院', 2839418381],
  ['东部战区总医院', 0],
  ['南京市第一医院', 494671069],
  ['东南大学附属中大医院', 705332052],
  [LONG_NAME, 26131912],
  ['南京市妇幼保健院', 3815829046],
  ['南京市江宁医院', 423182699],
  ['南京脑科医院', 322816356],
  ['南京市中医院', 520337882],
  ['江苏省口腔医院', 1654300000],
];

function telemedicineRows(): ReadRow<TelemedicineRow>[] {
  const row = (platform: TelemedicineRow['platform'], name: string, uploads: number | null): ReadRow<TelemedicineRow> => ({
    record: {
      platform,
      name,
      city: null,
      district: null,
      category: '三级医院',
      uploads,
      consultations: 3,
      cumulativeConsultations: 10,
      images: null,
      specimens: null,
    },
    source: source(2),
  });
  return [
    row('远程会诊', '江苏省人民医院', null),
    row('远程心电', '江苏省人民医院', 100000),
    row('远程心电', '南京鼓楼医院', 26078),
    row('远程临检', '南京市第一医院', 834294),
    row('远程影像', '南京市中医院', 77960),
  ];
}

const NO_COMPARISONS: MonthReport['comparisons'] = { mom: null, yoy: null, bookingMoves: null };

function makeReport(): MonthReport {
  const bookingRows: ReadRow<BookingRow>[] = HOSPITALS.map(([name, online, phone, clinic, thirdParty], i) => ({
    record: { name, online, phone, clinic, thirdParty, subtotal: null },
    source: source(i + 3),
  }));
  const kioskRows: ReadRow<KioskEntry>[] = [
    ...KIOSKS.map(([name, payAmount], i) => ({
      record: { group: '医疗单位', name, machines: 10 + i, regCount: 1, regAmount: 100, payCount: 1, payAmount },
      source: source(i + 3),
    })),
    { record: { group: '各区', name: '江宁区', machines: 78, regCount: 1, regAmount: 1, payCount: 1, payAmount: 99999999999 }, source: source(40) },
    { record: { group: '各区', name: '六合区', machines: 38, regCount: 1, regAmount: 1, payCount: 1, payAmount: 88888888888 }, source: source(41) },
  ] as ReadRow<KioskEntry>[];
  return {
    month: { year: 2020, month: 10 },
    news: [],
    briefs: [],
    issues: [],
    comparisons: NO_COMPARISONS,
    bookings: { ...bookingsModel({ rows: bookingRows, reported: [] }).model, cumulative: null },
    channels: channelsModel({ rows: CHANNELS.map(([name, count]) => ({ name, count })), reported: [] }).model,
    hotline: hotlineModel({
      counts: { consult: 41513, complaint: 177, phoneBooking: 49593, crisis: 346, satisfaction: 105, selfService: 59 },
      source: { file: 'h.xlsx', sheet: 'S' },
    }).model,
    kiosks: kiosksModel({ rows: kioskRows, reported: [] }).model,
    telemedicine: telemedicineModel({ rows: telemedicineRows() } as Parameters<typeof telemedicineModel>[0], {
      city: '南京市',
      districts: DISTRICTS,
    }),
  };
}

// ---------------------------------------------------------------------------
// Reading an SVG back

interface SvgText {
  text: string;
  x: number;
  y: number;
  anchor: string | undefined;
}

function svgDocument(svg: string): XmlElement {
  const root = parseXml(svg);
  const top = elements(root);
  expect(top).toHaveLength(1);
  expect(top[0]!.name).toBe('svg');
  return top[0]!;
}

/** every <text> with its position (translate + x/y) */
function textsOf(svg: string): SvgText[] {
  return descendants(svgDocument(svg), 'text').map((t) => {
    const m = /translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)/.exec(t.attrs.transform ?? '');
    const text = t.children.filter((c): c is string => typeof c === 'string').join('');
    return {
      text,
      x: Number(m?.[1] ?? 0) + Number(t.attrs.x ?? 0),
      y: Number(m?.[2] ?? 0) + Number(t.attrs.y ?? 0),
      anchor: t.attrs['text-anchor'],
    };
  });
}

const ys = (texts: SvgText[], label: string): number => {
  const hit = texts.find((t) => t.text === label);
  if (!hit) throw new Error(`no text ${JSON.stringify(label)} in ${JSON.stringify(texts.map((t) => t.text))}`);
  return hit.y;
};

let report: MonthReport;
let charts: Map<ChartId, ChartSpec>;

beforeAll(() => {
  report = makeReport();
  charts = buildCharts(report);
});

function chart(id: ChartId): ChartSpec {
  const c = charts.get(id);
  if (!c) throw new Error(`no chart ${id}`);
  return c;
}

describe('buildCharts', () => {
  it('builds the five charts, in order, as standalone SVG documents of the printed size in the embedded font', () => {
    expect([...charts.keys()]).toEqual(CHART_IDS);
    expect(CHART_IDS).toEqual(['bookings-by-hospital', 'booking-channels', 'hotline-categories', 'kiosk-payments', 'telemedicine-uploads']);
    for (const c of charts.values()) {
      const root = svgDocument(c.svg);
      expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
      expect([Number(root.attrs.width), Number(root.attrs.height)]).toEqual([c.width, c.height]);
      expect(root.attrs.viewBox).toBe(`0 0 ${c.width} ${c.height}`);
      // about the text width of the page, 200–300 pt high
      expect(c.width).toBeGreaterThan(430);
      expect(c.width).toBeLessThanOrEqual(442.2);
      expect(c.height).toBeGreaterThanOrEqual(200);
      expect(c.height).toBeLessThanOrEqual(300);
      const texts = descendants(root, 'text');
      expect(texts.length).toBeGreaterThan(4);
      for (const t of texts) expect(t.attrs.style).toMatch(/font-family:\s*Noto Sans S Chinese/);
      // print only: no hover CSS, interaction data nor per-instance ids
      expect(c.svg).not.toMatch(/<style|class="|ecmeta_|pointer-events|zr\d+-/);
      // no title inside the chart, nothing truncated
      expect(svgTexts(c.svg).join('')).not.toContain(c.title);
      expect(svgTexts(c.svg).join('')).not.toMatch(/…|\.\.\./);
      expect(c.alt.length).toBeGreaterThan(c.title.length);
      expect(c.title).toMatch(/^2020年10月/);
    }
  });

  it('gives the same SVG bytes for the same report, and only the charts asked for', () => {
    const again = buildCharts(makeReport());
    for (const [id, c] of charts) expect(again.get(id)).toEqual(c);
    const some = buildCharts(report, { ids: ['kiosk-payments', 'booking-channels'] });
    expect([...some.keys()]).toEqual(['booking-channels', 'kiosk-payments']);
    expect(some.get('kiosk-payments')!.svg).toBe(chart('kiosk-payments').svg);
  });

  it('builds no chart whose data is absent', () => {
    const empty: MonthReport = { month: { year: 2020, month: 10 }, news: [], briefs: [], issues: [], comparisons: NO_COMPARISONS };
    expect(buildCharts(empty).size).toBe(0);
    const partial = { ...report, channels: undefined, kiosks: undefined };
    expect([...buildCharts(partial).keys()]).toEqual(['bookings-by-hospital', 'hotline-categories', 'telemedicine-uploads']);
    // present but empty or all zero
    const zero: MonthReport = {
      ...report,
      bookings: { rows: [], totals: { online: 0, phone: 0, clinic: 0, thirdParty: 0, subtotal: 0 }, cumulative: null },
      channels: { rows: [], total: 0 },
      hotline: { ...report.hotline!, categories: [] },
      kiosks: { ...report.kiosks!, groups: report.kiosks!.groups.filter((g) => g.group !== '医疗单位') },
      telemedicine: { platforms: { 远程会诊: report.telemedicine!.platforms.远程会诊! } },
    };
    expect(buildCharts(zero).size).toBe(0);
  });

  it('bookings: the ten largest by 小计, largest at the top, stacked by the four channels with a legend and 小计 at the bar ends', () => {
    const c = chart('bookings-by-hospital');
    expect(c.title).toBe('2020年10月各医院预约挂号量（前10名）');
    const texts = textsOf(c.svg);
    const all = texts.map((t) => t.text);
    for (const channel of ['12320在线预约', '电话预约', '诊间预约', '第三方']) expect(all).toContain(channel);
    expect(all).not.toContain('小计');
    const ranked = report.bookings!.rows;
    expect(ranked[0]).toMatchObject({ name: '南京鼓楼医院', subtotal: 184962 });
    expect(all).toContain('南京鼓楼医院');
    expect(all).toContain('184962');
    // every one of the top ten with its 小计; the 11th and 12th are left out
    for (const r of ranked.slice(0, 10)) expect(all).toContain(String(r.subtotal));
    for (const r of ranked.slice(10)) {
      expect(all.join('|')).not.toContain(r.name);
      expect(all).not.toContain(String(r.subtotal));
    }
    // the long name wraps onto two lines, whole
    expect(all).toContain('中国人民解放军东部战区');
    expect(all).toContain('总医院秦淮医疗区');
    // largest at the top: the names' baselines go down in rank order
    const label = (name: string) => (name === LONG_NAME ? '中国人民解放军东部战区' : name);
    const order = ranked.slice(0, 10).map((r) => ys(texts, label(r.name)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // and each 小计 on its hospital's row
    for (const r of ranked.slice(0, 10)) {
      if (r.name === LONG_NAME) continue;
      expect(Math.abs(ys(texts, String(r.subtotal)) - ys(texts, r.name))).toBeLessThan(2);
    }
    expect(c.alt).toContain('南京鼓楼医院184962次');
  });

  it('channels: a donut labelled `name 12.3%`, the five largest and the rest as 其他', () => {
    const c = chart('booking-channels');
    const total = report.channels!.total;
    expect(total).toBe(125732);
    const joined = svgTexts(c.svg).join('');
    for (const [name, count] of CHANNELS.slice().sort((a, b) => b[1] - a[1]).slice(0, 5)) {
      expect(joined).toContain(`${name}`.slice(-4));
      expect(joined).toContain(` ${percent(count, total)}%`);
    }
    expect(svgTexts(c.svg)).toContain(`健康南京客户端 ${percent(78888, total)}%`);
    expect(percent(78888, total)).toBe('62.7');
    const other = 2804 + 112 + 2;
    expect(svgTexts(c.svg)).toContain(`其他 ${percent(other, total)}%`);
    for (const small of ['南京卫生12320网', '就医160', '电信百号']) expect(joined).not.toContain(small);
    expect(descendants(svgDocument(c.svg), 'path').some((p) => p.attrs.fill === '#D40000')).toBe(true);
  });

  it('hotline: every category with its count, largest at the top', () => {
    const c = chart('hotline-categories');
    const texts = textsOf(c.svg);
    const cats = report.hotline!.categories;
    for (const cat of cats) expect(texts.map((t) => t.text)).toContain(String(cat.count));
    const sorted = [...cats].sort((a, b) => b.count - a.count);
    const order = sorted.map((cat) => ys(texts, String(cat.count)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(svgTexts(c.svg).join('')).toContain('咨询类（不含专家咨询）'.slice(0, 3));
    expect(svgTexts(c.svg)).toContain('单位：个');
  });

  it('kiosks: the ten hospitals with the largest 缴费金额, in 万元 with two decimals, districts left out', () => {
    const c = chart('kiosk-payments');
    const all = svgTexts(c.svg);
    expect(all).toContain('单位：万元');
    expect(all).toContain('江苏省中医院');
    expect(all).toContain('5131.77'); // 5131765028 分
    expect(all).toContain('1654.30');
    const paying = KIOSKS.filter(([, fen]) => fen > 0).sort((a, b) => b[1] - a[1]);
    for (const [, fen] of paying.slice(0, 10)) expect(all).toContain(fenToWanYuan(fen));
    for (const [name] of paying.slice(10)) expect(all.join('|')).not.toContain(name);
    expect(all.join('|')).not.toMatch(/江宁区|六合区|东部战区总医院\|/);
    const texts = textsOf(c.svg);
    const order = paying.slice(0, 10).map(([, fen]) => ys(texts, fenToWanYuan(fen)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('telemedicine: 本月上传量 of 远程心电, 远程临检 and 远程影像 with what they upload; 远程会诊 has none', () => {
    const c = chart('telemedicine-uploads');
    const all = svgTexts(c.svg);
    for (const label of ['远程心电', '（心电病例）', '远程临检', '（检验报告）', '远程影像', '（影像报告）', '126078', '834294', '77960']) {
      expect(all).toContain(label);
    }
    expect(all.join('')).not.toContain('会诊');
    const texts = textsOf(c.svg);
    const xs = ['远程心电', '远程临检', '远程影像'].map((l) => texts.find((t) => t.text === l)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('chart helpers', () => {
  it('measures text with the advance widths of the font the charts are printed in', () => {
    const require = createRequire(import.meta.url);
    const fontkit = require('fontkit') as { openSync(file: string): { glyphForCodePoint(cp: number): { advanceWidth: number } } };
    const file = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
    const font = fontkit.openSync(file);
    const actual = Array.from({ length: 0x7f - 0x20 }, (_, i) => font.glyphForCodePoint(0x20 + i).advanceWidth);
    expect(ASCII_ADVANCES).toEqual(actual);
    for (const ch of '南京医院（）：，') expect(font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth).toBe(1000);
    expect(textWidth('南京 12.3%', 10)).toBeCloseTo(20 + (224 + 555 * 3 + 278 + 921) / 100, 5);
  });

  it('wraps long names whole, never inside a number nor before closing punctuation', () => {
    expect(wrapName('南京市第一医院', 12)).toBe('南京市第一医院');
    expect(wrapName(LONG_NAME, 12)).toBe('中国人民解放军东部战区\n总医院秦淮医疗区');
    expect(wrapName('咨询类（不含专家咨询）', 8)).toBe('咨询类\n（不含专家咨询）');
    expect(wrapName('南京卫生12320微信平台', 9)).toBe('南京卫生12320\n微信平台');
    for (const line of wrapName('一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十）', 12).split('\n')) {
      expect(line.startsWith('）')).toBe(false);
      expect([...line].length).toBeLessThanOrEqual(13);
    }
  });

  it('converts 分 to 万元 and shares to percent exactly', () => {
    expect(fenToWanYuan(5131765028)).toBe('5131.77');
    expect(fenToWanYuan(26131912)).toBe('26.13');
    expect(fenToWanYuan(5000)).toBe('0.01');
    expect(fenToWanYuan(4999)).toBe('0.00');
    expect(percent(1, 3)).toBe('33.3');
    expect(percent(2, 3)).toBe('66.7');
    expect(percent(0, 5)).toBe('0.0');
  });

  it('normalizes the ids zrender numbers per instance', () => {
    const raw = '<svg><defs><clipPath id="zr7-c0"></clipPath></defs><path clip-path="url(#zr7-c0)" class="zr7-cls-1" ecmeta_series_index="0"/><style>.zr7-cls-1:hover{}</style></svg>';
    expect(normalizeSvg(raw, 'chart-x')).toBe('<svg><defs><clipPath id="chart-x-c0"></clipPath></defs><path clip-path="url(#chart-x-c0)"/></svg>');
  });
});

// ---------------------------------------------------------------------------
// Rendering

const META: BulletinDocument['meta'] = {
  title: '卫生信息 2020年第11期',
  author: '南京市卫生信息中心',
  subject: '2020年10月卫生信息统计',
  language: 'zh-CN',
  date: new Date('2020-11-30T00:00:00Z'),
};

function chartBlocks(): ChartBlock[] {
  return [...charts.values()].map((c, i) => ({
    type: 'chart',
    id: `chart-${c.id}`,
    caption: `图${i + 1} ${c.title}`,
    alt: c.alt,
    svg: c.svg,
    width: c.width,
    height: c.height,
  }));
}

const FILLER = '2020年10月，南京市卫生健康信息中心持续推进全民健康信息平台建设，各级医疗机构通过多种渠道提供预约挂号服务。';

/** body paragraphs of about `lines` lines of text */
const filler = (paragraphs: number): Block[] =>
  Array.from({ length: paragraphs }, () => ({ type: 'paragraph', style: 'body', runs: [{ text: FILLER.repeat(3) }] }) as Block);

function chartDocument(): BulletinDocument {
  const blocks: Block[] = [{ type: 'heading', level: 1, text: '统计数据', id: 'stats' }];
  chartBlocks().forEach((c, i) => {
    // text before each chart, so that charts come at different heights of the page
    blocks.push(...filler(i + 2), c);
  });
  return { meta: META, blocks };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bulletin-charts-'));
});
afterAll(() => {
  if (dir && !process.env.KEEP_CHART_OUTPUT) rmSync(dir, { recursive: true, force: true });
});

function save(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** the page's words with their boxes (points from the top left), as pdftotext -bbox reads them */
function pageWords(file: string, page: number): { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: decodeEntities(m[5]!),
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

/** A4 with 28 mm / 26 mm side margins and 30 mm top and bottom */
const MM = 72 / 25.4;
const TEXT_CENTER = 28 * MM + (595.28 - 54 * MM) / 2;
const PAGE_TEXT_BOTTOM = 841.89 - 30 * MM;

describe.skipIf(!hasPoppler())('charts in the PDF', () => {
  let file = '';
  let bytes: Buffer;

  beforeAll(async () => {
    bytes = await renderPdf(chartDocument());
    file = save('charts.pdf', bytes);
  });

  it('draws the charts as vector graphics whose text poppler extracts', () => {
    const pages = pdfPages(file);
    const text = pages.join('\n');
    for (const label of [
      '12320在线预约',
      '诊间预约',
      '南京鼓楼医院',
      '184962',
      '健康南京客户端 62.7%',
      '5131.77',
      '单位：万元',
      '（检验报告）',
      '834294',
      '中国人民解放军东部战区',
    ]) {
      expect(text).toContain(label);
    }
    // no image: the charts are drawn, not pasted
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length).toBe(2);
  });

  it('uses embedded subset fonts only (no standard-14 Helvetica)', () => {
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f).toMatchObject({ embedded: true, subset: true, unicode: true });
      expect(f.name).not.toMatch(/Helvetica|Times|Courier/);
    }
    expect(fonts.some((f) => f.name.includes('NotoSansHans-Regular'))).toBe(true);
  });

  it('keeps each chart with its caption on one page, the caption centered under the chart', () => {
    const pages = pdfPages(file);
    const blocks = chartBlocks();
    for (const b of blocks) {
      const onPages = pages.flatMap((p, i) => (p.includes(b.caption) ? [i] : []));
      expect(onPages, b.caption).toHaveLength(1);
      const page = onPages[0]! + 1;
      const labels = svgTexts(b.svg);
      for (const label of labels) expect(pages[page - 1], `${b.id}: ${label}`).toContain(label.trim());
      // positions: every label of the chart above the caption; the caption centered on the text column
      const words = pageWords(file, page);
      const long = words.find((w) => b.caption.includes(w.text) && w.text.length > 4);
      expect(long, b.caption).toBeDefined();
      const caption = words.filter((w) => Math.abs(w.yMin - long!.yMin) < 0.5 && b.caption.includes(w.text));
      expect(caption.map((w) => w.text).join(' ')).toBe(b.caption);
      const captionTop = Math.min(...caption.map((w) => w.yMin));
      const pieces = new Set(labels.flatMap((l) => l.split(/\s+/)).filter((w) => [...w].length >= 2));
      const chartWords = words.filter((w) => pieces.has(w.text));
      expect(chartWords.length).toBeGreaterThan(3);
      for (const w of chartWords) expect(w.yMax, `${b.id}: ${w.text}`).toBeLessThanOrEqual(captionTop);
      const left = Math.min(...caption.map((w) => w.xMin));
      const right = Math.max(...caption.map((w) => w.xMax));
      expect(Math.abs((left + right) / 2 - TEXT_CENTER)).toBeLessThan(1.5);
      // and the chart no higher than its own height above the caption
      const chartTop = Math.min(...chartWords.map((w) => w.yMin));
      expect(captionTop - chartTop).toBeLessThanOrEqual(b.height + 8);
    }
  });

  it('moves a chart that does not fit at the bottom of a page to the next page whole', async () => {
    const bookings = chartBlocks()[0]!;
    // text that leaves some room, but less than the chart needs, at the bottom of page 1
    const doc: BulletinDocument = { meta: META, blocks: [...filler(5), bookings, ...filler(1)] };
    const f = save('moved.pdf', await renderPdf(doc));
    const pages = pdfPages(f);
    expect(pages.length).toBe(2);
    const lastTextLine = Math.max(...pageWords(f, 1).filter((w) => w.text.length > 10).map((w) => w.yMax));
    expect(PAGE_TEXT_BOTTOM - lastTextLine).toBeGreaterThan(40);
    expect(PAGE_TEXT_BOTTOM - lastTextLine).toBeLessThan(bookings.height);
    for (const label of ['南京鼓楼医院', '12320在线预约', bookings.caption]) {
      expect(pages[0]).not.toContain(label);
      expect(pages[1]).toContain(label);
    }
  });

  it('is byte-identical when rendered again', async () => {
    const again = await renderPdf(chartDocument());
    expect(again.equals(bytes)).toBe(true);
  });

  it("draws the charts' shapes itself (render/pdf/svg-shapes.ts), as svg-to-pdfkit draws them", async () => {
    for (const block of chartBlocks()) expect([block.id, chartNeedsSvgToPdf(block)]).toEqual([block.id, false]);
    useSvgShapes(false);
    let bySvgToPdf: Buffer;
    try {
      bySvgToPdf = await renderPdf(chartDocument());
    } finally {
      useSvgShapes(true);
    }
    expect(bySvgToPdf.equals(bytes)).toBe(false);
    const pages = (pdf: Buffer, name: string) => {
      const f = save(`${name}.pdf`, pdf);
      execFileSync('pdftoppm', ['-r', '150', f, path.join(dir, name)]);
      return readdirSync(dir)
        .filter((p) => p.startsWith(`${name}-`) && p.endsWith('.ppm'))
        .sort()
        .map((p) => readFileSync(path.join(dir, p)));
    };
    const ours = pages(bytes, 'shapes');
    const theirs = pages(bySvgToPdf, 'svg-to-pdfkit');
    expect(ours.length).toBe(theirs.length);
    let inked = 0;
    for (let page = 0; page < ours.length; page++) {
      const a = ours[page]!;
      const b = theirs[page]!;
      expect(a.length).toBe(b.length);
      // the same pixels, but for anti-aliasing along the pie's arcs (their Béziers are pdfkit's, not svg-to-pdfkit's)
      let differ = 0;
      for (let i = 0; i < a.length; i++) {
        if (Math.abs(a[i]! - b[i]!) > 64) differ++;
        if (a[i]! < 128) inked++;
      }
      expect([page + 1, differ < 60]).toEqual([page + 1, true]);
    }
    expect(inked).toBeGreaterThan(100_000);
  });

  it('fails before drawing, naming the chart, when a chart label has a character no font has', async () => {
    const bad = makeReport();
    bad.bookings!.rows[0]!.name = '南京\uE000医院';
    const svg = buildCharts(bad, { ids: ['bookings-by-hospital'] }).get('bookings-by-hospital')!.svg;
    const block: ChartBlock = { ...chartBlocks()[0]!, svg };
    const err = await renderPdf({ meta: META, blocks: [block] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulletinError);
    expect((err as BulletinError).message).toContain("chart 'chart-bookings-by-hospital'");
    expect((err as BulletinError).message).toContain('U+E000');
  });
});

describe('a chart block without a usable size', () => {
  it.each([
    ['no width', { width: 0 }],
    ['a height that is not a number', { height: Number.NaN }],
  ])('is rejected alike by the PDF and the DOCX, naming the chart (%s)', async (_, size) => {
    const block: ChartBlock = { ...chartBlocks()[0]!, ...size };
    const message = `chart '${block.id}' has no usable size (${block.width} × ${block.height} pt)`;
    for (const render of [renderPdf, renderDocx]) {
      const err = await render({ meta: META, blocks: [block] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BulletinError);
      expect(err).toMatchObject({ code: 'render', message });
    }
  });
});

/** PNG size from its IHDR chunk */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('charts in the DOCX', () => {
  let bytes: Buffer;

  beforeAll(async () => {
    bytes = await renderDocx(chartDocument());
    save('charts.docx', bytes);
  });

  it('embeds each chart as a PNG at print resolution, inline at its printed size, with alt text and a caption after it', async () => {
    const u = await unzip(bytes);
    const media = u.names.filter((n) => /^word\/media\/.+\.png$/.test(n)).sort();
    expect(media).toHaveLength(5);
    const blocks = chartBlocks();
    const paragraphs = topParagraphs(u);
    const figures = paragraphs.filter((p) => descendants(p, 'w:drawing').length > 0);
    expect(figures).toHaveLength(5);
    const rels = u.raw['word/_rels/document.xml.rels']!;
    const ids = new Set<string>();
    for (const [i, b] of blocks.entries()) {
      const p = figures[i]!;
      expect(styleOf(p)).toBe('Figure');
      expect(descendants(p, 'wp:anchor')).toHaveLength(0);
      const inline = descendants(p, 'wp:inline')[0]!;
      const extent = child(inline, 'wp:extent')!;
      // printed size: EMU = pt × 12700
      expect(Number(extent.attrs.cx)).toBe(Math.round(b.width * 12700));
      expect(Number(extent.attrs.cy)).toBe(Math.round(b.height * 12700));
      const docPr = child(inline, 'wp:docPr')!;
      expect(docPr.attrs.descr).toBe(b.alt);
      expect(docPr.attrs.title).toBe(b.caption);
      ids.add(docPr.attrs.id!);
      // the image behind it: a PNG at ≥ 200 dpi for the printed width
      const embed = descendants(p, 'a:blip')[0]!.attrs['r:embed']!;
      const target = new RegExp(`Id="${embed}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${embed}"`).exec(rels);
      const name = `word/${target![1] ?? target![2]}`;
      const png = await u.zip.file(name)!.async('nodebuffer');
      expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      const size = pngSize(png);
      expect(size.width).toBeGreaterThanOrEqual((b.width * 200) / 72);
      expect(Math.abs(size.height / size.width - b.height / b.width)).toBeLessThan(0.01);
      // the caption paragraph follows the figure
      const next = paragraphs[paragraphs.indexOf(p) + 1]!;
      expect(styleOf(next)).toBe('Caption');
      expect(textOf(next)).toBe(b.caption);
    }
    expect(ids.size).toBe(5);
    // the styles: the figure kept with its caption, the caption centered
    const style = (id: string) => descendants(u.styles, 'w:style').find((s) => s.attrs['w:styleId'] === id)!;
    expect(descendants(style('Figure'), 'w:keepNext')).toHaveLength(1);
    expect(descendants(style('Caption'), 'w:jc')[0]!.attrs['w:val']).toBe('center');
    expect(descendants(style('Caption'), 'w:name')[0]!.attrs['w:val']).toBe('caption');
  });

  it('is byte-identical when rendered again (media named by content, drawing ids numbered per document)', async () => {
    const again = await renderDocx(chartDocument());
    expect(again.equals(bytes)).toBe(true);
  });
});
