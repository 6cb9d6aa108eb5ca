/**
 * Our .xlsx reader (src/sheets/xlsx): workbooks written by exceljs read back
 * as written (and as exceljs itself reads them); hand-made XML variants as
 * other writers produce them (namespace prefixes, no `r` attributes, inline
 * strings, character references, `_x000D_` escapes, shared formulas, odd
 * relationship targets); a LibreOffice-written file; hostile files, each with
 * its issue code; and streaming a 50,000-row sheet.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { constants as Z, deflateRawSync } from 'node:zlib';
import type { ZipInput } from './helpers/zip.js';
import { makeZip, NS, RNS, PKG, REL, XML, ROOT_RELS, workbookRels, simpleParts, bombSheet } from './helpers/zip.js';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellValue, SheetGrid } from '../src/sheets/grid.js';
import { EMPTY } from '../src/sheets/grid.js';
import { fromExcelValue, parseRange, readWorkbook } from '../src/sheets/read-workbook.js';
import type { StreamedRow } from '../src/sheets/xlsx/index.js';
import { openXlsx, readXlsx, XlsxError } from '../src/sheets/xlsx/index.js';
import { tempDir } from './helpers/workbook.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('bulletin-xlsx-');
});

// ---------------------------------------------------------------- values

const t = (value: string): CellValue => ({ kind: 'text', value });
const n = (value: number): CellValue => ({ kind: 'number', value });
const b = (value: boolean): CellValue => ({ kind: 'bool', value });
const d = (iso: string): CellValue => ({ kind: 'date', value: new Date(iso) });
const err = (value: string): CellValue => ({ kind: 'error', value });
const noResult = (formula: string): CellValue => ({ kind: 'formula-no-result', formula });
const E = EMPTY;

const sheet = (rows: string, tail = '') => `${XML}<worksheet xmlns="${NS}" xmlns:r="${RNS}"><sheetData>${rows}</sheetData>${tail}</worksheet>`;

let fileCounter = 0;
async function writeTemp(name: string, data: Buffer | string): Promise<string> {
  const path = join(dir, `${++fileCounter}-${name}`);
  await writeFile(path, data);
  return path;
}

async function readOne(parts: ZipInput[]): Promise<SheetGrid> {
  const path = await writeTemp('handmade.xlsx', makeZip(parts));
  const r = await readXlsx(path, 'handmade.xlsx');
  expect(r.issues).toEqual([]);
  expect(r.sheets).toHaveLength(1);
  return r.sheets[0]!;
}

async function issuesOf(path: string, name = 'bad.xlsx') {
  const r = await readXlsx(path, name);
  expect(r.sheets).toEqual([]);
  return r.issues;
}

// ---------------------------------------------------------------- exceljs-written workbooks

/** exceljs's own reading of a file, turned into grids the way the former reader did. */
async function readWithExceljs(path: string, file: string): Promise<SheetGrid[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheets: SheetGrid[] = [];
  wb.eachSheet((ws) => {
    const rows: CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.isMerged && cell.master !== cell) return;
        cells[col - 1] = fromExcelValue(cell.value);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= EMPTY;
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).map((m) => parseRange(m)!);
    sheets.push({ file, sheet: ws.name, rows, merges });
  });
  return sheets;
}

async function writeAllTypes(path: string, date1904 = false): Promise<void> {
  const wb = new ExcelJS.Workbook();
  if (date1904) wb.properties.date1904 = true;
  const ws = wb.addWorksheet('全部类型');
  ws.getCell('A1').value = '标题 & <符号> "引号" \'单引号\'';
  ws.getCell('B1').value = 42;
  ws.getCell('C1').value = -3.25;
  ws.getCell('D1').value = 0.1 + 0.2;
  ws.getCell('E1').value = 1e21;
  ws.getCell('A2').value = new Date(Date.UTC(2020, 9, 31));
  ws.getCell('B2').value = new Date(Date.UTC(2020, 9, 1, 8, 30, 15));
  ws.getCell('C2').value = 44105.5;
  ws.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('D2').value = 1234.5;
  ws.getCell('D2').numFmt = '0.00" days"';
  ws.getCell('E2').value = -7.5;
  ws.getCell('E2').numFmt = '[Red]0.00';
  ws.getCell('A3').value = { formula: 'B1*2', result: 84 };
  ws.getCell('B3').value = { formula: 'SUM(B1:C1)' } as ExcelJS.CellFormulaValue;
  ws.getCell('C3').value = { formula: 'A1&"x"', result: 'abc' };
  ws.getCell('A4').value = { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] };
  ws.getCell('B4').value = true;
  ws.getCell('C4').value = false;
  ws.getCell('D4').value = { error: '#DIV/0!' };
  ws.getCell('E4').value = { error: '#N/A' };
  ws.getCell('A5').value = '合并的标题';
  ws.mergeCells('A5:C6');
  ws.getCell('A7').value = 'line1\nline2';
  ws.getCell('B7').value = '  leading spaces';
  ws.getCell('A8').value = { text: '链接', hyperlink: 'http://example.org/?a=1&b=2' };
  const hidden = wb.addWorksheet('隐藏表');
  hidden.state = 'hidden';
  hidden.getCell('B2').value = '藏起来的';
  const odd = wb.addWorksheet('A&B <c>');
  odd.getCell('A1').value = 1;
  await wb.xlsx.writeFile(path);
}

describe('workbooks written by exceljs', () => {
  it('reads every cell type back as written: text, numbers, dates, formulas with and without results, rich text, booleans, errors, merges', async () => {
    const path = join(dir, 'all-types.xlsx');
    await writeAllTypes(path);
    const r = await readXlsx(path, '全部类型.xlsx');
    expect(r.issues).toEqual([]);
    expect(r.sheets.map((s) => s.sheet)).toEqual(['全部类型', '隐藏表', 'A&B <c>']);
    const g = r.sheets[0]!;
    expect(g.file).toBe('全部类型.xlsx');
    expect(g.rows).toEqual([
      [t('标题 & <符号> "引号" \'单引号\''), n(42), n(-3.25), n(0.1 + 0.2), n(1e21)],
      [d('2020-10-31T00:00:00Z'), d('2020-10-01T08:30:15Z'), d('2020-10-01T12:00:00Z'), n(1234.5), n(-7.5)],
      [n(84), noResult('SUM(B1:C1)'), t('abc')],
      [t('富文本'), b(true), b(false), err('#DIV/0!'), err('#N/A')],
      [t('合并的标题')],
      [],
      [t('line1\nline2'), t('  leading spaces')],
      [t('链接')],
    ]);
    expect(g.merges).toEqual([{ top: 4, left: 0, bottom: 5, right: 2 }]);
    expect(r.sheets[1]!.rows).toEqual([[], [E, t('藏起来的')]]);
    expect(r.sheets[2]!.rows).toEqual([[n(1)]]);
  });

  it('agrees with exceljs reading the same file', async () => {
    const path = join(dir, 'all-types-2.xlsx');
    await writeAllTypes(path);
    const ours = await readXlsx(path, 'x.xlsx');
    expect(ours.sheets).toEqual(await readWithExceljs(path, 'x.xlsx'));
  });

  it('agrees with exceljs on every fixture workbook of the seed month', async () => {
    const folder = join(import.meta.dirname, '..', 'fixtures', '2020-10');
    const files = (await readdir(folder)).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const ours = await readXlsx(join(folder, f), f);
      expect(ours.issues).toEqual([]);
      expect(ours.sheets, f).toEqual(await readWithExceljs(join(folder, f), f));
    }
  });

  it('honours the 1904 date system', async () => {
    const path = join(dir, 'date1904.xlsx');
    await writeAllTypes(path, true);
    const g = (await readXlsx(path, 'x.xlsx')).sheets[0]!;
    expect(g.rows[1]!.slice(0, 2)).toEqual([d('2020-10-31T00:00:00Z'), d('2020-10-01T08:30:15Z')]);
  });

  it('is what readWorkbook uses, with the same result', async () => {
    const path = join(dir, 'all-types-3.xlsx');
    await writeAllTypes(path);
    expect(await readWorkbook(path, 'x.xlsx')).toEqual(await readXlsx(path, 'x.xlsx'));
  });
});

// ---------------------------------------------------------------- hand-made XML, as other writers produce it

describe('hand-made workbooks (other writers)', () => {
  it('reads parts whose elements all carry a namespace prefix, with an absolute sheet target and shared strings', async () => {
    const g = await readOne([
      { name: '_rels/.rels', data: ROOT_RELS },
      {
        name: 'xl/workbook.xml',
        data: `${XML}<x:workbook xmlns:x="${NS}" xmlns:rel="${RNS}"><x:workbookPr/><x:sheets><x:sheet name="数据" sheetId="7" rel:id="rIdA"/></x:sheets></x:workbook>`,
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `${XML}<pr:Relationships xmlns:pr="${PKG}"><pr:Relationship Id="rIdA" Type="${REL('worksheet')}" Target="/xl/worksheets/data.xml"/><pr:Relationship Id="rIdS" Type="${REL('sharedStrings')}" Target="strings.xml"/></pr:Relationships>`,
      },
      {
        name: 'xl/worksheets/data.xml',
        data: `${XML}<x:worksheet xmlns:x="${NS}"><x:dimension ref="A1"/><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>2.5</x:v></x:c></x:row><x:row r="3"><x:c r="C3" t="s"><x:v>1</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells></x:worksheet>`,
      },
      {
        name: 'xl/strings.xml',
        data: `${XML}<x:sst xmlns:x="${NS}" count="2" uniqueCount="2"><x:si><x:t>医院</x:t></x:si><x:si><x:r><x:t>富</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve"> 文本</x:t></x:r></x:si></x:sst>`,
      },
    ]);
    expect(g.sheet).toBe('数据');
    // B1 is under the merge A1:B2, so it is emptied (the master holds the value); the dimension (A1) is ignored
    expect(g.rows).toEqual([[t('医院')], [], [E, E, t('富 文本')]]);
    expect(g.merges).toEqual([{ top: 0, left: 0, bottom: 1, right: 1 }]);
  });

  it('places rows and cells without r attributes at the next row / next column', async () => {
    const g = await readOne(
      simpleParts(
        sheet(
          '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>' + // row 1: A, B
            '<row r="4"><c r="C4"><v>2</v></c><c><v>3</v></c></row>' + // row 4: C, D
            '<row><c><v>4</v></c><c r="F5"><v>5</v></c><c><v>6</v></c></row>' + // row 5: A, F, G
            '<row spans="1:2"><c r="B9"><v>7</v></c></row>', // no r on the row: taken from its first cell (9)
        ),
      ),
    );
    expect(g.rows).toEqual([
      [t('a'), n(1)],
      [],
      [],
      [E, E, n(2), n(3)],
      [n(4), E, E, E, E, n(5), n(6)],
      [],
      [],
      [],
      [E, n(7)],
    ]);
  });

  it('reads inline strings, plain and rich, leaving phonetic runs out', async () => {
    const g = await readOne(
      simpleParts(
        sheet(
          '<row r="1"><c r="A1" t="inlineStr"><is><t>内联</t></is></c>' +
            '<c r="B1" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t xml:space="preserve">文 本 </t></r><rPh sb="0" eb="1"><t>フ</t></rPh></is></c>' +
            '<c r="C1" t="inlineStr"><is><t/></is></c><c r="D1" t="inlineStr"/></row>',
        ),
      ),
    );
    expect(g.rows).toEqual([[t('内联'), t('富文 本 ')]]);
  });

  it('decodes entities, numeric character references, CDATA and _xHHHH_ escapes; normalizes line ends', async () => {
    const g = await readOne(
      simpleParts(
        sheet(
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
            '<row r="2"><c r="A2" t="inlineStr"><is><t>&#x4E2D;&#25991;&amp;&lt;&gt;&quot;&apos;</t></is></c><c r="B2" t="str"><f>A2</f><v><![CDATA[<原样> &amp;]]></v></c>' +
            '<!-- a comment <c r="Z2"><v>9</v></c> --><c r="C2" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>',
        ),
        {
          sst:
            `${XML}<sst xmlns="${NS}"><si><t>&#x4E2D;&#25991; &amp; &lt;b&gt; &quot;q&quot; &apos;s&apos;</t></si>` +
            '<si><t>第一行_x000D_\n第二行</t></si><si><t>字面量 _x005F_x000D_</t></si><si><t>回车\r\n换行&#13;</t></si></sst>',
        },
      ),
    );
    expect(g.rows).toEqual([
      [t('中文 & <b> "q" \'s\''), t('第一行\r\n第二行'), t('字面量 _x000D_'), t('回车\n换行\r')],
      [t('中文&<>"\''), t('<原样> &amp;'), t('a\rb')],
    ]);
  });

  it('reads str/b/e/n/d cell types, formulas with and without cached values, and shared formulas', async () => {
    const g = await readOne(
      simpleParts(
        sheet(
          '<row r="1"><c r="A1" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
            '<c r="D1" t="n"><v>-1.5E-3</v></c><c r="E1" t="d"><v>2020-10-31T12:30:00</v></c><c r="F1"><f>SUM(A1:A9)</f></c><c r="G1"><f>SUM(A1:A9)</f><v></v></c></row>' +
            '<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">B2*$C$1+D2</f><v>10</v></c></row>' +
            '<row r="3"><c r="A3"><f t="shared" si="0"/><v>11</v></c></row>' +
            '<row r="4"><c r="A4"><f t="shared" si="0"/></c><c r="B4" t="str"><f>""</f><v></v></c></row>',
        ),
      ),
    );
    expect(g.rows).toEqual([
      [t('xy'), b(false), err('#DIV/0!'), n(-0.0015), d('2020-10-31T12:30:00Z'), noResult('SUM(A1:A9)'), noResult('SUM(A1:A9)')],
      [n(10)],
      [n(11)],
      [noResult('B4*$C$1+D4')],
    ]);
  });

  it('turns numbers with a date style into dates: built-in, CJK built-in and custom formats, not quoted or bracketed letters', async () => {
    const styles =
      `${XML}<styleSheet xmlns="${NS}"><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy/m/d\\ h:mm"/><numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/><numFmt numFmtId="166" formatCode="[Red][&lt;=9]0;#,##0_);\\d0"/></numFmts>` +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>';
    const g = await readOne(
      simpleParts(
        sheet(
          '<row r="1"><c r="A1" s="0"><v>44135</v></c><c r="B1" s="1"><v>44135</v></c><c r="C1" s="2"><v>44135</v></c><c r="D1" s="3"><v>44135.75</v></c>' +
            '<c r="E1" s="4"><v>44135</v></c><c r="F1" s="5"><v>44135</v></c><c r="G1" s="1"><v>1</v></c><c r="H1" s="1"><v>0.5</v></c><c r="I1" s="1" t="s"><v>0</v></c></row>',
        ),
        { styles, sst: `${XML}<sst xmlns="${NS}"><si><t>文本</t></si></sst>` },
      ),
    );
    expect(g.rows).toEqual([
      [n(44135), d('2020-10-31T00:00:00Z'), d('2020-10-31T00:00:00Z'), d('2020-10-31T18:00:00Z'), n(44135), n(44135), d('1900-01-01T00:00:00Z'), d('1899-12-30T12:00:00Z'), t('文本')],
    ]);
  });

  it('follows workbook.xml for sheet order (hidden sheets included), relative and absolute targets, and a UTF-16 part', async () => {
    const workbook = `<?xml version="1.0" encoding="UTF-16"?><workbook xmlns="${NS}" xmlns:r="${RNS}"><workbookPr date1904="true"/><sheets><sheet name="第二&amp;" sheetId="2" r:id="rId2"/><sheet name="隐藏" sheetId="1" state="veryHidden" r:id="rId1"/><sheet name="图表" sheetId="3" r:id="rId3"/></sheets></workbook>`;
    const path = await writeTemp(
      'order.xlsx',
      makeZip([
        { name: '_rels/.rels', data: ROOT_RELS },
        { name: 'xl/workbook.xml', data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(workbook, 'utf16le')]) },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data: workbookRels([
            ['rId1', 'worksheet', '/xl/worksheets/sheet1.xml'],
            ['rId2', 'worksheet', './worksheets/../worksheets/sheet2.xml'],
            ['rId3', 'chartsheet', 'chartsheets/sheet1.xml'],
          ]),
        },
        { name: 'xl/worksheets/sheet1.xml', data: sheet('<row r="1"><c r="A1"><v>1</v></c></row>') },
        { name: 'xl/worksheets/sheet2.xml', data: sheet('<row r="2"><c r="B2"><v>2</v></c></row>') },
        { name: 'xl/chartsheets/sheet1.xml', data: `${XML}<chartsheet xmlns="${NS}"/>` },
      ]),
    );
    const wb = await openXlsx(path, 'order.xlsx');
    try {
      expect(wb.sheets).toEqual([
        { name: '第二&', index: 0, state: 'visible' },
        { name: '隐藏', index: 1, state: 'veryHidden' },
      ]);
      expect((await wb.readSheet('第二&')).rows).toEqual([[], [E, n(2)]]);
      await expect(wb.readSheet('图表')).rejects.toMatchObject({ code: 'missing-sheet' });
    } finally {
      await wb.close();
    }
    const r = await readXlsx(path, 'order.xlsx');
    expect(r.issues).toEqual([]);
    expect(r.sheets.map((s) => [s.sheet, s.rows])).toEqual([
      ['第二&', [[], [E, n(2)]]],
      ['隐藏', [[n(1)]]],
    ]);
  });

  it('reads a zip64 package (saturated directory fields, zip64 extras and end records)', async () => {
    const parts = simpleParts(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>3</v></c></row>'), { sst: `${XML}<sst xmlns="${NS}"><si><t>六十四</t></si></sst>` });
    const path = await writeTemp('zip64.xlsx', makeZip(parts, { zip64: true }));
    const r = await readXlsx(path, 'zip64.xlsx');
    expect(r.issues).toEqual([]);
    expect(r.sheets[0]!.rows).toEqual([[t('六十四'), n(3)]]);
  });

  it('reports a shared-string index that does not exist as a corrupt sheet', async () => {
    const path = await writeTemp('bad-sst.xlsx', makeZip(simpleParts(sheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'), { sst: `${XML}<sst xmlns="${NS}"><si><t>x</t></si></sst>` })));
    const r = await readXlsx(path, 'bad-sst.xlsx');
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'corrupt-workbook', file: 'bad-sst.xlsx', sheet: 'Sheet1' })]);
    expect(r.issues[0]!.found).toContain('A1');
  });

  it('refuses a sheet that would materialize more cells than maxCells', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="D${i + 1}"><v>1</v></c></row>`).join('');
    const path = await writeTemp('many.xlsx', makeZip(simpleParts(sheet(rows))));
    expect((await readXlsx(path, 'many.xlsx', { maxCells: 1000 })).issues).toEqual([]);
    const r = await readXlsx(path, 'many.xlsx', { maxCells: 100 });
    expect(r.issues).toEqual([expect.objectContaining({ code: 'workbook-too-large', file: 'many.xlsx' })]);
  });
});

// ---------------------------------------------------------------- LibreOffice

function calcAvailable(): boolean {
  if (spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status !== 0) return false;
  try {
    const bin = realpathSync(execFileSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).trim());
    return existsSync(join(dirname(bin), 'libsclo.so'));
  } catch {
    return false;
  }
}
const hasCalc = calcAvailable();

describe('files written by LibreOffice', () => {
  it.skipIf(!hasCalc)(
    'reads an exceljs workbook rewritten by LibreOffice Calc, and a CSV converted by it',
    async () => {
      const src = join(dir, 'lo-src.xlsx');
      await writeAllTypes(src);
      const csv = join(dir, 'lo-calls.csv');
      await writeFile(csv, '来电时间,业务类型,通话时长\n2020-10-01 08:00:00,电话预约,125\n2020-10-02 09:30:00,"医疗服务投诉, 转办",60\n');
      const out = join(dir, 'lo-out');
      const profile = `file://${join(dir, 'lo-profile')}`;
      execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'xlsx', '--outdir', out, src], { stdio: 'ignore', timeout: 120_000 });
      execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', out, csv], {
        stdio: 'ignore',
        timeout: 120_000,
      });

      const r = await readXlsx(join(out, 'lo-src.xlsx'), 'lo.xlsx');
      expect(r.issues).toEqual([]);
      expect(r.sheets.map((s) => s.sheet)).toEqual(['全部类型', '隐藏表', 'A&B <c>']);
      const g = r.sheets[0]!;
      // LibreOffice writes numbers with 15 significant digits: 0.30000000000000004 becomes 0.3
      expect(g.rows[0]).toEqual([t('标题 & <符号> "引号" \'单引号\''), n(42), n(-3.25), n(0.3), n(1e21)]);
      expect(g.rows[1]).toEqual([d('2020-10-31T00:00:00Z'), d('2020-10-01T08:30:15Z'), d('2020-10-01T12:00:00Z'), n(1234.5), n(-7.5)]);
      // LibreOffice recalculates on load, so the formula without a result now has one
      expect(g.rows[2]).toEqual([n(84), n(38.75), t('abc')]);
      expect(g.rows[3]).toEqual([t('富文本'), b(true), b(false), err('#DIV/0!'), err('#N/A')]);
      expect(g.rows[4]).toEqual([t('合并的标题')]);
      expect(g.rows[6]).toEqual([t('line1\nline2'), t('  leading spaces')]);
      expect(g.merges).toEqual([{ top: 4, left: 0, bottom: 5, right: 2 }]);
      expect(r.sheets[1]!.rows[1]).toEqual([E, t('藏起来的')]);
      // and the same as exceljs makes of LibreOffice's file, but for one exceljs slip: LibreOffice
      // writes FALSE as the formula FALSE() with the cached value 0, which exceljs reads as no result
      const viaExceljs = await readWithExceljs(join(out, 'lo-src.xlsx'), 'lo.xlsx');
      expect(viaExceljs[0]!.rows[3]![2]).toEqual(noResult('FALSE()'));
      viaExceljs[0]!.rows[3]![2] = b(false);
      expect(r.sheets).toEqual(viaExceljs);

      const c = await readXlsx(join(out, 'lo-calls.xlsx'), 'calls.xlsx');
      expect(c.issues).toEqual([]);
      expect(c.sheets[0]!.rows).toEqual([
        [t('来电时间'), t('业务类型'), t('通话时长')],
        [d('2020-10-01T08:00:00Z'), t('电话预约'), n(125)],
        [d('2020-10-02T09:30:00Z'), t('医疗服务投诉, 转办'), n(60)],
      ]);
    },
    180_000,
  );
});

// ---------------------------------------------------------------- hostile files

/** Peak RSS growth while `fn` runs, sampled every 5 ms. */
async function rssGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; growth: number; ms: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growth: peak - before, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe('hostile files: every one an error issue, never a crash or a hang', () => {
  it('a decompression bomb whose sheet declares its 2 GiB is refused before inflating, in bounded memory', async () => {
    const bomb = bombSheet(2048);
    expect(bomb.size).toBeGreaterThan(2 ** 31);
    expect(bomb.compressed.length).toBeLessThan(8 * 1024 * 1024);
    const parts = simpleParts('').filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
    const path = await writeTemp('bomb.xlsx', makeZip([...parts, { name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, size: bomb.size }]));
    const { result, growth, ms } = await rssGrowth(() => readXlsx(path, 'bomb.xlsx'));
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'workbook-too-large', file: 'bomb.xlsx', sheet: 'Sheet1' })]);
    expect(growth).toBeLessThan(300 * 1024 * 1024);
    expect(ms).toBeLessThan(10_000);
  });

  it('a bomb that lies about its size (declares 100 KB) is caught while inflating, in bounded memory', async () => {
    const bomb = bombSheet(2048);
    const parts = simpleParts('').filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
    const path = await writeTemp('liar.xlsx', makeZip([...parts, { name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, size: 100_000 }]));
    const { result, growth, ms } = await rssGrowth(() => readXlsx(path, 'liar.xlsx'));
    expect(result.issues).toEqual([expect.objectContaining({ code: 'workbook-too-large', file: 'liar.xlsx' })]);
    expect(growth).toBeLessThan(300 * 1024 * 1024);
    expect(ms).toBeLessThan(10_000);
    // streaming the sheet meets the same wall
    const wb = await openXlsx(path, 'liar.xlsx');
    try {
      const rows: StreamedRow[] = [];
      await expect(
        (async () => {
          for await (const row of wb.streamRows('Sheet1')) rows.push(row);
        })(),
      ).rejects.toMatchObject({ code: 'workbook-too-large' });
      expect(rows).toEqual([]);
    } finally {
      await wb.close();
    }
  });

  it('a small part that inflates beyond its declared size is refused, never inflated past it', async () => {
    const compressed = deflateRawSync(Buffer.from(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(2000))));
    expect(compressed.length).toBeLessThan(64 * 1024);
    const parts = simpleParts('').filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
    const path = await writeTemp('small-liar.xlsx', makeZip([...parts, { name: 'xl/worksheets/sheet1.xml', compressed, size: 300 }]));
    expect((await issuesOf(path)).map((i) => i.code)).toEqual(['workbook-too-large']);
  });

  it('a lying bomb in the shared strings is refused for the whole workbook', async () => {
    const unit = Buffer.from('<si/>'.repeat(200_000));
    const flush = { finishFlush: Z.Z_FULL_FLUSH, level: 9 };
    const block = deflateRawSync(unit, flush);
    const compressed = Buffer.concat([deflateRawSync(Buffer.from(`<sst xmlns="${NS}">`), flush), ...Array.from({ length: 1000 }, () => block), deflateRawSync(Buffer.from('</sst>'))]);
    const parts = simpleParts(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), { sst: 'placeholder' }).filter((p) => p.name !== 'xl/sharedStrings.xml');
    const path = await writeTemp('sst-bomb.xlsx', makeZip([...parts, { name: 'xl/sharedStrings.xml', compressed, size: 5000 }]));
    expect((await issuesOf(path)).map((i) => i.code)).toEqual(['workbook-too-large']);
  });

  it('a text file named .xlsx is not a workbook', async () => {
    const path = await writeTemp('notes.xlsx', '来电时间,业务类型\n2020-10-01,电话预约\n');
    expect(await issuesOf(path, 'notes.xlsx')).toEqual([
      expect.objectContaining({ severity: 'error', code: 'not-a-workbook', file: 'notes.xlsx', message: '不是可读取的 Excel 工作簿（.xlsx）', expected: '.xlsx 工作簿' }),
    ]);
    expect((await issuesOf(await writeTemp('empty.xlsx', ''))).map((i) => i.code)).toEqual(['not-a-workbook']);
  });

  it('a zip without xl/workbook.xml is not a workbook', async () => {
    const path = await writeTemp('doc.xlsx', makeZip([{ name: 'word/document.xml', data: '<w:document/>' }, { name: 'readme.txt', data: 'hello' }]));
    const issues = await issuesOf(path);
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', code: 'not-a-workbook', file: 'bad.xlsx' })]);
    expect(issues[0]!.found).toContain('word/document.xml');
    // a Word document renamed .xlsx: its package points at word/document.xml
    const docx = await writeTemp(
      'word.xlsx',
      makeZip([
        { name: '_rels/.rels', data: `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL('officeDocument')}" Target="word/document.xml"/></Relationships>` },
        { name: 'word/document.xml', data: `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>` },
      ]),
    );
    expect(await issuesOf(docx)).toEqual([expect.objectContaining({ code: 'not-a-workbook', found: 'Word 文档（.docx）' })]);
  });

  it('a truncated or damaged zip is a corrupt workbook', async () => {
    const path = join(dir, 'whole.xlsx');
    await writeAllTypes(path);
    const bytes = await readFile(path);
    const half = await writeTemp('half.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await issuesOf(half, 'half.xlsx')).toEqual([expect.objectContaining({ severity: 'error', code: 'corrupt-workbook', file: 'half.xlsx' })]);
    // the directory intact but the sheet's compressed bytes overwritten
    const damaged = Buffer.from(bytes);
    const at = damaged.indexOf('xl/worksheets/sheet1.xml');
    damaged.fill(0x55, at + 40, at + 400);
    const r = await readXlsx(await writeTemp('damaged.xlsx', damaged), 'damaged.xlsx');
    expect(r.issues.map((i) => i.code)).toContain('corrupt-workbook');
  });

  it('an OLE2 compound file: encrypted when it holds EncryptionInfo, a legacy .xls otherwise', async () => {
    const magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const filler = Buffer.alloc(3 * 1024 * 1024 + 7, 0x20);
    const encrypted = Buffer.concat([magic, filler, Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(100)]);
    const enc = await issuesOf(await writeTemp('locked.xlsx', encrypted), 'locked.xlsx');
    expect(enc).toEqual([expect.objectContaining({ severity: 'error', code: 'encrypted-workbook', file: 'locked.xlsx' })]);
    expect(enc[0]!.message).toContain('密码');
    const legacy = Buffer.concat([magic, Buffer.alloc(4096), Buffer.from('Workbook', 'utf16le'), Buffer.alloc(512)]);
    const old = await issuesOf(await writeTemp('old.xlsx', legacy), 'old.xlsx');
    expect(old).toEqual([expect.objectContaining({ severity: 'error', code: 'legacy-xls', file: 'old.xlsx' })]);
    expect(old[0]!.message).toContain('.xls');
  });

  it('a DOCTYPE/ENTITY in any part is refused, never expanded', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';
    const inSheet = await writeTemp('laughs.xlsx', makeZip(simpleParts(`${laughs}<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>`)));
    const r = await readXlsx(inSheet, 'laughs.xlsx');
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'corrupt-workbook', file: 'laughs.xlsx', sheet: 'Sheet1' })]);
    const inWorkbook = await writeTemp(
      'laughs-wb.xlsx',
      makeZip(simpleParts(sheet(''), { workbook: `${laughs}<workbook xmlns="${NS}"><sheets><sheet name="&lol3;" sheetId="1"/></sheets></workbook>` })),
    );
    expect((await issuesOf(inWorkbook)).map((i) => i.code)).toEqual(['corrupt-workbook']);
  });

  it('a missing file is unreadable; openXlsx throws the issue as an XlsxError', async () => {
    expect((await issuesOf(join(dir, 'nope.xlsx'))).map((i) => i.code)).toEqual(['unreadable-file']);
    const e = await openXlsx(await writeTemp('text.xlsx', 'hello'), 'text.xlsx').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(XlsxError);
    expect((e as XlsxError).toIssue('text.xlsx')).toMatchObject({ code: 'not-a-workbook', file: 'text.xlsx' });
  });

  it('a folder named like a workbook is unreadable, read whole at once or through the disk', async () => {
    const folder = join(dir, 'folder.xlsx');
    await mkdir(folder, { recursive: true });
    for (const limits of [undefined, { wholeFileBytes: 0 }]) {
      const r = await readXlsx(folder, 'folder.xlsx', limits);
      expect(r.issues).toEqual([expect.objectContaining({ code: 'unreadable-file', message: expect.stringContaining('不是普通文件') })]);
    }
  });
});

// ---------------------------------------------------------------- streaming

describe('a file over wholeFileBytes, read through the disk instead of from memory', () => {
  const DISK = { wholeFileBytes: 0 };

  it('reads every part the same (zip64 included)', async () => {
    const whole = join(dir, 'disk-all-types.xlsx');
    await writeAllTypes(whole);
    const zip64 = await writeTemp('disk-zip64.xlsx', makeZip(simpleParts(sheet('<row r="1"><c r="A1"><v>3</v></c></row>')), { zip64: true }));
    for (const path of [whole, zip64]) {
      const fromMemory = await readXlsx(path, 'x.xlsx');
      expect(fromMemory.issues).toEqual([]);
      expect(await readXlsx(path, 'x.xlsx', DISK)).toEqual(fromMemory);
    }
  });

  it('finds the same faults: truncated, damaged, a lying bomb', async () => {
    const path = join(dir, 'disk-whole.xlsx');
    await writeAllTypes(path);
    const bytes = await readFile(path);
    const damaged = Buffer.from(bytes);
    const at = damaged.indexOf('xl/worksheets/sheet1.xml');
    damaged.fill(0x55, at + 40, at + 400);
    const bomb = bombSheet(2048);
    const parts = simpleParts('').filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
    const files = [
      await writeTemp('disk-half.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2))),
      await writeTemp('disk-damaged.xlsx', damaged),
      await writeTemp('disk-liar.xlsx', makeZip([...parts, { name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, size: 100_000 }])),
    ];
    const codes = [];
    for (const file of files) {
      const fromMemory = (await readXlsx(file, 'x.xlsx')).issues.map((i) => i.code);
      expect((await readXlsx(file, 'x.xlsx', DISK)).issues.map((i) => i.code)).toEqual(fromMemory);
      codes.push(fromMemory);
    }
    expect(codes.map((c) => c[0])).toEqual(['corrupt-workbook', 'corrupt-workbook', 'workbook-too-large']);
  });
});

describe('streamRows and readSheet on a large sheet', () => {
  const ROWS = 50_000;
  const TYPES = ['咨询类（不含专家咨询）', '医疗服务投诉', '电话预约', '心理危机干预'];
  let path: string;
  const expectedRow = (i: number): CellValue[] => [
    n(i),
    d(new Date(Date.UTC(2020, 9, 1) + i * 60_000).toISOString()),
    t(TYPES[i % TYPES.length]!),
    t(`来电号码${String(i * 7919).padStart(9, '0')}——中文长文本让分块边界落在多字节字符中间`),
    n(i * 1.25),
  ];

  beforeAll(async () => {
    path = join(dir, 'calls-50k.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('来电明细');
    ws.columns = [{}, { style: { numFmt: 'yyyy-mm-dd hh:mm' } }];
    ws.addRow(['序号', '来电时间', '业务类型', '来电号码', '通话时长']).commit();
    for (let i = 1; i <= ROWS; i++) {
      ws.addRow(
        expectedRow(i).map((c) => {
          if (c.kind === 'number' || c.kind === 'text' || c.kind === 'bool') return c.value;
          if (c.kind === 'date') return c.value;
          return null;
        }),
      ).commit();
    }
    ws.commit();
    await wb.commit();
  }, 60_000);

  it('yields every row in order with its values', async () => {
    const wb = await openXlsx(path, 'calls.xlsx');
    try {
      let next = 0;
      let mismatches = 0;
      for await (const { row, cells } of wb.streamRows('来电明细')) {
        expect(row).toBe(next);
        if (row === 0) expect(cells).toEqual([t('序号'), t('来电时间'), t('业务类型'), t('来电号码'), t('通话时长')]);
        else if (JSON.stringify(cells) !== JSON.stringify(expectedRow(row))) mismatches++;
        next++;
      }
      expect(next).toBe(ROWS + 1);
      expect(mismatches).toBe(0);
      const tail: number[] = [];
      for await (const { row } of wb.streamRows('来电明细', { fromRow: ROWS - 2 })) tail.push(row);
      expect(tail).toEqual([ROWS - 2, ROWS - 1, ROWS]);
    } finally {
      await wb.close();
    }
  });

  it('streams the same rows through the disk as from memory', async () => {
    const rowsOf = async (limits: { wholeFileBytes: number } | undefined) => {
      const wb = await openXlsx(path, 'calls.xlsx', limits);
      const rows: string[] = [];
      try {
        for await (const { row, cells } of wb.streamRows('来电明细')) rows.push(`${row}:${JSON.stringify(cells)}`);
      } finally {
        await wb.close();
      }
      return rows;
    };
    const fromMemory = await rowsOf(undefined);
    expect(fromMemory.length).toBe(ROWS + 1);
    expect(await rowsOf({ wholeFileBytes: 0 })).toEqual(fromMemory);
  }, 60_000);

  it('stops early when the consumer does, and the workbook stays usable', async () => {
    const wb = await openXlsx(path, 'calls.xlsx');
    try {
      let count = 0;
      for await (const _ of wb.streamRows('来电明细')) if (++count === 10) break;
      expect(count).toBe(10);
      const g = await wb.readSheet('来电明细', { maxRows: 3 });
      expect(g.rows).toHaveLength(3);
      expect(g.rows[2]).toEqual(expectedRow(2));
    } finally {
      await wb.close();
    }
  });

  it('streams rows of very wide sparse cells in bounded batches; as a grid they are refused for their size', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}"><v>${i}</v></c></row>`).join('');
    const path = await writeTemp('wide.xlsx', makeZip(simpleParts(sheet(rows))));
    const wb = await openXlsx(path, 'wide.xlsx');
    try {
      let count = 0;
      let ok = true;
      for await (const { row, cells } of wb.streamRows('Sheet1')) {
        ok &&= row === count && cells.length === 16_384 && cells[16_383]!.kind === 'number' && cells[0] === EMPTY;
        count++;
      }
      expect(count).toBe(400);
      expect(ok).toBe(true);
    } finally {
      await wb.close();
    }
    // 400 × 16,384 padded cells
    expect((await readXlsx(path, 'wide.xlsx', { maxCells: 5_000_000 })).issues).toEqual([
      expect.objectContaining({ code: 'workbook-too-large', file: 'wide.xlsx', sheet: 'Sheet1' }),
    ]);
  });

  it('refuses merged ranges covering more than a million cells', async () => {
    const path = await writeTemp('merge-bomb.xlsx', makeZip(simpleParts(sheet('<row r="1"><c r="A1"><v>1</v></c></row>', '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>'))));
    expect((await readXlsx(path, 'm.xlsx')).issues).toEqual([expect.objectContaining({ code: 'workbook-too-large', sheet: 'Sheet1' })]);
  });

  it('with maxRows, still finds the merged ranges that follow the rows (prefixed or not)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>行${i}</t></is></c></row>`).join('');
    for (const prefix of ['', 'x:']) {
      const xml = `${XML}<${prefix}worksheet xmlns${prefix ? `:${prefix.slice(0, -1)}` : ''}="${NS}"><${prefix}sheetData>${rows.replace(/<(\/?)(row|c|v|is|t)\b/g, `<$1${prefix}$2`)}</${prefix}sheetData><${prefix}mergeCells count="2"><${prefix}mergeCell ref="A1:B1"/><${prefix}mergeCell ref="C5:D19999"/></${prefix}mergeCells></${prefix}worksheet>`;
      const wb = await openXlsx(await writeTemp('merges-late.xlsx', makeZip(simpleParts(xml))), 'm.xlsx');
      try {
        const g = await wb.readSheet('Sheet1', { maxRows: 2 });
        expect(g.rows).toEqual([[n(0)], [n(1), t('行1')]]);
        expect(g.merges).toEqual([
          { top: 0, left: 0, bottom: 0, right: 1 },
          { top: 4, left: 2, bottom: 19_998, right: 3 },
        ]);
        expect((await wb.readSheet('Sheet1')).rows[19_999]).toEqual([n(19_999), t('行19999')]);
      } finally {
        await wb.close();
      }
    }
  });

  it('reads the whole sheet as a grid', async () => {
    const r = await readXlsx(path, 'calls.xlsx');
    expect(r.issues).toEqual([]);
    const g = r.sheets[0]!;
    expect(g.rows).toHaveLength(ROWS + 1);
    expect(g.rows[ROWS]).toEqual(expectedRow(ROWS));
    expect(g.rows[12_345]).toEqual(expectedRow(12_345));
  });
});
