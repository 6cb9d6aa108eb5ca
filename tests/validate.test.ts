/**
 * `bulletin validate`, table-driven: each good layout and each bad case is a
 * workbook written here; the CLI's exit code, the cell address and the wording
 * of the report are asserted. Files not written by exceljs are included.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { cli, hasSoffice } from './helpers/cli.js';
import type { Issue } from '../src/issues.js';
import type { SheetSpec } from './helpers/workbook.js';
import { tempDir, writeWorkbook } from './helpers/workbook.js';
import { bombSheet, makeZip, NS, simpleParts } from './helpers/zip.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

async function validate(name: string, sheets: SheetSpec[]): Promise<{ code: number; issues: Issue[]; tables: { kind: string; rows: number }[] }> {
  const path = await writeWorkbook(join(dir, name), sheets);
  const r = await cli(['validate', path, '--month', '2020-10', '--json']);
  const report = JSON.parse(r.stdout) as { issues: Issue[]; tables: { kind: string; rows: number }[] };
  return { code: r.code, issues: report.issues, tables: report.tables };
}

const BOOKINGS = ['单位', '12320在线预约', '电话预约', '诊间预约', '第三方'];
const PROVINCE = ['地市', '接听电话（人次）'];
const KIOSK = ['单位', '投放台数', '挂号（次）', '挂号金额（元）', '缴费（次）', '缴费金额（元）'];
const COLLECTION = ['接入单位', '申明上传表/规定上传表', '已上传表（CDA文档）', '数据上传量', '数据上传天数', '门急诊信息上传人次', '出院信息上传人次'];

describe('good layouts validate with no errors', () => {
  const cases: [string, SheetSpec[], string, number][] = [
    ['header below a title and a unit row', [{ name: 's', rows: [['2020年10月全省12320各市电话量'], ['填报单位：省12320管理中心', null, '单位：人次'], PROVINCE, ['南京市', 1]] }], 'province', 1],
    ['aliases of every header', [{ name: 's', rows: [['设区市', '接听量'], ['南京', 5]] }], 'province', 1],
    ['white space, line breaks and half-width parentheses in headers', [{ name: 's', rows: [[' 地 市 ', '接听电话\n(人次)'], ['南京市', 5]] }], 'province', 1],
    ['any column order, extra columns ignored', [{ name: 's', rows: [['备注', '第三方', '诊间预约', '单位', '电话预约', '12320在线预约', '科室数'], ['新', 1, 2, '南京鼓楼医院', 3, 4, 99]] }], 'bookings', 1],
    ['合计 and 总计 rows wherever the word stands', [{ name: 's', rows: [BOOKINGS, ['甲医院', 1, 1, 1, 1], [null, '总计', null, null, null], ['乙医院', 2, 2, 2, 2]] }], 'bookings', 2],
    ['blank rows between data rows, notes rows after', [{ name: 's', rows: [PROVINCE, ['南京市', 1], [], [], ['苏州市', 2], ['注：不含省直'], ['说明：人次']] }], 'province', 2],
    ['numbers as text with separators, spaces and full-width digits; money as text', [{ name: 's', rows: [KIOSK, ['甲医院', '１２', ' 1 000 ', '1,234,567.89', '２,０００', '0.5']] }], 'kiosks', 1],
    ['empty, 未反馈 and — where allowed', [{ name: 's', rows: [[...COLLECTION], ['甲医院', '未反馈/83', 1, 2, 3, 4, 5]] }, { name: 't', rows: [['平台', '机构名称', '城市', '所在区', '机构类别', '本月上传量'], ['远程心电', '甲医院', null, '—', '三级医院', '未反馈']] }], 'collection-hospitals', 1],
    ['units in parentheses after a header', [{ name: 's', rows: [['单位', '12320在线预约（次）', '电话预约(次)', '诊间预约（次）', '第三方（次）', '小计（次）'], ['甲医院', 1, 2, 3, 4, 10]] }], 'bookings', 1],
    ['formulas by their cached result', [{ name: 's', rows: [[...BOOKINGS, '小计'], ['甲医院', 1, 2, 3, 4, { formula: 'SUM(B2:E2)', result: 10 }]] }], 'bookings', 1],
    ['note rows of several cells: a units row, 注：… | figure, 说明：… | text', [{ name: 's', rows: [BOOKINGS, ['（单位）', '（次）', '（次）', '（次）', '（次）'], ['甲医院', 1, 1, 1, 1], ['注：截止10月底总预约挂号量（次）', 21771320], ['说明：', '数据来源于各医院']] }], 'bookings', 1],
    ['a table on a sheet named 说明', [{ name: '说明', rows: [PROVINCE, ['南京市', 1]] }], 'province', 1],
    ['a header below 30 rows of preamble', [{ name: 's', rows: [...Array.from({ length: 34 }, (_, i) => [`说明第${i + 1}行`]), PROVINCE, ['南京市', 1]] }], 'province', 1],
    ['a district collection table with a unit on its 健康档案 group', [{ name: 's', rows: [[...COLLECTION, '健康档案累计上传总量（份）', null, null], [...COLLECTION.map(() => null), '基本信息', '高血压', '糖尿病'], ['玄武区', '1/2', 1, 1, 1, 1, 1, 1, 1, 1]], merges: ['H1:J1', ...'ABCDEFG'.split('').map((c) => `${c}1:${c}2`)] }], 'collection-districts', 1],
  ];
  it.each(cases)('%s', async (label, sheets, kind, rows) => {
    const r = await validate(`${label.slice(0, 12)}.xlsx`, sheets);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.tables[0]).toMatchObject({ kind, rows });
  });
});

describe('every problem is reported with file › sheet › cell, the column, what was expected and what was found', () => {
  const cases: [string, SheetSpec[], Partial<Issue>][] = [
    ['text in a number cell', [{ name: '预约', rows: [BOOKINGS, ['甲医院', '十二', 1, 1, 1]] }], { code: 'not-a-number', sheet: '预约', cell: 'B2', column: '12320在线预约', expected: '非负整数', found: '“十二”' }],
    ['a negative count', [{ name: 's', rows: [BOOKINGS, ['甲医院', 1, -3, 1, 1]] }], { code: 'negative', cell: 'C2', found: '-3' }],
    ['a fraction in a count', [{ name: 's', rows: [BOOKINGS, ['甲医院', 1, 1, 2.5, 1]] }], { code: 'fraction', cell: 'D2', expected: '整数' }],
    ['money with more than two decimals', [{ name: 's', rows: [KIOSK, ['甲医院', 1, 1, '12.345', 1, 1]] }], { code: 'money-decimals', cell: 'D2', column: '挂号金额（元）' }],
    ['a required column missing, with the closest header', [{ name: 's', rows: [['单位', '12320在线预约', '电话预约', '诊间预约', '第三方平台'], ['甲医院', 1, 1, 1, 1]] }], { code: 'missing-column', expected: '第三方', found: '第三方平台' }],
    ['the same name twice', [{ name: 's', rows: [PROVINCE, ['南京市', 1], ['南京', 2]] }], { code: 'duplicate-name', cell: 'A3' }],
    ['an unknown hotline item', [{ name: 's', rows: [['项目', '数量'], ['咨询类', 1], ['表扬', 2]] }], { code: 'unknown-item', cell: 'A3', found: '表扬' }],
    ['an unknown 业务类型 in the call log', [{ name: 's', rows: [['来电时间', '业务类型', '来电号码'], ['2020-10-01 08:00', '咨询类', '139'], ['2020-10-01 08:01', '闲聊', '138']] }], { code: 'unknown-item', cell: 'B3', found: '闲聊' }],
    ['数据上传天数 beyond the days of the month', [{ name: 's', rows: [COLLECTION, ['甲医院', '1/2', 1, 1, 32, 1, 1]] }], { code: 'invalid-value', cell: 'E2' }],
    ['a title naming another month', [{ name: 's', rows: [['2020年9月预约挂号服务统计表'], BOOKINGS, ['甲医院', 1, 1, 1, 1]] }], { code: 'wrong-month', cell: 'A1', expected: '2020年10月' }],
    ['a formula with no cached result', [{ name: 's', rows: [BOOKINGS, ['甲医院', { formula: 'C2*2' }, 1, 1, 1]] }], { code: 'formula-no-result', cell: 'B2' }],
    ['a money column in 万元 is not read as 元', [{ name: 's', rows: [['单位', '投放台数', '挂号（次）', '挂号金额（万元）', '缴费（次）', '缴费金额（元）'], ['甲医院', 1, 1, 1, 1, 1]] }], { code: 'missing-column', expected: '挂号金额（元）', found: '挂号金额（万元）' }],
    ['a value missing where one is required', [{ name: 's', rows: [BOOKINGS, ['甲医院', 1, '未反馈', 1, 1]] }], { code: 'missing-value', cell: 'C2' }],
    ['a 合计 that is no figure', [{ name: 's', rows: [PROVINCE, ['南京市', 1], ['合计', '约12.6万']] }], { code: 'not-a-number', cell: 'B3', found: '“约12.6万”' }],
    ['a 合计 formula with no cached result', [{ name: 's', rows: [PROVINCE, ['南京市', 1], ['合计', { formula: 'SUM(B2:B2)' }]] }], { code: 'formula-no-result', cell: 'B3' }],
    [
      'a district table with a misnamed 健康档案 column is no hospital table',
      [{ name: 's', rows: [[...COLLECTION, '健康档案累计上传总量', null, null], [...COLLECTION.map(() => null), '基本信息', '高血压患者', '糖尿病'], ['玄武区', '1/2', 1, 1, 1, 1, 1, 1, 1, 1]], merges: ['H1:J1', ...'ABCDEFG'.split('').map((c) => `${c}1:${c}2`)] }],
      { code: 'missing-column', expected: '健康档案累计上传总量/高血压', found: '健康档案累计上传总量/高血压患者' },
    ],
  ];
  it.each(cases)('%s', async (label, sheets, expected) => {
    const r = await validate(`bad-${label.slice(0, 10)}.xlsx`, sheets);
    expect(r.code).toBe(1);
    const errors = r.issues.filter((i) => i.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ severity: 'error', file: `bad-${label.slice(0, 10)}.xlsx`, ...expected })]);
    expect(errors[0]!.message.length).toBeGreaterThan(4);
  });

  it('reports every problem, not just the first', async () => {
    const r = await validate('many.xlsx', [{ name: 's', rows: [BOOKINGS, ['甲医院', 'x', -1, 1, 1], ['乙医院', 1, 1, 0.5, 1], ['甲医院', 1, 1, 1, 1]] }]);
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.cell)).toEqual(['B2', 'C2', 'D3']);
  });
});

describe('warnings do not fail validation', () => {
  it('a reported total that differs gives both figures and the difference', async () => {
    const r = await validate('total.xlsx', [{ name: 's', rows: [PROVINCE, ['南京市', 10], ['苏州市', 5], ['合计', 16]] }]);
    expect(r.code).toBe(0);
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'total-mismatch', cell: 'B4', expected: '15', found: '16' })]);
    expect(r.issues[0]!.message).toContain('相差 1');
  });

  it('a 合计 under the right-hand block of the channel list, beside a channel in the left one', async () => {
    const r = await validate('channels-right.xlsx', [
      { name: 's', rows: [['序号', '名称', '预约数量', '序号', '名称', '预约数量'], [1, '甲', 10, 3, '丙', 5], [2, '乙', 7, null, '合计', 22]] },
    ]);
    expect(r.code).toBe(0);
    expect(r.issues).toEqual([]);
    expect(r.tables[0]).toMatchObject({ kind: 'channels', rows: 3 });
  });

  it('every total of the hotline summary is cross-checked', async () => {
    const rows = [['项目', '数量'], ['受理咨询电话总量', 3], ['咨询类', 1], ['医疗服务投诉', 1], ['电话预约', 1], ['心理危机干预', 0], ['医院满意度调查', 0], ['自助语音问答', 0], ['合计', 50]];
    const r = await validate('hotline-totals.xlsx', [{ name: 's', rows }]);
    expect(r.code).toBe(0);
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'total-mismatch', cell: 'B9', expected: '3', found: '50' })]);
  });

  it('a table with a header and no rows (a blank template sent back) counts as not provided', async () => {
    const r = await validate('blank.xlsx', [{ name: 's', rows: [['2020年10月全省12320各市电话量'], PROVINCE] }]);
    expect(r.code).toBe(0);
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'empty-table', cell: 'A3' })]);
  });

  it('a sheet with no known table', async () => {
    const r = await validate('extra.xlsx', [{ name: 's', rows: [PROVINCE, ['南京市', 10]] }, { name: '图表数据', rows: [['x', 'y'], [1, 2]] }]);
    expect(r.code).toBe(0);
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'unknown-sheet', sheet: '图表数据' })]);
  });

  it('a kind with no table this month (month folders only)', async () => {
    const data = await tempDir();
    await writeWorkbook(join(data, '2020-10', 'p.xlsx'), [{ name: 's', rows: [PROVINCE, ['南京市', 10]] }]);
    await writeFile(join(data, '2020-10', 'bulletin.yaml'), 'issue: { year: 2020, number: 11 }\n');
    const r = await cli(['validate', '2020-10', '--data', data, '--json']);
    expect(r.code).toBe(0);
    const issues = (JSON.parse(r.stdout) as { issues: Issue[] }).issues;
    expect(issues.filter((i) => i.code === 'missing-kind').map((i) => i.message)).toContain('本月没有“预约挂号服务统计表”表：该部分将从简报中略去');
  });
});

describe('files that are not good workbooks', () => {
  it('a text file named .xlsx', async () => {
    const path = join(dir, '预约.xlsx');
    await writeFile(path, '单位,电话预约\n甲医院,1\n');
    const r = await cli(['validate', path, '--month', '2020-10', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues).toEqual([expect.objectContaining({ code: 'not-a-workbook', file: '预约.xlsx' })]);
  });

  it('a truncated workbook', async () => {
    const good = await writeWorkbook(join(dir, 'full.xlsx'), [{ name: 's', rows: [PROVINCE, ['南京市', 1]] }]);
    const bytes = await readFile(good);
    const path = join(dir, 'half.xlsx');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r = await cli(['validate', path, '--month', '2020-10', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues[0]).toMatchObject({ code: 'corrupt-workbook', file: 'half.xlsx' });
  });

  it('an encrypted workbook and a legacy .xls', async () => {
    // an OLE2 compound file: the magic, then (for an encrypted workbook) its EncryptionInfo stream name
    const magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const pad = Buffer.alloc(1024);
    const enc = join(dir, '加密.xlsx');
    await writeFile(enc, Buffer.concat([magic, pad, Buffer.from('EncryptionInfo', 'utf16le'), pad]));
    const xls = join(dir, '旧版.xls');
    await writeFile(xls, Buffer.concat([magic, pad, Buffer.from('Workbook', 'utf16le'), pad]));
    const r = await cli(['validate', enc, xls, '--month', '2020-10', '--json']);
    expect(r.code).toBe(1);
    const issues = JSON.parse(r.stdout).issues as Issue[];
    expect(issues.map((i) => [i.code, i.file])).toEqual([
      ['encrypted-workbook', '加密.xlsx'],
      ['legacy-xls', '旧版.xls'],
    ]);
    expect(issues[1]!.message + (issues[1]!.expected ?? '')).toMatch(/xlsx/);
  });

  it('a sheet that inflates to gigabytes is refused, with bounded memory', async () => {
    // ~2 GiB of rows compressed to a few MB, declaring a small size (declared sizes can lie)
    const bomb = bombSheet(2048);
    const parts = simpleParts('<worksheet/>').filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
    const path = join(dir, '炸弹.xlsx');
    await writeFile(path, makeZip([...parts, { name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, size: 100_000 }]));
    const before = process.memoryUsage().rss;
    const r = await cli(['validate', path, '--month', '2020-10', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues[0]).toMatchObject({ code: 'workbook-too-large', file: '炸弹.xlsx' });
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 ** 2);
  });

  it('XML entities are never expanded', async () => {
    const evil = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="${NS}"><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`;
    const path = join(dir, 'entities.xlsx');
    await writeFile(path, makeZip(simpleParts(evil)));
    const r = await cli(['validate', path, '--month', '2020-10', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues[0]).toMatchObject({ code: 'corrupt-workbook', file: 'entities.xlsx' });
  });

  it.skipIf(!hasSoffice)('a workbook saved by LibreOffice', async () => {
    const src = await writeWorkbook(join(dir, 'lo-src.xlsx'), [
      { name: '各市', rows: [['2020年10月全省12320各市电话量'], PROVINCE, ['南京市', 91739], ['苏州市', 25029], ['合计', 116768]], merges: ['A1:B1'] },
    ]);
    const out = await tempDir();
    execFileSync('soffice', ['--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, src], { stdio: 'ignore', timeout: 120_000 });
    const path = join(out, 'lo-src.xlsx');
    const renamed = join(dir, 'LibreOffice保存.xlsx');
    await copyFile(path, renamed);
    const r = await cli(['validate', renamed, '--month', '2020-10', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tables).toEqual([expect.objectContaining({ kind: 'province', rows: 2 })]);
  }, 150_000);
});

describe('output and exit codes', () => {
  it('prints people-facing messages on stderr, plain without a TTY, and a summary line', async () => {
    const path = await writeWorkbook(join(dir, 'plain.xlsx'), [{ name: 's', rows: [BOOKINGS, ['甲医院', 'x', 1, 1, 1]] }]);
    const r = await cli(['validate', path, '--month', '2020-10']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('plain.xlsx › s › B2');
    expect(r.stderr).toContain('共 1 个错误，0 个警告');
    expect(r.stderr).not.toContain('\u001b[');
  });

  it('colors on a terminal, and not with NO_COLOR', async () => {
    const path = await writeWorkbook(join(dir, 'color.xlsx'), [{ name: 's', rows: [BOOKINGS, ['甲医院', 'x', 1, 1, 1]] }]);
    expect((await cli(['validate', path, '--month', '2020-10'], { tty: true })).stderr).toContain('\u001b[31m');
    expect((await cli(['validate', path, '--month', '2020-10'], { env: { NO_COLOR: '1' }, tty: true })).stderr).not.toContain('\u001b[');
  });

  it('prints the package version with --version and -V, and help in Chinese', async () => {
    const { version } = JSON.parse(await readFile(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) expect(await cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await cli(['build', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('-h, --help');
    expect(help.stdout).toContain('显示帮助');
    expect(help.stdout).not.toContain('display help');
  });

  it('exits 2 for usage errors', async () => {
    expect((await cli(['validate', '2020-13'])).code).toBe(2);
    expect((await cli(['build', '--no-such-option'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('never shows a stack trace for bad input', async () => {
    const path = join(dir, 'zero.xlsx');
    await writeFile(path, '');
    const r = await cli(['validate', path, '--month', '2020-10']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the call-detail log', () => {
  it('counts 100,000 rows, streamed, into the hotline summary', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const path = join(dir, '来电明细.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const ws = wb.addWorksheet('明细');
    ws.addRow(['2020年10月12320来电明细']).commit();
    ws.addRow(['来电时间', '来电号码', '业务类型', '坐席', '通话时长']).commit();
    const types = ['咨询类', '医疗服务投诉', '电话预约', '心理危机干预', '医院满意度调查', '自助语音问答', '市12345工单', '省12345工单'];
    const expected = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const t = types[(i * 7919) % 97 < 60 ? 0 : i % types.length]!;
      expected.set(t, (expected.get(t) ?? 0) + 1);
      ws.addRow([`2020-10-${String(1 + (i % 31)).padStart(2, '0')} 08:00`, `139${String(i).padStart(8, '0')}`, t, `A${i % 40}`, 60 + (i % 300)]).commit();
    }
    await wb.commit();
    const data = await tempDir();
    await copyFile(path, join(data, '来电明细.xlsx'));
    const r = await cli(['validate', join(data, '来电明细.xlsx'), '--month', '2020-10', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { tables: { kind: string; rows: number }[] };
    expect(report.tables).toEqual([expect.objectContaining({ kind: 'hotline-log', rows: 100_000 })]);
    // the counts reach the model: build the hotline sentence from it
    const { loadWorkbooks } = await import('../src/month/load.js');
    const month = await loadWorkbooks([join(data, '来电明细.xlsx')], { year: 2020, month: 10 }, { aliases: {}, districts: [] });
    expect(month.hotline!.counts.consult).toBe(expected.get('咨询类'));
    expect(month.hotline!.counts.city12345).toBe(expected.get('市12345工单'));
    expect(Object.values(month.hotline!.counts).reduce((a, b) => a + b, 0)).toBe(100_000);
  }, 120_000);
});

describe('files checked without --month', () => {
  it('take the month from the first title that names one, and check the others against it', async () => {
    const sep = await writeWorkbook(join(dir, 'sep-a.xlsx'), [{ name: 's', rows: [['2020年9月卫生信息平台数据采集情况（医院）'], COLLECTION, ['甲医院', '1/2', 1, 1, 31, 1, 1]] }]);
    const oct = await writeWorkbook(join(dir, 'oct-b.xlsx'), [{ name: 's', rows: [['2020年10月全省12320各市电话量'], PROVINCE, ['南京市', 1]] }]);
    const r = await cli(['validate', sep, oct, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { month: string; issues: Issue[] };
    expect(report.month).toBe('2020-09');
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.file, i.cell])).toEqual([
      ['wrong-month', 'oct-b.xlsx', 'A1'],
      ['days-beyond-month', 'sep-a.xlsx', 'E3'],
    ]);
  });

  it('skip month checks, and say so, when no title names a month', async () => {
    const path = await writeWorkbook(join(dir, 'nomonth.xlsx'), [{ name: 's', rows: [PROVINCE, ['南京市', 1]] }]);
    const r = await cli(['validate', path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('未做月份检查');
  });
});

describe('control characters', () => {
  it('never reach the DOCX, even in names read from a workbook', async () => {
    const data = await tempDir();
    const fixtures = join(import.meta.dirname, '..', 'fixtures', '2020-10');
    const { cp } = await import('node:fs/promises');
    await cp(fixtures, join(data, '2020-10'), { recursive: true });
    const { rm } = await import('node:fs/promises');
    const { readdir } = await import('node:fs/promises');
    for (const f of await readdir(join(data, '2020-10'))) if (f.includes('预约挂号')) await rm(join(data, '2020-10', f));
    await writeWorkbook(join(data, '2020-10', '预约.xlsx'), [
      { name: 's', rows: [BOOKINGS, ['南京\u0007鼓楼\u000b医院\u0000', 1, 1, 1, 1], ['南京市儿童医院\u001f', 2, 2, 2, 2]] },
    ]);
    const out = await tempDir();
    const r = await cli(['build', '2020-10', '--data', data, '--out', out, '--format', 'docx']);
    expect(r.code).toBe(0);
    const zip = await JSZip.loadAsync(await readFile(join(out, '卫生信息2020年第11期.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).toContain('南京鼓楼医院');
  }, 60_000);
});

describe('figures two providers report', () => {
  /** the address of the cell in `header`'s column on the row whose cells include `name` (first sheet) */
  async function cellOf(file: string, name: string, header: RegExp): Promise<{ book: ExcelJS.Workbook; sheet: ExcelJS.Worksheet; address: string }> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    let column = 0;
    let row = 0;
    sheet.eachRow((r, n) => {
      r.eachCell((c, col) => {
        if (!column && typeof c.value === 'string' && header.test(c.value)) column = col;
        if (!row && c.value === name) row = n;
      });
    });
    if (!column || !row) throw new Error(`fixture: no ${name} / ${header} in ${file}`);
    return { book, sheet, address: sheet.getCell(row, column).address };
  }

  it('that disagree are a warning at the hotline figure that names the other table’s cell too', async () => {
    const data = await tempDir();
    const month = join(data, '2020-10');
    await cp(join(import.meta.dirname, '..', 'fixtures', '2020-10'), month, { recursive: true });
    // 南京's calls in the province table, 100 more than the hotline's total
    const provinceFile = join(month, '全省12320各市话务量2020年10月.xlsx');
    const province = await cellOf(provinceFile, '南京市', /接听/);
    const calls = province.sheet.getCell(province.address);
    calls.value = Number(calls.value) + 100;
    await province.book.xlsx.writeFile(provinceFile);
    // and the hotline's 电话预约, 5 more than the booking table's phone total
    const hotlineFile = join(month, '12320热线10月受理汇总.xlsx');
    const phone = await cellOf(hotlineFile, '电话预约', /^数量$/);
    const phoneCell = phone.sheet.getCell(phone.address);
    phoneCell.value = Number(phoneCell.value) + 5;
    await phone.book.xlsx.writeFile(hotlineFile);

    const r = await cli(['validate', '2020-10', '--data', data, '--json']);
    const cross = (JSON.parse(r.stdout) as { issues: Issue[] }).issues.filter((i) => i.code === 'cross-table-mismatch');
    expect(cross).toHaveLength(2);
    const [phoneIssue, callsIssue] = [cross.find((i) => i.message.startsWith('12320热线的电话预约')), cross.find((i) => i.message.startsWith('全省电话量表'))];
    // at the hotline's 电话预约 cell; the booking table's phone figures named in the message
    expect(phoneIssue).toMatchObject({ severity: 'warning', file: '12320热线10月受理汇总.xlsx', cell: phone.address });
    expect(phoneIssue!.message).toMatch(/相差 5（预约挂号表：10月预约挂号统计\(1\)\.xlsx › .+ › [A-Z]+\d+(:[A-Z]+\d+)?）$/);
    // at the hotline's reported total; the province table's 南京 cell named in the message
    expect(callsIssue).toMatchObject({ severity: 'warning', file: '12320热线10月受理汇总.xlsx', cell: 'B4' });
    expect(callsIssue!.message).toContain(`（全省电话量表：全省12320各市话务量2020年10月.xlsx › ${province.sheet.name} › ${province.address}）`);
  }, 60_000);
});
