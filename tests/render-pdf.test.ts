/**
 * The PDF renderer, judged by what poppler reads out of the PDF: text,
 * fonts, page size, page numbers, line breaking, tables across pages, the
 * outline, byte-identical rebuilds, and the error for a character no font has.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, BulletinDocument, TableBlock, TableRow } from '../src/document/blocks.js';
import { BulletinError } from '../src/errors.js';
import { renderPdf } from '../src/render/pdf.js';
import { codePointsByFace } from '../src/render/pdf/coverage.js';
import type { GlyphRef, Piece } from '../src/render/pdf/fonts.js';
import { resolveGrid } from '../src/render/pdf/grid.js';
import { breakLines, minContentWidth } from '../src/render/pdf/linebreak.js';
import { distributeWidths } from '../src/document/widths.js';

const POPPLER = '/usr/bin';
const DRAFT = '征求意见稿';
const TABLE_ROWS = 120;

const NEWS =
  '2020年10月，南京市卫生健康信息中心持续推进全民健康信息平台建设，全市各级医疗机构通过12320卫生热线、' +
  '健康南京APP和微信公众号等渠道累计提供预约挂号服务126078人次，同比增长12.5%，其中通过自助机完成预约的占比达到37.2%。' +
  '平台全年累计采集诊疗数据272825683.20条，覆盖全市（含江北新区）所有二级以上公立医院。' +
  '市民可登录www.nj12320.org查询“预约挂号”“检验报告”等服务。';

/** A kiosk table: two-row header with spans, a vertical group column spanning most rows, a total row. */
function kioskTable(rows: number): TableBlock {
  const body: TableRow[] = [];
  for (let i = 0; i < rows - 1; i++) {
    const cells: TableRow['cells'] = [];
    if (i === 0) cells.push({ text: '医疗单位', rowSpan: rows - 3, vertical: true });
    if (i === rows - 3) cells.push({ text: '社区', rowSpan: 2, vertical: true });
    const name = i % 7 === 3 ? `南京医科大学第二附属医院（江北院区）第${i + 1}号自助机` : `南京市第${i + 1}医院`;
    cells.push(
      { text: name },
      { text: String(1000 + i * 37) },
      { text: String(20000 + i * 311) },
      { text: (123456.78 + i * 1000.5).toFixed(2) },
      { text: `${(i % 100) / 10}%` },
    );
    body.push({ kind: 'data', cells });
  }
  body.push({
    kind: 'total',
    cells: [
      { text: '合计', colSpan: 2, align: 'center' },
      { text: '126078' },
      { text: '3521447' },
      { text: '272825683.20' },
      { text: '100.00%' },
    ],
  });
  return {
    type: 'table',
    id: 'stats-kiosk',
    title: `2020年10月自助机使用情况（共${rows}台）`,
    subtitle: '（不包含12320电话预约、微信预约）',
    columns: [
      { align: 'center', weight: 1 },
      { align: 'left', weight: 5 },
      { align: 'right', weight: 2, numeric: true },
      { align: 'right', weight: 2, numeric: true },
      { align: 'right', weight: 2.5, numeric: true },
      { align: 'right', weight: 1.5, numeric: true },
    ],
    header: [
      [
        { text: '类别', rowSpan: 2 },
        { text: '单位名称', rowSpan: 2 },
        { text: '使用量', colSpan: 2 },
        { text: '金额（元）', rowSpan: 2 },
        { text: '占比', rowSpan: 2 },
      ],
      [{ text: '挂号（人次）' }, { text: '缴费（笔）' }],
    ],
    rows: body,
  };
}

function meta(overrides: Partial<BulletinDocument['meta']> = {}): BulletinDocument['meta'] {
  return {
    title: '卫生信息 2020年第11期',
    author: '南京市卫生信息中心',
    subject: '2020年10月卫生信息统计',
    language: 'zh-CN',
    date: new Date('2020-11-30T00:00:00Z'),
    ...overrides,
  };
}

function issue(): BulletinDocument {
  return {
    meta: meta({ draftMark: DRAFT }),
    blocks: [
      {
        type: 'masthead',
        title: '卫生信息',
        issueLine: '2020年第11期',
        publisher: '南京市卫生信息中心',
        date: '2020年11月30日',
      },
      { type: 'heading', level: 1, text: '新闻', id: 'news' },
      {
        type: 'heading',
        level: 2,
        text: '市卫生信息中心召开全民健康信息平台建设推进会暨2020年第四季度工作部署会议',
        id: 'news-1',
      },
      { type: 'paragraph', style: 'body', runs: [{ text: NEWS }] },
      {
        type: 'paragraph',
        style: 'body',
        runs: [{ text: '会议强调，' }, { text: '要以数据治理为抓手', bold: true }, { text: `，进一步提升平台数据质量。${NEWS}` }],
      },
      { type: 'paragraph', style: 'note', runs: [{ text: '（截止10月底，总预约挂号量为21771320次）' }] },
      { type: 'heading', level: 1, text: '统计数据', id: 'stats' },
      { type: 'heading', level: 2, text: '一、自助机使用情况', id: 'stats-kiosk-section' },
      kioskTable(TABLE_ROWS),
      { type: 'paragraph', style: 'lead', runs: [{ text: '数据来源：南京市卫生信息中心' }] },
      { type: 'heading', level: 1, text: '简讯', id: 'briefs' },
      { type: 'paragraph', style: 'body', runs: [{ text: NEWS + NEWS }] },
      {
        type: 'contact',
        organization: '南京市卫生信息中心',
        lines: [
          { label: '地址', value: '南京市紫竹林3号' },
          { label: '电话', value: '025-83626620' },
          { label: '网址', value: 'www.nj12320.org' },
        ],
        channels: ['健康南京APP', '南京卫生12320微信', '12320卫生热线'],
      },
    ],
  };
}

const HAN = '卫生健康信息中心持续推进全民平台建设各级医疗机构通过热线渠道累计提供预约挂号服务同比增长其中自助机完成占比达到';

function han(n: number, offset = 0): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HAN[(i + offset) % HAN.length];
  return s;
}

/**
 * Body paragraphs that a naive line breaker would break badly: the first
 * line holds 34 characters (36 less the two-character indent) and the later
 * ones 36, so each paragraph puts a closing mark, an opening mark or a
 * number at every position around a line end.
 */
function provocations(): { doc: BulletinDocument; numbers: number; years: number } {
  const blocks: Block[] = [];
  let numbers = 0;
  let years = 0;
  for (let k = 28; k <= 36; k++) {
    blocks.push({ type: 'paragraph', style: 'body', runs: [{ text: `${han(k, k)}，${han(30)}。${han(35, k)}、${han(20)}` }] });
    blocks.push({ type: 'paragraph', style: 'body', runs: [{ text: `${han(k, k)}。${han(35)}；${han(36, 3)}” ${han(10)}` }] });
    blocks.push({ type: 'paragraph', style: 'body', runs: [{ text: `${han(k - 1, k)}（${han(6)}）${han(34 - 6)}《${han(4)}》${han(12)}` }] });
    blocks.push({
      type: 'paragraph',
      style: 'body',
      runs: [{ text: `${han(k - 8, k)}272825683.20条${han(30)}12320热线${han(k)}2020年${han(20)}` }],
    });
    numbers++;
    years++;
  }
  return { doc: { meta: meta(), blocks }, numbers, years };
}

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bulletin-pdf-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function save(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

function poppler(tool: string, ...args: string[]): string {
  return execFileSync(path.join(POPPLER, tool), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function pageText(file: string, page: number, layout = false): string {
  return poppler('pdftotext', ...(layout ? ['-layout'] : []), '-f', String(page), '-l', String(page), file, '-');
}

function pageCount(file: string): number {
  const m = /^Pages:\s+(\d+)/m.exec(poppler('pdfinfo', file));
  return Number(m?.[1]);
}

function layoutLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== DRAFT);
}

describe('renderPdf', () => {
  let bytes: Buffer;
  let file: string;
  let pages: number;

  beforeAll(async () => {
    bytes = await renderPdf(issue());
    file = save('issue.pdf', bytes);
    pages = pageCount(file);
  }, 60_000);

  it('is an A4 PDF with the document properties from meta, dated by meta.date', () => {
    const info = poppler('pdfinfo', '-isodates', file);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
    expect(info).toMatch(/^Title:\s+卫生信息 2020年第11期$/m);
    expect(info).toMatch(/^Author:\s+南京市卫生信息中心$/m);
    expect(info).toMatch(/^Subject:\s+2020年10月卫生信息统计$/m);
    expect(info).toMatch(/^CreationDate:\s+2020-11-30T00:00:00(Z|\+00)/m);
    expect(info).toMatch(/^ModDate:\s+2020-11-30T00:00:00(Z|\+00)/m);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(bytes.includes('/Lang (zh-CN)')).toBe(true);
  });

  it('embeds subsets of the npm fonts, serif and sans, with ToUnicode maps', () => {
    const rows = poppler('pdffonts', file)
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      // name type encoding emb sub uni object ID
      expect(row).toMatch(/^[A-Z]{6}\+\S+\s.*Identity-H\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    }
    const names = rows.map((r) => r.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toContain('NotoSerifSC-Regular');
    expect(names).toContain('NotoSerifSC-Bold');
    expect(names).toContain('NotoSansHans-Regular');
    expect(names).toContain('NotoSansHans-Bold');
  });

  it('has real text: figures, names, the masthead, the contact block', () => {
    const text = poppler('pdftotext', file, '-');
    for (const expected of [
      '卫生信息',
      '2020年第11期',
      '2020年11月30日',
      '126078',
      '272825683.20',
      '21771320',
      'www.nj12320.org',
      '南京医科大学第二附属医院',
      `南京市第${TABLE_ROWS - 1}医院`,
      '挂号（人次）',
      '合计',
      '3521447',
      '100.00%',
      '地址：南京市紫竹林3号',
      '025-83626620',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.replace(/\s/g, '')).toContain('健康南京APP南京卫生12320微信12320卫生热线');
  });

  it('numbers every page — 1 —, … and prints the draft mark on every page', () => {
    for (let page = 1; page <= pages; page++) {
      const text = pageText(file, page);
      expect(text).toContain(`— ${page} —`);
      expect(text).toContain(DRAFT);
    }
  });

  it('repeats the table header at the top of every page the long table continues on', () => {
    const texts = Array.from({ length: pages }, (_, i) => pageText(file, i + 1, true));
    const first = texts.findIndex((t) => t.includes('自助机使用情况（共'));
    const last = texts.findIndex((t) => t.includes('合计'));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThan(first + 1); // 120 rows run over several pages
    const header = ['类别', '单位名称', '使用量', '金额（元）', '占比', '挂号（人次）', '缴费（笔）'];
    for (let p = first; p <= last; p++) {
      const lines = layoutLines(texts[p] as string);
      expect(lines.filter((l) => l.includes('挂号（人次）'))).toHaveLength(1);
      if (p === first) continue;
      // everything above the first body row is the header, and the header is all there
      const bodyStart = lines.findIndex((l) => /南京|合计|社区/.test(l));
      expect(bodyStart).toBeGreaterThan(0);
      const above = lines.slice(0, bodyStart).join(' ');
      for (const h of header) expect(above).toContain(h);
      let rest = above;
      for (const h of header) rest = rest.replace(h, '');
      expect(rest.trim()).toBe('');
    }
    // the title does not stand alone: the header and the first two rows are on its page
    expect(texts[first]).toContain('南京市第1医院');
    expect(texts[first]).toContain('南京市第2医院');
    // the group label spanning ~117 rows is drawn on each page it crosses
    for (let p = first + 1; p < last; p++) {
      expect(pageText(file, p + 1).replace(/\s/g, '')).toContain('医疗单位');
    }
  });

  it('keeps every row whole and the total row with the row before it', () => {
    const all = Array.from({ length: pages }, (_, i) => pageText(file, i + 1, true)).join('\n');
    for (let i = 0; i < TABLE_ROWS - 1; i++) {
      const amount = (123456.78 + i * 1000.5).toFixed(2);
      expect(all.match(new RegExp(amount.replace('.', '\\.'), 'g'))).toHaveLength(1);
    }
    const totalPage = Array.from({ length: pages }, (_, i) => pageText(file, i + 1)).findIndex((t) => t.includes('合计'));
    expect(pageText(file, totalPage + 1)).toContain(`南京市第${TABLE_ROWS - 1}医院`);
  });

  it('has an outline: level-1 headings on top, level-2 headings and table titles under them', () => {
    const xml = poppler('pdftohtml', '-xml', '-stdout', '-i', '-q', '-f', '1', '-l', '1', file);
    const outline = xml.slice(xml.indexOf('<outline>'), xml.lastIndexOf('</outline>') + '</outline>'.length);
    const compact = outline.replace(/\s+/g, '').replace(/page="\d+"/g, '');
    expect(compact).toBe(
      '<outline>' +
        '<item>新闻</item><outline><item>市卫生信息中心召开全民健康信息平台建设推进会暨2020年第四季度工作部署会议</item></outline>' +
        '<item>统计数据</item><outline><item>一、自助机使用情况</item><item>2020年10月自助机使用情况（共120台）</item></outline>' +
        '<item>简讯</item>' +
        '</outline>',
    );
  });

  it('gives byte-identical output for the same document', async () => {
    const again = await renderPdf(issue());
    expect(again.equals(bytes)).toBe(true);
    const other = await renderPdf({ ...issue(), meta: meta({ draftMark: DRAFT, date: new Date('2020-12-31T00:00:00Z') }) });
    expect(other.equals(bytes)).toBe(false);
    const id = (b: Buffer): string | undefined => /\/ID \[<([0-9a-f]+)>/.exec(b.toString('latin1'))?.[1];
    expect(id(again)).toBe(id(bytes));
    expect(id(other)).not.toBe(id(bytes));
  });
});

describe('Chinese line breaking', () => {
  let lines: string[];
  let text: string;
  let expected: { numbers: number; years: number };

  beforeAll(async () => {
    const { doc, numbers, years } = provocations();
    expected = { numbers, years };
    const file = save('lines.pdf', await renderPdf(doc));
    text = poppler('pdftotext', '-layout', file, '-');
    lines = layoutLines(text).filter((l) => !/^—\s*\d+\s*—$/.test(l));
  }, 60_000);

  it('never starts a line with closing punctuation', () => {
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(line).not.toMatch(/^[，。、；：？！）」》’”…%,.;:?!)]/);
  });

  it('never ends a line with opening punctuation', () => {
    for (const line of lines) expect(line).not.toMatch(/[（「《‘“(]$/);
  });

  it('never splits a number, and keeps a number with the unit after it', () => {
    const flat = text.replace(/[ \t]+/g, '');
    expect(flat.match(/272825683\.20条/g)).toHaveLength(expected.numbers);
    expect(flat.match(/12320热线/g)).toHaveLength(expected.numbers);
    expect(flat.match(/2020年/g)).toHaveLength(expected.years);
    for (const line of lines) {
      expect(line).not.toMatch(/\d$/); // every number here is followed by its unit
    }
  });
});

describe('keeping together', () => {
  it('never leaves a heading or a table title at the bottom of a page', async () => {
    const blocks: Block[] = [];
    for (let k = 1; k <= 36; k++) {
      blocks.push({ type: 'paragraph', style: 'body', runs: [{ text: han(18 * k, k) }] });
      blocks.push({ type: 'heading', level: k % 2 === 0 ? 1 : 2, text: `第${k}节标题`, id: `h${k}` });
      if (k % 3 === 0) {
        const table = kioskTable(5);
        blocks.push({ ...table, id: `t${k}`, title: `第${k}表`, subtitle: undefined });
      } else {
        blocks.push({ type: 'paragraph', style: 'body', runs: [{ text: han(80, k) }] });
      }
    }
    const file = save('keep.pdf', await renderPdf({ meta: meta(), blocks }));
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(10);
    let headings = 0;
    let tables = 0;
    for (let page = 1; page <= pages; page++) {
      const lines = layoutLines(pageText(file, page, true)).filter((l) => !/^—\s*\d+\s*—$/.test(l));
      lines.forEach((line, i) => {
        if (/^第\d+节标题$/.test(line)) {
          headings++;
          expect(i, `page ${page}: ${line}`).toBeLessThan(lines.length - 2); // two lines of what follows
        }
        if (/^第\d+表$/.test(line)) {
          tables++;
          expect(i, `page ${page}: ${line}`).toBeLessThan(lines.length - 4); // header (2 lines) and 2 rows
        }
      });
    }
    expect(headings).toBe(36);
    expect(tables).toBe(12);
  });
});

describe('characters', () => {
  function withTable(text: string): BulletinDocument {
    const table = kioskTable(6);
    const row = table.rows[2];
    if (!row) throw new Error('fixture');
    row.cells = row.cells.map((c, i) => (i === 0 ? { ...c, text } : c));
    return { meta: meta(), blocks: [{ type: 'heading', level: 1, text: '统计数据', id: 'stats' }, table] };
  }

  it('looks up each character of a face once, astral ones whole', () => {
    const byFace = codePointsByFace([
      { text: '预约a\u{1F600}约', face: 'sans', where: 'one' },
      { text: 'a预', face: 'serif', where: 'two' },
      { text: '\u{1F600}b', face: 'sans', where: 'three' },
    ]);
    expect([...byFace.keys()]).toEqual(['sans', 'serif']);
    expect([...byFace.get('sans')!]).toEqual([0x9884, 0x7ea6, 0x61, 0x1f600, 0x62]);
    expect([...byFace.get('serif')!]).toEqual([0x61, 0x9884]);
  });

  it('rejects a character no font has, naming it, its text and its table cell', async () => {
    const error = await renderPdf(withTable('南京市\uE000医院')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulletinError);
    const { code, message } = error as BulletinError;
    expect(code).toBe('font');
    expect(message).toContain('U+E000');
    expect(message).toContain("table 'stats-kiosk', row 3, column 2");
    expect(message).toContain('南京市\uE000医院');
  });

  it('rejects an unassigned code point in a paragraph, naming the paragraph', async () => {
    const doc: BulletinDocument = {
      meta: meta(),
      blocks: [
        { type: 'heading', level: 2, text: '简讯', id: 'briefs-1' },
        { type: 'paragraph', style: 'body', runs: [{ text: '市卫生信息中心' }, { text: '召开\u{10FFFD}会议', bold: true }] },
      ],
    };
    const error = await renderPdf(doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulletinError);
    expect((error as BulletinError).code).toBe('font');
    expect((error as BulletinError).message).toContain('U+10FFFD');
    expect((error as BulletinError).message).toMatch(/body paragraph \(block 2, under heading 'briefs-1'\)/);
  });

  it('keeps control and invisible format characters out of the PDF', async () => {
    const doc: BulletinDocument = {
      meta: meta(),
      blocks: [{ type: 'paragraph', style: 'body', runs: [{ text: '\uFEFF预约\u0007挂号\u200B量\t为\n126078次' }] }],
    };
    const file = save('controls.pdf', await renderPdf(doc));
    const text = poppler('pdftotext', file, '-');
    expect(text).toContain('预约挂号量 为 126078次');
    expect(text).not.toMatch(/[\u0007\u200B\uFEFF]/);
    rmSync(file);
  });
});

describe('layout units', () => {
  /** every character 10 pt wide (Latin 5 pt), no font needed */
  function pieces(text: string): Piece[] {
    return [...text].map((ch) => ({
      ch,
      glyph: { cp: ch.codePointAt(0) ?? 0 } as GlyphRef,
      size: 10,
      width: /[\x20-\x7e]/.test(ch) ? 5 : 10,
    }));
  }
  const lineTexts = (text: string, width: number): string[] =>
    breakLines(pieces(text), width).map((l) => l.atoms.map((a) => a.pieces.map((p) => p.ch).join('')).join(''));

  it('moves the character before a closing mark down rather than start a line with the mark', () => {
    expect(lineTexts('一二三四五，六七八', 50)).toEqual(['一二三四', '五，六七八']);
  });

  it('moves an opening mark down rather than end a line with it', () => {
    expect(lineTexts('一二三四（五六）', 50)).toEqual(['一二三四', '（五六）']);
  });

  it('never splits a number, a signed number, an address or a number and its unit', () => {
    expect(lineTexts('一二三272825683.20', 60)).toEqual(['一二三', '272825683.20']);
    expect(lineTexts('一二三-3.5', 45)).toEqual(['一二三', '-3.5']);
    expect(lineTexts('一二三www.nj12320.org', 80)).toEqual(['一二三', 'www.nj12320.org']);
    expect(lineTexts('一二2020年', 45)).toEqual(['一二', '2020年']);
  });

  it('keeps —— and …… whole', () => {
    expect(lineTexts('一二三——四', 40)).toEqual(['一二三', '——四']);
    // an ellipsis may not start a line either: the character before it comes along
    expect(lineTexts('一二三……四', 40)).toEqual(['一二', '三……四']);
  });

  it('knows the narrowest width text can be set in', () => {
    expect(minContentWidth(pieces('南京市126078人次'))).toBe(6 * 5 + 10);
    expect(minContentWidth(pieces('（万元）'))).toBe(20);
  });

  it('resolves spans with HTML semantics and fills positions no cell covers', () => {
    const grid = resolveGrid(
      [
        [{ text: 'a', rowSpan: 2 }, { text: 'b', colSpan: 2 }],
        [{ text: 'c' }],
      ],
      3,
      'test',
    );
    const at = (text: string) => grid.cells.find((c) => c.cell.text === text);
    expect(at('a')).toMatchObject({ row: 0, col: 0, rowSpan: 2, colSpan: 1 });
    expect(at('b')).toMatchObject({ row: 0, col: 1, colSpan: 2 });
    expect(at('c')).toMatchObject({ row: 1, col: 1 });
    expect(grid.cells.filter((c) => c.cell.text === '')).toMatchObject([{ row: 1, col: 2 }]);
    expect(() => resolveGrid([[{ text: 'x', colSpan: 4 }]], 3, "table 't' body")).toThrow(BulletinError);
  });

  it('scales column weights to the width but keeps every column at its minimum', () => {
    const widths = distributeWidths([1, 1, 8], [50, 10, 10], 200);
    expect(widths[0]).toBe(50);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(200);
    expect(widths[2]).toBeCloseTo(150 * (8 / 9));
  });
});
