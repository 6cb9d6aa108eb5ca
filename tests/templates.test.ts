/** Template helpers, strict templates and the block markup. */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../src/config/paths.js';
import { andList, chineseNumeral, joinList, monthName, percent, scaled, wan, yi } from '../src/document/helpers.js';
import type { TableBlock } from '../src/document/blocks.js';
import { markupToBlocks } from '../src/document/markup.js';
import { compileOptions, templateKey } from '../src/document/template-key.js';
import { loadTemplates } from '../src/document/templates.js';
import { BulletinError } from '../src/errors.js';
import { tempDir } from './helpers/workbook.js';

describe('helpers', () => {
  it('prints 亿 and 万 with exact half-up rounding', () => {
    expect(yi(7640000000)).toBe('76.4亿');
    expect(yi(7645000000)).toBe('76.5亿');
    expect(yi(7644999999)).toBe('76.4亿');
    expect(yi(123456789, 2)).toBe('1.23亿');
    expect(wan(125883)).toBe('12.6万');
    expect(scaled(5, 1, 0)).toBe('1');
    expect(scaled(4, 1, 0)).toBe('0');
    // negative figures round half away from zero too
    expect(wan(-125883)).toBe('-12.6万');
    expect(wan(-50000)).toBe('-5.0万');
    expect(percent(-1, 3)).toBe('-33.3%');
    expect(wan(-4)).toBe('0.0万');
  });

  it('joins lists with 、 and 和', () => {
    expect(andList(['南京市', '马鞍山市', '镇江市', '扬州市'])).toBe('南京市、马鞍山市、镇江市和扬州市');
    expect(andList(['南京市'])).toBe('南京市');
    expect(joinList(['鼓楼区', '秦淮区'])).toBe('鼓楼区、秦淮区');
  });

  it('writes shares and month names', () => {
    expect(percent(78888, 125732)).toBe('62.7%');
    expect(percent(1, 8)).toBe('12.5%');
    expect(percent(1, 0)).toBe('—');
    expect(monthName({ year: 2020, month: 10 })).toBe('十月');
  });

  it('writes small numbers in Chinese numerals', () => {
    expect([0, 3, 10, 12, 25].map(chineseNumeral)).toEqual(['〇', '三', '十', '十二', '二十五']);
  });
});

describe('templates', () => {
  it('fails on an unknown variable with the template file and line, never an empty gap', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'sections'), { recursive: true });
    await writeFile(join(dir, 'sections', 'briefs.hbs'), '# 简讯\n\n{{month.label}}共有{{briefCount}}条。\n');
    const t = await loadTemplates([DEFAULT_TEMPLATES, dir]);
    const run = () => t.render('briefs', { month: { label: '2020年10月' }, briefs: [] });
    expect(run).toThrow(BulletinError);
    expect(run).toThrow(/sections\/briefs\.hbs 第 3 行：变量“briefCount”不存在/);
  });

  it.each([
    ['a misspelt list in #each', '{{#each briefz}}{{this}}{{/each}}', /第 3 行：“each”的第 1 个参数引用的变量不存在/],
    ['a misspelt condition in #if (which would drop a section)', '{{#if brief}}有{{/if}}', /第 3 行：“if”的第 1 个参数引用的变量不存在/],
    ['a misspelt helper argument', '{{and briefz}}', /第 3 行：“and”的第 1 个参数引用的变量不存在/],
    ['a helper that refuses its argument', '{{num "x"}}', /第 3 行：num 需要一个数字/],
  ])('fails on %s, naming the file and line', async (_label, body, message) => {
    const dir = await tempDir();
    await mkdir(join(dir, 'partials'), { recursive: true });
    await mkdir(join(dir, 'sections'), { recursive: true });
    await writeFile(join(dir, 'partials', 'list.hbs'), `# 简讯\n\n${body}\n`);
    await writeFile(join(dir, 'sections', 'briefs.hbs'), 'x\n{{> list}}\n');
    const t = await loadTemplates([DEFAULT_TEMPLATES, dir]);
    const run = () => t.render('briefs', { month: { label: '2020年10月' }, briefs: ['甲'] });
    expect(run).toThrow(BulletinError);
    // the partial's own file, not the section that included it
    expect(run).toThrow(new RegExp(`partials/list\\.hbs ${message.source}`));
  });

  it('names the partial with a syntax error and its line', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'partials'), { recursive: true });
    await writeFile(join(dir, 'partials', 'hotline.hbs'), 'a\n{{#if hotline}}\nb{{/iff}}\n');
    const err = await loadTemplates([DEFAULT_TEMPLATES, dir]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulletinError);
    expect((err as BulletinError).message).toMatch(/partials\/hotline\.hbs 第 2 行：语法错误/);
    expect((err as BulletinError).exitCode).toBe(2);
  });

  it('lets a workspace override one template while the others stay the defaults', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'sections'), { recursive: true });
    await writeFile(join(dir, 'sections', 'briefs.hbs'), '# 本月简讯\n\n{{#each briefs}}{{this}}\n\n{{/each}}');
    const t = await loadTemplates([DEFAULT_TEMPLATES, dir]);
    expect(t.render('briefs', { briefs: ['甲'] })).toContain('# 本月简讯');
    expect(t.has('statistics')).toBe(true);
  });
});

describe('markup', () => {
  it('turns headings, table directives, notes and paragraphs into blocks', () => {
    const table = (id: string, title: string, subtitle: string | undefined): TableBlock => ({
      type: 'table',
      id,
      title,
      ...(subtitle ? { subtitle } : {}),
      columns: [],
      header: [],
      rows: [],
    });
    const blocks = markupToBlocks('# 统计数据\n\n## 小节\n第一行\n第二行**加粗**。\n\n### 表题\n#### （副题）\n[[table:x]]\n> （注）\n[[chart:off]]\n', 's', {
      table,
      chart: (id) => (id === 'off' ? null : undefined),
    });
    expect(blocks).toEqual([
      { type: 'heading', level: 1, text: '统计数据', id: 's-1' },
      { type: 'heading', level: 2, text: '小节', id: 's-2' },
      { type: 'paragraph', style: 'body', runs: [{ text: '第一行第二行' }, { text: '加粗', bold: true }, { text: '。' }] },
      { type: 'table', id: 'x', title: '表题', subtitle: '（副题）', columns: [], header: [], rows: [] },
      { type: 'paragraph', style: 'note', runs: [{ text: '（注）' }] },
    ]);
    expect(() => markupToBlocks('[[chart:nope]]', 's', { table, chart: () => undefined })).toThrow('未知的图表 [[chart:nope]]');
  });
});

describe('precompiled templates', () => {
  const built = join(import.meta.dirname, '..', 'dist', 'document', 'precompiled-templates.js');

  it.skipIf(!existsSync(built))('the build holds every default template, under the key its text gives, rendering as it compiles', async () => {
    const { PRECOMPILED } = (await import(pathToFileURL(built).href)) as { PRECOMPILED: Map<string, TemplateSpecification> };
    const names: string[] = [];
    for (const sub of ['partials', 'sections']) {
      for (const f of (await readdir(join(DEFAULT_TEMPLATES, sub))).filter((f) => f.endsWith('.hbs'))) {
        const text = await readFile(join(DEFAULT_TEMPLATES, sub, f), 'utf8');
        expect(PRECOMPILED.has(templateKey(text)), `${sub}/${f}`).toBe(true);
        names.push(f);
      }
    }
    expect(PRECOMPILED.size).toBe(names.length);
    // the same text renders the same either way (a template without partials or helpers)
    const hb = Handlebars.create();
    const text = await readFile(join(DEFAULT_TEMPLATES, 'sections', 'news.hbs'), 'utf8');
    const context = { news: [{ title: '标题', paragraphs: ['第一段', '第二段'] }] };
    const compiled = hb.compile(text, compileOptions())(context);
    expect(compiled).toContain('## 标题');
    expect(hb.template(PRECOMPILED.get(templateKey(text))!)(context)).toBe(compiled);
  });

  it('a key changes with the text, and compiling leaves the options as they were', () => {
    expect(templateKey('{{a}}')).not.toBe(templateKey('{{a}} '));
    const key = templateKey('{{a}}');
    Handlebars.precompile('{{a}}', compileOptions());
    Handlebars.compile('{{a}}', compileOptions())({ a: 1 });
    expect(templateKey('{{a}}')).toBe(key);
  });
});
