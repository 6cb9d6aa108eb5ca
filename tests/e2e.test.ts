/**
 * End to end: build the fixture month through the CLI and read the DOCX and
 * the PDF back. Every figure of the real November 2020 issue must be in both;
 * figures are also recomputed here from the fixture workbooks themselves.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { descendants, elements, textOf, topParagraphs, unzip } from './helpers/docx-xml.js';
import type { Unzipped } from './helpers/docx-xml.js';
import { figuresSplitAcrossLines, hasPoppler, normalizeFigures, pdfFonts, pdfInfo, pdfPages, pdfText } from './helpers/pdf.js';
import { tempDir } from './helpers/workbook.js';
import type { CliResult } from './helpers/cli.js';
import { cli, hasSoffice } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'fixtures');

/** dist/ is compiled from the sources as they are (npm test builds first; a bare vitest run may find it stale). */
function compiledIsCurrent(): boolean {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  try {
    return statSync(join(ROOT, 'dist', 'render', 'worker.js')).mtimeMs >= newest(join(ROOT, 'src'));
  } catch {
    return false;
  }
}
const NAME = '卫生信息2020年第11期';

type Run = CliResult;

async function seedFigures(): Promise<string[]> {
  const text = await readFile(join(import.meta.dirname, 'golden', 'seed-2020-11-figures.txt'), 'utf8');
  return text.split('\n').filter((l) => l && !l.startsWith('#'));
}

/** The exact kiosk sum may stand where the seed printed its provider's 合计 (0.01 元 more). */
const EITHER: Record<string, string[]> = { '272825683.20': ['272825683.20', '272825683.19'] };

const missing = (figures: string[], text: string) =>
  figures.filter((f) => !(EITHER[f] ?? [f]).some((x) => text.includes(x)));

let out: string;
let build: Run;
let docx: Unzipped;
let docxText: string;

beforeAll(async () => {
  out = await tempDir();
  build = await cli(['build', '2020-10', '--data', FIXTURES, '--out', out]);
  docx = await unzip(await readFile(join(out, `${NAME}.docx`)));
  // line breaks inside a paragraph (a table header on two lines, a stacked group label) are layout
  docxText = descendants(docx.body, 'w:p')
    .map((p) => textOf(p).replace(/\n/g, ''))
    .join('\n');
}, 120_000);

describe('bulletin build 2020-10', () => {
  it('succeeds with the two warnings the seed data really has, and writes one DOCX and one PDF named after the issue', async () => {
    expect(build.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([`${NAME}.docx`, `${NAME}.pdf`]);
    expect(build.stderr).toContain('报表为 91739，按明细计算为 91793，相差 54');
    expect(build.stderr).toContain('报表为 272825683.20 元，按明细计算为 272825683.19 元，相差 0.01 元');
    expect(build.stderr).toContain('共 0 个错误，2 个警告');
  });

  it('prints every figure of the real issue in the DOCX', async () => {
    const figures = await seedFigures();
    expect(figures).toHaveLength(438);
    expect(missing(figures, normalizeFigures(docxText))).toEqual([]);
  });

  it.skipIf(!hasPoppler())('prints every figure of the real issue in the PDF, as extractable text', async () => {
    const figures = await seedFigures();
    const text = pdfText(join(out, `${NAME}.pdf`));
    expect(missing(figures, normalizeFigures(text))).toEqual([]);
    expect(figuresSplitAcrossLines(figures, text)).toEqual([]);
  });

  it('holds the sections in the seed’s order, from the masthead to the center’s contact block', () => {
    const order = ['卫生信息', '2020年第11期', '南京市卫生信息中心', '新闻', '成功举办', '应急处置演练', '数据质量专项提升行动', '统计数据',
      '南京12320卫生热线2020年10月数据统计', '全省12320共接听电话', '2020年10月预约挂号服务统计表', '总预约挂号量为21771320次',
      '2020年10月分途径预约情况统计', '2020年10月南京市远程医疗系统数据统计', '远程医学会诊平台', '远程心电监测诊断平台', '远程临检诊断平台',
      '远程影像诊断平台', '数据采集情况（区）', '数据采集情况（医院）', '76.4亿条', '自助智能医疗服务终端医院使用情况表', '简讯', '5G+医疗健康',
      '地址：南京市紫竹林3号', '邮编：210003', '电话：025-83626620', '传真：025-83626621', 'njwsxx@163.com', 'www.nj12320.org'];
    let at = -1;
    for (const s of order) {
      const next = docxText.indexOf(s, at + 1);
      expect(next, `“${s}” after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
  });

  it('says 10月 in the October report, where the seed wrote 9月, and prints the hotline’s reported total', () => {
    expect(docxText).toMatch(/10月，全省12320共接听电话125883人次(（[^）]+）)?，各市电话量统计为：南京91739人次、苏州25029人次/);
    expect(docxText).not.toMatch(/9月，全省/);
    expect(docxText).toMatch(/2020年10月，南京12320卫生热线共受理咨询电话91739个，(较上月[^，]+，)?(较上年同月[^，]+，)?其中咨询类（不含专家咨询）41513个、医疗服务投诉177个、电话预约49593个/);
  });

  it('compares with last month and the same month last year when their folders are there', () => {
    // fixtures/2020-09 and 2019-10 are derived from 2020-10 (fixtures/derive-month.ts)
    expect(docxText).toMatch(/共受理咨询电话91739个，较上月(增长|下降)\d+\.\d%，较上年同月(增长|下降)\d+\.\d%，其中/);
    expect(docxText).toMatch(/采集心电病例126078份（较上月(增长|下降)\d+\.\d%，较上年同月(增长|下降)\d+\.\d%）/);
    expect(docxText).toContain('本月概览');
    expect(docxText).toContain('较上月排名');
    // September's cumulative plus October's bookings is the printed cumulative: no warning about it
    expect(build.stderr).not.toContain('累计预约挂号量');
  });

  it('prints the telemedicine paragraphs computed from the rosters', () => {
    expect(docxText).toContain('南京市远程医学会诊平台累计接入50家医疗机构，覆盖9个辖区，未对接的有玄武区、秦淮区、鼓楼区。');
    expect(docxText).toContain('联通南京市、马鞍山市、镇江市和扬州市4个城市');
    expect(docxText).toContain('本月数据上传量排名前三的分别是江苏省人民医院31082份，南京鼓楼医院21067份，江宁区13977份。');
    expect(docxText).toContain('本月数据上传量前三的分别是江苏省中西医结合医院23668份，南京市儿童医院11189份，南京鼓楼医院4592份。');
  });

  it('writes the booking table ranked by 小计 with computed totals that match the fixture workbook summed here', async () => {
    const wb = new ExcelJS.Workbook();
    const dir = join(FIXTURES, '2020-10');
    const file = (await readdir(dir)).find((f) => f.includes('预约挂号'))!;
    await wb.xlsx.readFile(join(dir, file));
    const ws = wb.worksheets[0]!;
    // find the header and sum every hospital row's four channels, as an independent check
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (!headerRow && row.values && (row.values as unknown[]).includes('电话预约')) headerRow = n;
    });
    const header = ws.getRow(headerRow).values as unknown[];
    const col = (name: string) => header.indexOf(name);
    const sums = { online: 0, phone: 0, clinic: 0, third: 0 };
    const subtotals: number[] = [];
    ws.eachRow((row, n) => {
      const name = row.getCell(col('单位')).value;
      if (n <= headerRow || typeof name !== 'string' || name.includes('合计') || name.startsWith('（')) return;
      const v = (c: string) => Number(row.getCell(col(c)).value);
      sums.online += v('12320在线预约');
      sums.phone += v('电话预约');
      sums.clinic += v('诊间预约');
      sums.third += v('第三方');
      subtotals.push(v('12320在线预约') + v('电话预约') + v('诊间预约') + v('第三方'));
    });
    const table = elements(docx.body)
      .filter((e) => e.name === 'w:tbl')
      .find((t) => textOf(t).replace(/\n/g, '').includes('12320在线预约'))!;
    const rows = elements(table)
      .filter((e) => e.name === 'w:tr')
      .map((tr) => elements(tr).filter((e) => e.name === 'w:tc').map((tc) => textOf(tc).replace(/\n/g, '')));
    // (with last month's ranking known, an eighth column shows each hospital's move)
    expect(rows[0]!.slice(0, 7)).toEqual(['序号', '单位', '12320在线预约', '电话预约', '诊间预约', '第三方', '小计']);
    const body = rows.slice(1, -1);
    expect(body.map((r) => Number(r[6]))).toEqual([...subtotals].sort((a, b) => b - a));
    expect(body.map((r) => r[0])).toEqual(body.map((_, i) => String(i + 1)));
    expect(rows.at(-1)!.slice(0, 6)).toEqual(['合计', String(sums.online), String(sums.phone), String(sums.clinic), String(sums.third), String(subtotals.reduce((a, b) => a + b, 0))]);
  });

  it('uses East Asian fonts and real tables with a repeating header row in the DOCX', () => {
    expect(docx.raw['word/styles.xml']).toMatch(/w:eastAsia="宋体"/);
    expect(docx.raw['word/styles.xml']).toMatch(/w:eastAsia="黑体"/);
    const tbls = elements(docx.body).filter((e) => e.name === 'w:tbl');
    // 本月概览, bookings, channels, the two collection tables, kiosks
    expect(tbls.length).toBe(6);
    for (const t of tbls) expect(descendants(t, 'w:tblHeader').length).toBeGreaterThan(0);
    expect(topParagraphs(docx).length).toBeGreaterThan(30);
  });

  it.skipIf(!hasPoppler())('writes an A4 PDF with embedded CJK font subsets', () => {
    const pdf = join(out, `${NAME}.pdf`);
    const info = pdfInfo(pdf);
    expect(info['Page size']).toMatch(/^595\.2\d* x 841\.8\d* pts \(A4\)/);
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatchObject({ embedded: true, subset: true, unicode: true });
    expect(fonts.some((f) => /NotoSerif/i.test(f.name))).toBe(true);
    expect(fonts.some((f) => /NotoSans/i.test(f.name))).toBe(true);
  });

  it.skipIf(!hasPoppler())('breaks table headers between words, never inside one', () => {
    const lines = pdfText(join(out, `${NAME}.pdf`)).split('\n').map((l) => l.trim());
    for (const word of ['在线预约', '上传天数', '上传人次', '上传量']) expect(lines.some((l) => l.includes(word)), word).toBe(true);
    for (const fragment of ['12320在', '数据上', '数据上传', '门急诊信']) expect(lines.filter((l) => l === fragment), fragment).toEqual([]);
  });

  it.skipIf(!hasPoppler())('repeats a table’s header row at the top of the next page it runs onto', () => {
    // layout mode keeps a table row on one line (raw mode may interleave the merged group label)
    const pages = pdfPages(join(out, `${NAME}.pdf`), true);
    const kioskPages = pages.filter((p) => /江苏省人民医院 +200 /.test(p) || /南京市江宁医院 +38 /.test(p) || /江宁区 +78 /.test(p));
    expect(kioskPages.length).toBeGreaterThan(1);
    // header cells may wrap inside their column: 投放台 / 数
    for (const p of kioskPages) expect(p).toMatch(/投\s*放\s*台\s*数/);
  });
});

describe('reproducible builds', () => {
  it('building the same month again gives byte-identical DOCX and PDF', async () => {
    const again = await tempDir();
    const r = await cli(['build', '2020-10', '--data', FIXTURES, '--out', again]);
    expect(r.code).toBe(0);
    for (const ext of ['docx', 'pdf']) {
      expect(await readFile(join(again, `${NAME}.${ext}`))).toEqual(await readFile(join(out, `${NAME}.${ext}`)));
    }
  }, 120_000);

  it.skipIf(!compiledIsCurrent())('the compiled CLI in a fresh process (DOCX and PDF rendered at once, the PDF in a worker thread) gives the same bytes', async () => {
    const again = await tempDir();
    execFileSync(process.execPath, [join(ROOT, 'bin', 'bulletin.js'), 'build', '2020-10', '--data', FIXTURES, '--out', again, '--quiet'], { stdio: 'ignore' });
    for (const ext of ['docx', 'pdf']) {
      expect(await readFile(join(again, `${NAME}.${ext}`))).toEqual(await readFile(join(out, `${NAME}.${ext}`)));
    }
  }, 120_000);
});

describe('a month without earlier months', () => {
  it('reads naturally: no comparisons, no gaps, no empty placeholders', async () => {
    const data = await tempDir();
    await cp(join(FIXTURES, '2020-10'), join(data, '2020-10'), { recursive: true });
    const target = await tempDir();
    const r = await cli(['build', '2020-10', '--data', data, '--out', target, '--format', 'docx']);
    expect(r.code).toBe(0);
    const u = await unzip(await readFile(join(target, `${NAME}.docx`)));
    const text = descendants(u.body, 'w:p').map((p) => textOf(p)).join('\n');
    expect(text).not.toMatch(/较上月|较上年同月|undefined|null|NaN|，，|，。|（）/);
    expect(text).toContain('2020年10月，南京12320卫生热线共受理咨询电话91739个，其中咨询类（不含专家咨询）41513个');
    expect(text).toContain('本月概览');
  });
});

describe('a failed build', () => {
  it('writes nothing, exits 1 with the problems, and leaves the earlier outputs untouched', async () => {
    const data = await tempDir();
    await cp(join(FIXTURES, '2020-10'), join(data, '2020-10'), { recursive: true });
    const target = await tempDir();
    const first = await cli(['build', '2020-10', '--data', data, '--out', target, '--format', 'docx']);
    expect(first.code).toBe(0);
    const before = await readFile(join(target, `${NAME}.docx`));
    const mtime = (await stat(join(target, `${NAME}.docx`))).mtimeMs;
    // a provider sends a corrupt workbook
    await writeFile(join(data, '2020-10', '补报.xlsx'), 'not a workbook');
    const second = await cli(['build', '2020-10', '--data', data, '--out', target, '--format', 'docx']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('补报.xlsx');
    expect(await readFile(join(target, `${NAME}.docx`))).toEqual(before);
    expect((await stat(join(target, `${NAME}.docx`))).mtimeMs).toBe(mtime);
    expect(await readdir(target)).toEqual([`${NAME}.docx`]);
  });

  it('builds a draft anyway with --draft, marked 征求意见稿 with the problems appended', async () => {
    const data = await tempDir();
    await cp(join(FIXTURES, '2020-10'), join(data, '2020-10'), { recursive: true });
    await writeFile(join(data, '2020-10', '补报.xlsx'), 'not a workbook');
    const target = await tempDir();
    const r = await cli(['build', '2020-10', '--data', data, '--out', target, '--format', 'docx', '--draft']);
    expect(r.code).toBe(0);
    const u = await unzip(await readFile(join(target, `${NAME}.docx`)));
    const text = descendants(u.body, 'w:p').map((p) => textOf(p)).join('\n');
    expect(text).toContain('附：数据校验问题');
    expect(text).toMatch(/补报\.xlsx：不是可读取的 Excel 工作簿/);
    expect(Object.entries(u.raw).some(([name, xml]) => name.startsWith('word/header') && xml.includes('征求意见稿'))).toBe(true);
  });

  it('reports a month with no folder, naming the month and the folder looked in', async () => {
    const r = await cli(['build', '2031-01', '--data', FIXTURES, '--out', await tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('2031-01');
    expect(r.stderr).toContain(join(FIXTURES, '2031-01'));
  });
});

describe.skipIf(!hasPoppler())('LibreOffice', () => {
  it.skipIf(!hasSoffice)('opens the DOCX and shows the same figures', async () => {
    const lo = await tempDir();
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', lo, join(out, `${NAME}.docx`)], { stdio: 'ignore', timeout: 120_000 });
    const raw = pdfText(join(lo, `${NAME}.pdf`));
    expect(missing(await seedFigures(), normalizeFigures(raw))).toEqual([]);
    // no figure cut by a line break (LibreOffice breaks inside numbers where the runs' Latin language is zh-CN)
    expect(figuresSplitAcrossLines(await seedFigures(), raw)).toEqual([]);
    // both read as the same bulletin: page counts agree within one page
    const office = Number(pdfInfo(join(lo, `${NAME}.pdf`))['Pages']);
    const ours = Number(pdfInfo(join(out, `${NAME}.pdf`))['Pages']);
    expect(Math.abs(office - ours)).toBeLessThanOrEqual(1);
  }, 150_000);
});
