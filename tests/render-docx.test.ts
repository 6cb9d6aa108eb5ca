import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Block, BulletinDocument, TableBlock, TableCell, TableRow } from '../src/document/blocks.js';
import { BulletinError } from '../src/errors.js';
import type { Unzipped, XmlElement } from './helpers/docx-xml.js';
import { cellsOf, child, descendants, elements, gridSpanOf, has, parseXml, plainText, rowsOf, styleOf, tables, tcPr, textOf, topParagraphs, trPr, unzip, vMergeOf } from './helpers/docx-xml.js';
import { DEFAULT_DOCX_OPTIONS, renderDocx, stripControlChars } from '../src/render/docx.js';
import { w3cdtf, zipEntryDate } from '../src/render/docx/package.js';
import { layoutRows, minimumColumnWidths, scaleColumnWidths } from '../src/render/docx/tables.js';
import { Document } from 'docx';
import { compilePackage } from '../src/render/docx/package.js';
import { A4_BULLETIN } from '../src/render/docx/page.js';
import { referenceTable } from './helpers/docx-table-reference.js';

// ---------------------------------------------------------------------------
// The test document: a month with a 120-row table grouped by a rowSpan column.

const DISTRICTS = ['玄武区', '秦淮区', '建邺区', '鼓楼区', '浦口区', '栖霞区', '雨花台区', '江宁区', '六合区', '溧水区'];

function hospitalRows(): TableRow[] {
  const rows: TableRow[] = [];
  for (let g = 0; g < 10; g++) {
    for (let i = 0; i < 12; i++) {
      const n = g * 12 + i;
      const cells: TableCell[] = [];
      if (i === 0) cells.push({ text: DISTRICTS[g]!, rowSpan: 12, vertical: true });
      cells.push({ text: `医院${String(n + 1).padStart(3, '0')}` });
      cells.push({ text: String(10000 + n * 37) }, { text: String(200 + n) }, { text: `${(n % 50) + 0.5}%` });
      rows.push({ kind: 'data', cells });
    }
  }
  rows.push({
    kind: 'total',
    cells: [{ text: '合计', colSpan: 2, align: 'center' }, { text: '1464420' }, { text: '31140' }, { text: '—' }],
  });
  return rows;
}

const bookings: TableBlock = {
  type: 'table',
  id: 'stats-bookings',
  title: '表1  2020年10月各医院预约挂号情况',
  subtitle: '（不包含12320电话预约）',
  columns: [
    { align: 'center', weight: 1 },
    { align: 'left', weight: 4 },
    { align: 'right', weight: 2, numeric: true },
    { align: 'right', weight: 2, numeric: true },
    { align: 'right', weight: 1.5, numeric: true },
  ],
  header: [
    [{ text: '区域', rowSpan: 2 }, { text: '医疗单位', rowSpan: 2 }, { text: '预约挂号', colSpan: 2 }, { text: '占比', rowSpan: 2 }],
    [{ text: '总量（次）' }, { text: '当日（次）' }],
  ],
  rows: hospitalRows(),
};

function makeDoc(overrides: { blocks?: Block[]; draftMark?: string | undefined } = {}): BulletinDocument {
  const blocks: Block[] = overrides.blocks ?? [
    { type: 'masthead', title: '卫生信息', issueLine: '2020年第11期 · 总第245期', publisher: '南京市卫生信息中心', date: '2020年11月30日' },
    { type: 'heading', level: 1, text: '新闻', id: 'news' },
    { type: 'heading', level: 2, text: '市卫生信息中心召开年度工作会议', id: 'news-1' },
    {
      type: 'paragraph',
      style: 'body',
      runs: [{ text: '11月20日，' }, { text: '南京市卫生信息中心', bold: true }, { text: '召开年度工作会议，总结全年预约挂号工作。' }],
    },
    { type: 'pageBreak' },
    { type: 'heading', level: 1, text: '统计数据', id: 'stats' },
    { type: 'paragraph', style: 'lead', runs: [{ text: '全市预约挂号情况' }] },
    bookings,
    { type: 'paragraph', style: 'note', runs: [{ text: '（截止10月底，总预约挂号量为21771320次）' }] },
    {
      type: 'contact',
      organization: '南京市卫生信息中心',
      lines: [
        { label: '地址', value: '南京市紫竹林3号' },
        { label: '电话', value: '025-12320' },
      ],
      channels: ['健康南京APP', '南京卫生信息微信公众号', '12320热线'],
    },
  ];
  return {
    meta: {
      title: '卫生信息 2020年第11期',
      author: '南京市卫生信息中心',
      subject: '2020年10月卫生信息统计',
      language: 'zh-CN',
      date: new Date('2020-11-30T00:00:00Z'),
      ...(overrides.draftMark !== undefined ? { draftMark: overrides.draftMark } : {}),
    },
    blocks,
  };
}

// ---------------------------------------------------------------------------

describe('renderDocx', () => {
  let bytes: Buffer;
  let u: Unzipped;

  beforeAll(async () => {
    bytes = await renderDocx(makeDoc({ draftMark: '征求意见稿' }));
    u = await unzip(bytes);
  });

  it('writes the paragraphs in order with their styles and text', () => {
    const paras = topParagraphs(u).map((p) => ({ style: styleOf(p), text: textOf(p) }));
    expect(paras).toEqual([
      { style: 'BulletinTitle', text: '卫生信息' },
      { style: 'IssueLine', text: '2020年第11期 · 总第245期' },
      { style: 'MastheadLine', text: '南京市卫生信息中心\t2020年11月30日' },
      { style: 'Heading1', text: '新闻' },
      { style: 'Heading2', text: '市卫生信息中心召开年度工作会议' },
      { style: 'BodyText', text: '11月20日，南京市卫生信息中心召开年度工作会议，总结全年预约挂号工作。' },
      { style: 'Heading1', text: '统计数据' },
      { style: 'Lead', text: '全市预约挂号情况' },
      { style: 'TableTitle', text: '表1  2020年10月各医院预约挂号情况' },
      { style: 'TableSubtitle', text: '（不包含12320电话预约）' },
      { style: 'Note', text: '（截止10月底，总预约挂号量为21771320次）' },
      { style: 'Contact', text: '南京市卫生信息中心' },
      { style: 'Contact', text: '地址：南京市紫竹林3号' },
      { style: 'Contact', text: '电话：025-12320' },
      { style: 'Contact', text: '健康南京APP\u3000\u3000南京卫生信息微信公众号\u3000\u300012320热线' },
    ]);
  });

  it('bolds exactly the bold runs of a body paragraph', () => {
    const body = topParagraphs(u).find((p) => styleOf(p) === 'BodyText')!;
    const runs = elements(body)
      .filter((e) => e.name === 'w:r')
      .map((r) => ({ text: textOf(r), bold: has(child(r, 'w:rPr'), 'w:b') }));
    expect(runs).toEqual([
      { text: '11月20日，', bold: false },
      { text: '南京市卫生信息中心', bold: true },
      { text: '召开年度工作会议，总结全年预约挂号工作。', bold: false },
    ]);
  });

  it('turns pageBreak into a page break before the next block', () => {
    const stats = topParagraphs(u).find((p) => textOf(p) === '统计数据')!;
    expect(has(child(stats, 'w:pPr'), 'w:pageBreakBefore')).toBe(true);
    const others = topParagraphs(u).filter((p) => p !== stats && has(child(p, 'w:pPr'), 'w:pageBreakBefore'));
    expect(others).toHaveLength(0);
  });

  it('draws the masthead with a right tab at the text width and a red rule', () => {
    const style = descendants(u.styles, 'w:style').find((s) => s.attrs['w:styleId'] === 'MastheadLine')!;
    const pPr = child(style, 'w:pPr')!;
    const tab = descendants(pPr, 'w:tab')[0]!;
    expect(tab.attrs['w:val']).toBe('right');
    expect(Number(tab.attrs['w:pos'])).toBe(11906 - 1587 - 1474);
    const bottom = child(child(pPr, 'w:pBdr')!, 'w:bottom')!;
    expect(bottom.attrs).toMatchObject({ 'w:val': 'single', 'w:sz': '12', 'w:color': 'D40000' });
    const title = descendants(u.styles, 'w:style').find((s) => s.attrs['w:styleId'] === 'BulletinTitle')!;
    const rPr = child(title, 'w:rPr')!;
    expect(child(rPr, 'w:color')?.attrs['w:val']).toBe('D40000');
    expect(has(rPr, 'w:b')).toBe(true);
    expect(child(rPr, 'w:sz')?.attrs['w:val']).toBe('88');
    expect(child(child(title, 'w:pPr')!, 'w:jc')?.attrs['w:val']).toBe('center');
  });

  it('sets up A4 portrait with the bulletin margins', () => {
    const sectPr = child(u.body, 'w:sectPr')!;
    expect(child(sectPr, 'w:pgSz')!.attrs).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    expect(child(sectPr, 'w:pgMar')!.attrs).toMatchObject({ 'w:top': '1701', 'w:bottom': '1701', 'w:left': '1587', 'w:right': '1474' });
  });

  it('puts a centered PAGE field between em-dashes in the footer and the draft mark in the header', async () => {
    const footerName = u.names.find((n) => /^word\/footer\d+\.xml$/.test(n))!;
    const footer = parseXml(u.raw[footerName]!);
    const p = descendants(footer, 'w:p')[0]!;
    expect(styleOf(p)).toBe('Footer');
    expect(descendants(p, 'w:instrText').map(plainText).join('').trim()).toBe('PAGE');
    expect(descendants(p, 'w:t').map(plainText).join('')).toBe('—  —');
    const headerName = u.names.find((n) => /^word\/header\d+\.xml$/.test(n))!;
    const header = parseXml(u.raw[headerName]!);
    const hp = descendants(header, 'w:p')[0]!;
    expect(styleOf(hp)).toBe('DraftMark');
    expect(textOf(hp)).toBe('征求意见稿');
    const draft = descendants(u.styles, 'w:style').find((s) => s.attrs['w:styleId'] === 'DraftMark')!;
    expect(child(child(draft, 'w:pPr')!, 'w:jc')?.attrs['w:val']).toBe('right');
    expect(child(child(draft, 'w:rPr')!, 'w:color')?.attrs['w:val']).toBe('D40000');
    // the header is referenced by the section (on every page)
    expect(descendants(child(u.body, 'w:sectPr')!, 'w:headerReference')).toHaveLength(1);
  });

  it('writes no header without a draft mark', async () => {
    const plain = await unzip(await renderDocx(makeDoc()));
    expect(plain.names.some((n) => /^word\/header\d*\.xml$/.test(n))).toBe(false);
    expect(descendants(child(plain.body, 'w:sectPr')!, 'w:headerReference')).toHaveLength(0);
  });

  describe('the table', () => {
    let tbl: XmlElement;
    let rows: XmlElement[];
    beforeAll(() => {
      [tbl] = tables(u) as [XmlElement];
      rows = rowsOf(tbl);
    });

    it('is one real table, with the title and subtitle kept with it', () => {
      expect(tables(u)).toHaveLength(1);
      expect(rows).toHaveLength(2 + 120 + 1);
      const kids = elements(u.body);
      const i = kids.indexOf(tbl);
      expect(styleOf(kids[i - 1]!)).toBe('TableSubtitle');
      expect(styleOf(kids[i - 2]!)).toBe('TableTitle');
      for (const id of ['TableTitle', 'TableSubtitle']) {
        const style = descendants(u.styles, 'w:style').find((s) => s.attrs['w:styleId'] === id)!;
        expect(has(child(style, 'w:pPr'), 'w:keepNext')).toBe(true);
      }
    });

    it('spans the text width on a fixed grid that the cell widths agree with', () => {
      const tblPr = child(tbl, 'w:tblPr')!;
      expect(child(tblPr, 'w:tblW')!.attrs).toMatchObject({ 'w:type': 'dxa', 'w:w': '8845' });
      expect(child(tblPr, 'w:tblLayout')!.attrs['w:type']).toBe('fixed');
      const grid = descendants(child(tbl, 'w:tblGrid')!, 'w:gridCol').map((g) => Number(g.attrs['w:w']));
      expect(grid.reduce((a, b) => a + b, 0)).toBe(8845);
      // weights 1 : 4 : 2 : 2 : 1.5
      expect(grid).toEqual(scaleColumnWidths(bookings.columns, 8845, 't', minimumColumnWidths(bookings)));
      expect(grid[1]! / grid[0]!).toBeCloseTo(4, 1);
      for (const tr of rows) {
        let col = 0;
        for (const tc of cellsOf(tr)) {
          const span = gridSpanOf(tc);
          const expected = grid.slice(col, col + span).reduce((a, b) => a + b, 0);
          expect(child(tcPr(tc), 'w:tcW')!.attrs).toMatchObject({ 'w:type': 'dxa', 'w:w': String(expected) });
          col += span;
        }
        expect(col).toBe(5);
      }
    });

    it('has thin single borders', () => {
      const borders = child(child(tbl, 'w:tblPr')!, 'w:tblBorders')!;
      for (const side of ['w:top', 'w:left', 'w:bottom', 'w:right', 'w:insideH', 'w:insideV']) {
        expect(child(borders, side)!.attrs).toMatchObject({ 'w:val': 'single', 'w:sz': '4' });
      }
    });

    it('marks the two header rows to repeat and every row not to split', () => {
      const headerFlags = rows.map((tr) => has(trPr(tr), 'w:tblHeader'));
      expect(headerFlags.slice(0, 2)).toEqual([true, true]);
      expect(headerFlags.slice(2).some(Boolean)).toBe(false);
      expect(rows.every((tr) => has(trPr(tr), 'w:cantSplit'))).toBe(true);
    });

    it('merges the two-row header with gridSpan and vMerge at the right positions', () => {
      const [h1, h2] = rows as [XmlElement, XmlElement];
      expect(cellsOf(h1).map(textOf)).toEqual(['区域', '医疗单位', '预约挂号', '占比']);
      expect(cellsOf(h1).map(gridSpanOf)).toEqual([1, 1, 2, 1]);
      expect(cellsOf(h1).map(vMergeOf)).toEqual(['restart', 'restart', undefined, 'restart']);
      // the second header row: continuation cells inserted at grid columns 1, 2 and 5
      expect(cellsOf(h2).map(textOf)).toEqual(['', '', '总量（次）', '当日（次）', '']);
      expect(cellsOf(h2).map(vMergeOf)).toEqual(['continue', 'continue', undefined, undefined, 'continue']);
      // header cells: TableHeader style, centered, light gray
      for (const tc of cellsOf(h1)) {
        expect(styleOf(descendants(tc, 'w:p')[0]!)).toBe('TableHeader');
        expect(child(tcPr(tc), 'w:shd')!.attrs['w:fill']).toBe('EDEDED');
      }
    });

    it('merges the body group column down 12 rows, with vertical text', () => {
      const body = rows.slice(2, 122);
      for (let g = 0; g < 10; g++) {
        const group = body.slice(g * 12, g * 12 + 12);
        const first = cellsOf(group[0]!)[0]!;
        // stacked one character a line (no w:textDirection, which LibreOffice draws rotated)
        expect(textOf(first)).toBe([...DISTRICTS[g]!].join('\n'));
        expect(vMergeOf(first)).toBe('restart');
        expect(child(tcPr(first), 'w:textDirection')).toBeUndefined();
        expect(child(tcPr(first), 'w:vAlign')!.attrs['w:val']).toBe('center');
        for (const tr of group.slice(1)) {
          const cells = cellsOf(tr);
          expect(cells).toHaveLength(5);
          expect(vMergeOf(cells[0]!)).toBe('continue');
          expect(textOf(cells[0]!)).toBe('');
        }
      }
      // row 15 of the body (group 2, second row): continuation + the hospital's figures
      expect(cellsOf(body[13]!).map(textOf)).toEqual(['', '医院014', String(10000 + 13 * 37), '213', '13.5%']);
    });

    it('aligns numbers right, names left, and honours a cell align', () => {
      const data = cellsOf(rows[3]!);
      const jc = (tc: XmlElement) => child(child(descendants(tc, 'w:p')[0]!, 'w:pPr')!, 'w:jc')?.attrs['w:val'];
      expect(jc(data[1]!)).toBe('left');
      expect(jc(data[2]!)).toBe('right');
      expect(jc(data[4]!)).toBe('right');
      expect(styleOf(descendants(data[2]!, 'w:p')[0]!)).toBe('TableText');
      const total = cellsOf(rows[122]!);
      expect(jc(total[0]!)).toBe('center');
    });

    it('draws the total row bold and shaded', () => {
      const total = rows[122]!;
      expect(cellsOf(total).map(textOf)).toEqual(['合计', '1464420', '31140', '—']);
      expect(gridSpanOf(cellsOf(total)[0]!)).toBe(2);
      for (const tc of cellsOf(total)) {
        expect(child(tcPr(tc), 'w:shd')!.attrs['w:fill']).toBe('F5F5F5');
        for (const r of descendants(tc, 'w:r')) expect(has(child(r, 'w:rPr'), 'w:b')).toBe(true);
      }
      const data = cellsOf(rows[3]!);
      expect(child(tcPr(data[2]!), 'w:shd')).toBeUndefined();
      for (const r of descendants(data[2]!, 'w:r')) expect(has(child(r, 'w:rPr'), 'w:b')).toBe(false);
    });

    it('keeps the header, the first body rows and each district group with the next row', () => {
      const keepNext = (tr: XmlElement) =>
        descendants(tr, 'w:p').every((p) => has(child(p, 'w:pPr'), 'w:keepNext'));
      expect(rows.slice(0, 2).map(keepNext)).toEqual([true, true]);
      // inside a 12-row district group every row but the group's last is kept with the next
      rows.slice(2, 122).forEach((tr, i) => expect(keepNext(tr), `body row ${i + 1}`).toBe(i % 12 !== 11));
      expect(keepNext(rows[122]!)).toBe(false);
    });

    it('keeps the first body rows with the next even without groups', async () => {
      const flat: TableBlock = {
        ...bookings,
        id: 'flat',
        header: [[{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }, { text: 'e' }]],
        rows: Array.from({ length: 6 }, (_, i) => ({ kind: 'data' as const, cells: ['1', '2', '3', '4', String(i)].map((text) => ({ text })) })),
      };
      const flatU = await unzip(await renderDocx(makeDoc({ blocks: [flat] })));
      const keep = rowsOf(tables(flatU)[0]!).map((tr) => descendants(tr, 'w:p').every((p) => has(child(p, 'w:pPr'), 'w:keepNext')));
      // header + the first TABLE_FIRST_ROWS (4) body rows stay together
      expect(keep).toEqual([true, true, true, true, false, false, false]);
    });
  });

  it('defines named styles with East Asian fonts and zh-CN', () => {
    const styles = descendants(u.styles, 'w:style');
    const byId = new Map(styles.map((s) => [s.attrs['w:styleId']!, s]));
    const fontsOf = (id: string) => child(child(byId.get(id)!, 'w:rPr')!, 'w:rFonts')!.attrs;
    const sizeOf = (id: string) => Number(child(child(byId.get(id)!, 'w:rPr')!, 'w:sz')!.attrs['w:val']) / 2;
    const expectations: [string, string, number][] = [
      ['BulletinTitle', '黑体', 44],
      ['IssueLine', '仿宋', 14],
      ['Heading1', '黑体', 16],
      ['Heading2', '黑体', 14],
      ['BodyText', '宋体', 12],
      ['Note', '宋体', 10.5],
      ['Lead', '仿宋', 12],
      ['TableTitle', '黑体', 12],
      ['TableText', '宋体', 9],
      ['TableHeader', '黑体', 9],
      ['Contact', '宋体', 10.5],
    ];
    for (const [id, eastAsia, size] of expectations) {
      expect(byId.get(id)?.attrs['w:type'], id).toBe('paragraph');
      expect(fontsOf(id), id).toEqual({
        'w:ascii': 'Times New Roman',
        'w:hAnsi': 'Times New Roman',
        'w:eastAsia': eastAsia,
        'w:cs': 'Times New Roman',
      });
      expect(sizeOf(id), id).toBe(size);
      expect(child(child(byId.get(id)!, 'w:rPr')!, 'w:lang')!.attrs['w:eastAsia'], id).toBe('zh-CN');
    }
    // built-in heading styles, seen by the navigation pane
    expect(child(byId.get('Heading1')!, 'w:name')!.attrs['w:val']).toBe('heading 1');
    expect(child(child(byId.get('Heading1')!, 'w:pPr')!, 'w:outlineLvl')!.attrs['w:val']).toBe('0');
    expect(child(child(byId.get('Heading2')!, 'w:pPr')!, 'w:outlineLvl')!.attrs['w:val']).toBe('1');
    for (const id of ['Heading1', 'Heading2']) {
      const pPr = child(byId.get(id)!, 'w:pPr')!;
      expect(has(pPr, 'w:keepNext')).toBe(true);
      expect(child(pPr, 'w:jc')!.attrs['w:val']).toBe('center');
    }
    // body text: 2-character first-line indent, justified, 1.5 lines
    const bodyPPr = child(byId.get('BodyText')!, 'w:pPr')!;
    expect(child(bodyPPr, 'w:ind')!.attrs['w:firstLineChars']).toBe('200');
    expect(child(bodyPPr, 'w:jc')!.attrs['w:val']).toBe('both');
    expect(child(bodyPPr, 'w:spacing')!.attrs).toMatchObject({ 'w:line': '360', 'w:lineRule': 'auto' });
    expect(has(child(byId.get('TableTitle')!, 'w:rPr'), 'w:b')).toBe(true);
    // document defaults
    const rPrDefault = descendants(child(u.styles, 'w:styles')!, 'w:rPrDefault')[0]!;
    expect(descendants(rPrDefault, 'w:lang')[0]!.attrs).toMatchObject({ 'w:val': 'en-US', 'w:eastAsia': 'zh-CN' });
    expect(descendants(rPrDefault, 'w:rFonts')[0]!.attrs['w:eastAsia']).toBe('宋体');
    // every style the document uses is defined
    const used = new Set(descendants(u.document, 'w:pStyle').map((s) => s.attrs['w:val']!));
    for (const id of used) expect(byId.has(id), id).toBe(true);
    // fonts come from the styles, not from every run
    expect(descendants(u.document, 'w:rFonts')).toHaveLength(0);
  });

  it('uses the font faces given in the options', async () => {
    const custom = await unzip(
      await renderDocx(makeDoc(), {
        fonts: { ...DEFAULT_DOCX_OPTIONS.fonts, body: { eastAsia: '方正书宋简体', latin: 'Georgia' } },
      }),
    );
    const body = descendants(custom.styles, 'w:style').find((s) => s.attrs['w:styleId'] === 'BodyText')!;
    expect(child(child(body, 'w:rPr')!, 'w:rFonts')!.attrs).toMatchObject({ 'w:eastAsia': '方正书宋简体', 'w:ascii': 'Georgia' });
    await expect(
      renderDocx(makeDoc(), { fonts: { ...DEFAULT_DOCX_OPTIONS.fonts, heading: { eastAsia: ' ', latin: 'Arial' } } }),
    ).rejects.toBeInstanceOf(BulletinError);
  });

  it('writes the document properties from meta, dated meta.date', () => {
    const props = Object.fromEntries(
      elements(child(u.core, 'cp:coreProperties')!).map((e) => [e.name, plainText(e)]),
    );
    expect(props).toMatchObject({
      'dc:title': '卫生信息 2020年第11期',
      'dc:creator': '南京市卫生信息中心',
      'dc:subject': '2020年10月卫生信息统计',
      'dc:language': 'zh-CN',
      'dcterms:created': '2020-11-30T00:00:00Z',
      'dcterms:modified': '2020-11-30T00:00:00Z',
    });
  });

  it('dates every zip entry from meta.date and lists the content types first', () => {
    expect(u.names[0]).toBe('[Content_Types].xml');
    for (const name of u.names) expect(u.zip.files[name]!.date.toISOString()).toBe('2020-11-30T00:00:00.000Z');
  });

  it('is byte-identical when rendered again, even at another time', async () => {
    const doc = makeDoc({ draftMark: '征求意见稿' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-05-17T13:45:07Z'));
    const later = await renderDocx(doc);
    vi.setSystemTime(new Date('1999-01-02T03:04:05Z'));
    const earlier = await renderDocx(doc);
    vi.useRealTimers();
    const again = await renderDocx(doc);
    expect(later.equals(bytes)).toBe(true);
    expect(earlier.equals(bytes)).toBe(true);
    expect(again.equals(bytes)).toBe(true);
  });

  it('keeps no control characters in the XML even when the input has them', async () => {
    // control characters, noncharacters, lone surrogates, and one proper pair (U+10000) that must stay
    const dirty = '\u0001坏\u0007字\u001b符\u007f\uFFFE\uFFFF\uDFFF\uD800\uDC00X\uD801';
    const doc = makeDoc({ draftMark: `征求\u0000意见稿\u0008` });
    doc.meta.title = `标题\u0003`;
    doc.meta.author = `作者\u001f`;
    doc.blocks.push(
      { type: 'heading', level: 2, text: `小标题${dirty}`, id: 'x' },
      { type: 'paragraph', style: 'body', runs: [{ text: `正文${dirty}` }, { text: '\u0002', bold: true }, { text: '行一\r\n行二\t制表' }] },
      {
        type: 'table',
        id: 'dirty',
        title: `表\u0004`,
        columns: [{ align: 'left', weight: 1 }, { align: 'right', weight: 1 }],
        header: [[{ text: `名\u0005` }, { text: '值' }]],
        rows: [{ kind: 'data', cells: [{ text: `甲${dirty}` }, { text: '1\u000b2' }] }],
      },
      { type: 'contact', organization: `中心\u0006`, lines: [{ label: '地\u000c址', value: '紫竹林\u000e3号' }], channels: ['\u0010APP'] },
    );
    const out = await renderDocx(doc);
    const dirtyU = await unzip(out);
    const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const [name, xml] of Object.entries(dirtyU.raw)) {
      expect(forbidden.test(xml), name).toBe(false);
      // a lone surrogate that got through would have been encoded as U+FFFD
      expect(xml.includes('\uFFFD'), name).toBe(false);
      expect(/&#(x0*[0-8bcef]|x0*1[0-9a-f]|0*([0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]));/i.test(xml), name).toBe(false);
    }
    const texts = topParagraphs(dirtyU).map(textOf);
    expect(texts).toContain('小标题坏字符\uD800\uDC00X');
    expect(texts).toContain('正文坏字符\uD800\uDC00X行一\n行二\t制表');
    expect(texts).toContain('中心');
    expect(texts).toContain('地址：紫竹林3号');
    const dirtyTable = tables(dirtyU)[1]!;
    expect(rowsOf(dirtyTable).map((tr) => cellsOf(tr).map(textOf))).toEqual([
      ['名', '值'],
      ['甲坏字符\uD800\uDC00X', '12'],
    ]);
    expect(plainText(descendants(dirtyU.core, 'dc:title')[0]!)).toBe('标题');
    expect(plainText(descendants(dirtyU.core, 'dc:creator')[0]!)).toBe('作者');
    const header = dirtyU.names.find((n) => /^word\/header\d+\.xml$/.test(n))!;
    expect(textOf(descendants(parseXml(dirtyU.raw[header]!), 'w:p')[0]!)).toBe('征求意见稿');
  });

  it('reports a malformed table as a BulletinError', async () => {
    const wide: TableBlock = { ...bookings, id: 'wide', header: [], rows: [{ kind: 'data', cells: [{ text: 'a', colSpan: 6 }] }] };
    await expect(renderDocx(makeDoc({ blocks: [wide] }))).rejects.toThrow(BulletinError);
    const badWeight: TableBlock = { ...bookings, id: 'w', columns: [{ align: 'left', weight: 0 }] };
    await expect(renderDocx(makeDoc({ blocks: [badWeight] }))).rejects.toThrow(/weight/);
    const badDate = makeDoc();
    badDate.meta.date = new Date('not a date');
    await expect(renderDocx(badDate)).rejects.toThrow(BulletinError);
  });
});

describe('the table XML', () => {
  /** every w:tbl of a package's document.xml */
  const tablesXml = (xml: string) => xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
  const tricky: TableBlock = {
    type: 'table',
    id: 'tricky',
    title: '',
    columns: [
      { align: 'center', weight: 1 },
      { align: 'left', weight: 3 },
      { align: 'right', weight: 2, numeric: true },
      { align: 'right', weight: 2, numeric: true },
    ],
    header: [
      [{ text: '区\t域', rowSpan: 2 }, { text: 'A & B <C> "D" \'E\'', colSpan: 2 }, { text: '数据上传量（条）', rowSpan: 2 }],
      [{ text: '总量' }, { text: '' }],
    ],
    rows: [
      { kind: 'data', cells: [{ text: '玄武区', rowSpan: 3, vertical: true }, { text: '医院\u0007一\n二', bold: true }, { text: '1' }, { text: '2', align: 'center' }] },
      { kind: 'data', cells: [{ text: '医院二', colSpan: 2 }, { text: '3' }] },
      { kind: 'data', cells: [{ text: '医院三' }] },
      { kind: 'total', cells: [{ text: '合计', colSpan: 2, align: 'center' }, { text: '6' }, { text: '—' }] },
    ],
  };

  it.each([
    ['a grouped 120-row table', bookings],
    ['spans mixed with merges, escapes, tabs, line breaks, control characters, empty and short rows', tricky],
  ])('is what docx writes for the same table, byte for byte: %s', async (_, block) => {
    const ours = await unzip(await renderDocx(makeDoc({ blocks: [block] })));
    const parts = compilePackage(new Document({ sections: [{ children: [referenceTable(block, A4_BULLETIN)] }] }), {
      title: '',
      subject: '',
      creator: '',
      language: 'zh-CN',
      date: new Date('2020-11-30T00:00:00Z'),
    });
    const theirs = tablesXml(String(parts.get('word/document.xml')));
    expect(theirs).toHaveLength(1);
    expect(tablesXml(ours.raw['word/document.xml'] ?? '')).toEqual(theirs);
  });
});

describe('stripControlChars', () => {
  it('removes C0/C1 controls, DEL, U+FFFE/U+FFFF and lone surrogates, keeping tab, newline and pairs', () => {
    expect(stripControlChars('a\u0000b\u0001c\u0008d\u000be\u000cf\u000eg\u001fh\u007fi\u0085j')).toBe('abcdefghij');
    expect(stripControlChars('tab\there\nnewline')).toBe('tab\there\nnewline');
    expect(stripControlChars('crlf\r\nand\rcr')).toBe('crlf\nand\ncr');
    expect(stripControlChars('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(stripControlChars('lone\uD800high lone\uDC00low')).toBe('lonehigh lonelow');
    expect(stripControlChars('pair\uD83D\uDE00ok 𠮷')).toBe('pair\uD83D\uDE00ok 𠮷');
    expect(stripControlChars('中文，全角：　空格')).toBe('中文，全角：　空格');
  });
});

describe('table grid layout', () => {
  it('inserts continuation cells at the grid positions a rowSpan covers', () => {
    const grid = layoutRows(
      [
        [{ text: 'A', rowSpan: 3 }, { text: 'B', colSpan: 2, rowSpan: 2 }, { text: 'C' }],
        [{ text: 'D' }],
        [{ text: 'E' }, { text: 'F' }, { text: 'G' }],
      ],
      4,
      't',
    );
    const shape = grid.map((row) => row.map((c) => (c.kind === 'cell' ? `${c.cell.text}@${c.col}/${c.span}` : `^${c.origin.cell.text}@${c.col}/${c.span}`)));
    expect(shape).toEqual([
      ['A@0/1', 'B@1/2', 'C@3/1'],
      ['^A@0/1', '^B@1/2', 'D@3/1'],
      ['^A@0/1', 'E@1/1', 'F@2/1', 'G@3/1'],
    ]);
  });

  it('pads short rows, clips a rowSpan at the end of its group, rejects overlaps', () => {
    const padded = layoutRows([[{ text: 'A', rowSpan: 5 }], []], 2, 't');
    expect(padded.map((r) => r.map((c) => c.kind))).toEqual([
      ['cell', 'cell'],
      ['continue', 'cell'],
    ]);
    expect(() => layoutRows([[{ text: 'A' }, { text: 'B', colSpan: 2 }]], 2, 't')).toThrow(BulletinError);
    expect(() => layoutRows([[{ text: 'A', colSpan: 0 }]], 2, 't')).toThrow(BulletinError);
  });

  it('scales weights to exactly the text width', () => {
    const widths = scaleColumnWidths(
      [1, 1, 1].map((weight) => ({ align: 'left' as const, weight })),
      8845,
      't',
    );
    expect(widths).toEqual([2949, 2948, 2948]);
    expect(() => scaleColumnWidths([], 100, 't')).toThrow(BulletinError);
  });
});

describe('reproducible packaging dates', () => {
  it('writes W3CDTF to the second and keeps zip dates in the DOS range', () => {
    expect(w3cdtf(new Date('2020-11-30T08:15:30.789Z'))).toBe('2020-11-30T08:15:30Z');
    expect(zipEntryDate(new Date('1970-01-01T00:00:00Z')).toISOString()).toBe('1980-01-01T00:00:00.000Z');
    expect(zipEntryDate(new Date('2020-11-30T00:00:00Z')).toISOString()).toBe('2020-11-30T00:00:00.000Z');
  });
});

// ---------------------------------------------------------------------------
// LibreOffice, when installed: the file opens and shows the figures.

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;

describe('LibreOffice', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasSoffice || !hasPdftotext)(
    'converts the DOCX to a PDF that shows the figures',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bulletin-docx-'));
      dirs.push(dir);
      const docx = join(dir, 'bulletin.docx');
      writeFileSync(docx, await renderDocx(makeDoc({ draftMark: '征求意见稿' })));
      execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx],
        { stdio: 'ignore', timeout: 120_000 },
      );
      const pdf = join(dir, 'bulletin.pdf');
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      for (const figure of ['21771320', '1464420', '31140', String(10000 + 119 * 37), '025-12320']) {
        expect(text).toContain(figure);
      }
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      // masthead and news, then the stats page break and a 120-row table: a handful of pages
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(pages).toBeLessThanOrEqual(8);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    },
    180_000,
  );
});
