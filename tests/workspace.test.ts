/** bulletin init and bulletin template: the editor's scaffolding and the providers' blank workbooks. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli, hasSoffice } from './helpers/cli.js';
import type { Issue } from '../src/issues.js';
import { makeDirs } from '../src/output/make-dirs.js';
import { TEMPLATE_KINDS } from '../src/provider/template.js';
import { bundleIsCurrent } from './helpers/bundle.js';
import { tempDir } from './helpers/workbook.js';

describe('bulletin init', () => {
  it('scaffolds configuration, templates, data/ and a CI workflow; a second run changes nothing and says so', async () => {
    const dir = await tempDir();
    const first = await cli(['init', dir]);
    expect(first.code).toBe(0);
    const files = (await readdir(dir, { recursive: true })).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining(['bulletin.config.yaml', join('data', 'README.md'), join('.github', 'workflows', 'bulletin.yml'), join('templates', 'sections', 'statistics.hbs'), join('templates', 'partials', 'hotline.hbs')]),
    );
    const config = await readFile(join(dir, 'bulletin.config.yaml'), 'utf8');
    await writeFile(join(dir, 'bulletin.config.yaml'), config.replace('title: 卫生信息', 'title: 卫生信息（试刊）'));
    const second = await cli(['init', dir]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('没有改动');
    expect(await readFile(join(dir, 'bulletin.config.yaml'), 'utf8')).toContain('卫生信息（试刊）');
  });

  // A file-size limit (ulimit -f) stands in for a disk that fills up halfway through a copy. Node's copyFile
  // (libuv) removes a destination it could not fill: no truncated template is left for the next run to keep
  it.skipIf(process.platform !== 'linux' || !bundleIsCurrent())('leaves no truncated file when a copy fails halfway, so that a second run completes the workspace', async () => {
    const dir = await tempDir();
    const bin = join(import.meta.dirname, '..', 'bin', 'bulletin.js');
    // 2 KiB: the larger templates cannot be written whole
    const cut = spawnSync('bash', ['-c', 'ulimit -f 2 && exec "$0" "$1" init "$2"', process.execPath, bin, dir], { encoding: 'utf8' });
    expect(cut.status).not.toBe(0);
    const sources = new Map<string, string>();
    const scaffold = join(import.meta.dirname, '..', 'templates');
    for (const sub of ['sections', 'partials']) {
      for (const f of await readdir(join(scaffold, 'default', sub))) sources.set(join('templates', sub, f), join(scaffold, 'default', sub, f));
    }
    const left = (await readdir(dir, { recursive: true })).map(String);
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // what the cut run left is whole
    for (const f of left) {
      const source = sources.get(f);
      if (source) expect((await readFile(join(dir, f))).equals(await readFile(source))).toBe(true);
    }
    expect([...sources.keys()].some((f) => !left.includes(f))).toBe(true);
    const again = spawnSync(process.execPath, [bin, 'init', dir], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    for (const [f, source] of sources) expect((await readFile(join(dir, f))).equals(await readFile(source))).toBe(true);
  });

  it('builds from the scaffolded workspace, with its own templates overriding the defaults', async () => {
    const dir = await tempDir();
    await cli(['init', dir]);
    const briefs = join(dir, 'templates', 'sections', 'briefs.hbs');
    await writeFile(briefs, (await readFile(briefs, 'utf8')).replace('# 简讯', '# 简讯（本工作区模板）'));
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    const r = await cli(['build', '2020-10', '--data', fixtures, '--out', join(dir, 'out'), '--format', 'docx', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const { unzip, descendants, textOf } = await import('./helpers/docx-xml.js');
    const u = await unzip(await readFile(join(dir, 'out', '卫生信息2020年第11期.docx')));
    expect(descendants(u.body, 'w:p').map((p) => textOf(p))).toContain('简讯（本工作区模板）');
  }, 60_000);
});

describe('bulletin template', () => {
  const kinds = Object.keys(TEMPLATE_KINDS);

  it.each(kinds)('%s: a blank workbook with the month, the canonical header, validation and instructions', async (kind) => {
    const dir = await tempDir();
    const out = join(dir, `${kind}.xlsx`);
    const r = await cli(['template', kind, '--month', '2020-10', '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const [sheet, help] = wb.worksheets;
    expect(String(sheet!.getCell('A1').value)).toMatch(/^2020年10月/);
    expect(sheet!.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(help!.name).toBe('填报说明');
    const v = await cli(['validate', out, '--month', '2020-10', '--json']);
    expect(JSON.parse(v.stdout).issues.filter((i: Issue) => i.severity === 'error')).toEqual([]);
  });

  it('sets Excel data validation: whole numbers ≥ 0, money, lists for 平台 and 机构类别', async () => {
    const dir = await tempDir();
    const out = join(dir, 'tm.xlsx');
    await cli(['template', 'telemedicine', '--month', '2020-10', '--out', out]);
    const xml = (await (await import('jszip')).default.loadAsync(await readFile(out))).file('xl/worksheets/sheet1.xml')!.async('string');
    const sheet = await xml;
    expect(sheet).toMatch(/<dataValidation[^>]*type="list"[^>]*>[\s\S]*?远程会诊,远程心电,远程临检,远程影像/);
    expect(sheet).toMatch(/三级医院,二级医院,社区卫生服务中心/);
    expect(sheet).toMatch(/type="whole"[^>]*operator="greaterThanOrEqual"/);
    const k = join(dir, 'k.xlsx');
    await cli(['template', 'kiosks', '--month', '2020-10', '--out', k]);
    const ks = await (await (await import('jszip')).default.loadAsync(await readFile(k))).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(ks).toMatch(/type="decimal"/);
    // the hotline's items and the call log's 业务类型 as lists (warnings: aliases are read too); 数据上传天数 within the month
    const sheetOf = async (kind: string) => {
      const f = join(dir, `${kind}.xlsx`);
      await cli(['template', kind, '--month', '2020-02', '--out', f]);
      return (await (await import('jszip')).default.loadAsync(await readFile(f))).file('xl/worksheets/sheet1.xml')!.async('string');
    };
    expect(await sheetOf('hotline')).toMatch(/type="list"[^>]*errorStyle="warning"[^>]*>[\s\S]*?受理咨询电话总量,咨询类（不含专家咨询）/);
    expect(await sheetOf('calls')).toMatch(/type="list"[^>]*errorStyle="warning"/);
    expect(await sheetOf('collection-districts')).toMatch(/<dataValidation type="whole"[^>]*>\s*<formula1>0<\/formula1><formula2>29<\/formula2>/);
  });

  it.skipIf(!hasSoffice)('filled in and saved by another program (LibreOffice), it validates with no errors', async () => {
    const dir = await tempDir();
    const blank = join(dir, 'bookings.xlsx');
    await cli(['template', 'bookings', '--month', '2020-10', '--out', blank]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(blank);
    const ws = wb.worksheets[0]!;
    ws.getRow(4).values = [1, '南京鼓楼医院', 58566, 15179, 34981, 76236, 184962];
    ws.getRow(5).values = [2, '南京市儿童医院', 14292, 4998, 110624, 2401, 132315];
    await wb.xlsx.writeFile(join(dir, 'filled.xlsx'));
    const lo = await tempDir();
    execFileSync('soffice', ['--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', lo, join(dir, 'filled.xlsx')], { stdio: 'ignore', timeout: 120_000 });
    const v = await cli(['validate', join(lo, 'filled.xlsx'), '--month', '2020-10', '--json']);
    const report = JSON.parse(v.stdout) as { issues: Issue[]; tables: { kind: string; rows: number }[] };
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.tables).toEqual([expect.objectContaining({ kind: 'bookings', rows: 2 })]);
    expect(v.code).toBe(0);
  }, 150_000);

  it('never replaces an existing workbook (a provider’s filled-in one) without --force', async () => {
    const dir = await tempDir();
    const out = join(dir, 'p.xlsx');
    expect((await cli(['template', 'province', '--month', '2020-10', '--out', out])).code).toBe(0);
    await writeFile(out, 'filled in');
    const again = await cli(['template', 'province', '--month', '2020-10', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(await readFile(out, 'utf8')).toBe('filled in');
    expect((await cli(['template', 'province', '--month', '2020-10', '--out', out, '--force'])).code).toBe(0);
  });

  it('refuses an unknown kind with the list of kinds (exit 2)', async () => {
    const r = await cli(['template', 'beds']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bookings');
  });
});

describe('documentation', () => {
  it('ships the same CI workflow in docs/ and in the init scaffold', async () => {
    const root = join(import.meta.dirname, '..');
    expect(await readFile(join(root, 'docs', 'github-actions-bulletin.yml'), 'utf8')).toBe(
      await readFile(join(root, 'templates', 'workspace', '.github', 'workflows', 'bulletin.yml'), 'utf8'),
    );
  });
});

describe('configuration and usage mistakes are reported, never ignored', () => {
  const fixtures = join(import.meta.dirname, '..', 'fixtures');

  it.each([
    ['a misspelt key', 'sectons: [news]\ncenter:\n  fone: 1\n', [/bulletin\.config\.yaml:1 sectons: 未知的配置项/, /bulletin\.config\.yaml:3 center\.fone: 未知的配置项/]],
    ['a known issue in month 13', 'issue:\n  known: { month: "2020-13", serial: 240 }\n', [/issue\.known\.month: 应为 YYYY-MM/]],
    ['a section twice', 'sections: [news, news]\n', [/sections: 同一部分不能出现两次/]],
    ['no section at all', 'sections: []\n', [/sections: 至少要有一个部分/]],
  ])('%s (exit 2, with the file, line and key)', async (_label, yaml, messages) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bulletin.config.yaml'), yaml);
    const r = await cli(['validate', '2020-10', '--data', fixtures], { cwd: dir });
    expect(r.code).toBe(2);
    for (const m of messages) expect(r.stderr).toMatch(m);
  });

  it('keeps a postcode written as a number as written (010020, not 10020)', async () => {
    const { loadConfig } = await import('../src/config/load.js');
    const dir = await tempDir();
    await writeFile(join(dir, 'c.yaml'), 'center:\n  postcode: 010020\n');
    expect((await loadConfig(join(dir, 'c.yaml'))).center.postcode).toBe('010020');
  });

  it('explains a file-system error in words, with the path (exit 3)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a-file'), '');
    const r = await cli(['build', '2020-10', '--data', fixtures, '--out', join(dir, 'a-file', 'out'), '--format', 'docx']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('路径中有一段不是文件夹');
    expect(r.stderr).toContain(join(dir, 'a-file'));
  });

  it('ends with an error where a folder cannot be made, instead of trying for ever (as Node’s recursive mkdir does under /proc)', async () => {
    const dir = await tempDir();
    await makeDirs(join(dir, 'a', 'b', 'c'));
    await makeDirs(join(dir, 'a', 'b'));
    expect((await stat(join(dir, 'a', 'b', 'c'))).isDirectory()).toBe(true);
    await writeFile(join(dir, 'a-file'), '');
    await expect(makeDirs(join(dir, 'a-file', 'x', 'y'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    if (existsSync('/proc/self')) {
      await expect(makeDirs('/proc/no-such-entry/x')).rejects.toMatchObject({ code: 'ENOENT' });
      const r = await cli(['build', '2020-10', '--data', fixtures, '--out', '/proc/no-such-entry/out', '--format', 'docx']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('/proc/no-such-entry');
    }
  });

  it('finds bulletin.config.json as well', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bulletin.config.json'), '{ "sectons": ["news"] }');
    const r = await cli(['validate', '2020-10', '--data', fixtures], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bulletin\.config\.json:1 sectons/);
  });

  it('refuses a publication date that is no day, and an unknown key in bulletin.yaml', async () => {
    const data = await tempDir();
    const month = join(data, '2020-10');
    await import('node:fs/promises').then((fs) => fs.cp(join(fixtures, '2020-10'), month, { recursive: true }));
    await writeFile(join(month, 'bulletin.yaml'), 'published: 2020-02-30\nissu: { year: 2020, number: 11 }\n');
    const r = await cli(['validate', '2020-10', '--data', data, '--json']);
    expect(r.code).toBe(1);
    const messages = (JSON.parse(r.stdout) as { issues: Issue[] }).issues.filter((i) => i.severity === 'error').map((i) => i.message);
    expect(messages.join('\n')).toMatch(/不是有效的日期/);
    expect(messages.join('\n')).toMatch(/未知的项/);
  });

  it('refuses an output name with an unknown placeholder, and a templates folder that does not exist', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bulletin.config.yaml'), 'output: { name: "{{masthead}}{{yaer}}期" }\n');
    const named = await cli(['build', '2020-10', '--data', fixtures, '--out', join(dir, 'out'), '--format', 'docx'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('{{yaer}}');
    const missing = await cli(['build', '2020-10', '--data', fixtures, '--out', join(dir, 'out2'), '-t', join(dir, 'nosuch')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到模板文件夹');
  });

  it('says a malformed month is one (exit 2), and --json reports a failed run on stdout', async () => {
    for (const m of ['2020/10', '202010']) {
      const r = await cli(['validate', m, '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { kind: 'usage', exitCode: 2 } });
    }
    const none = await cli(['build', '2020-11', '--data', fixtures, '--json']);
    expect(none.code).toBe(3);
    expect(JSON.parse(none.stdout).error.message).toContain('2020-11');
  });
});
