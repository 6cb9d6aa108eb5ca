/**
 * bin/bulletin.js runs the esbuild bundle of dist/ (scripts/bundle.mjs):
 * it must print what the sources print, exit as they exit, and write the
 * same files (e2e.test.ts compares the built issue's bytes).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bookingsChart } from '../src/charts/bookings.js';
import { channelsChart } from '../src/charts/channels.js';
import { measuringOurText, renderSvg, type EChartsModule } from '../src/charts/engine.js';
import { hotlineChart } from '../src/charts/hotline.js';
import { kiosksChart } from '../src/charts/kiosks.js';
import { telemedicineChart } from '../src/charts/telemedicine.js';
import { checkMonth } from '../src/pipeline.js';
import { cli } from './helpers/cli.js';
import { CONFIG } from './helpers/config.js';
import { bundleIsCurrent, runBin } from './helpers/bundle.js';
import { tempDir } from './helpers/workbook.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'fixtures');
const bin = (args: string[]) => runBin(args);

describe.skipIf(!bundleIsCurrent())('the bundled CLI', () => {
  it('prints the same help and version', async () => {
    for (const args of [['--help'], ['--version']]) {
      const sources = await cli(args);
      expect(bin(args)).toEqual({ code: sources.code, stdout: sources.stdout, stderr: sources.stderr });
    }
  });

  it('checks a month as the sources do, warnings and errors alike', async () => {
    const data = await tempDir();
    await cp(join(FIXTURES, '2020-10'), join(data, '2020-10'), { recursive: true });
    for (const args of [['validate', '2020-10', '--data', FIXTURES], ['validate', '2020-10', '--data', data, '--json']]) {
      const sources = await cli(args, { cwd: ROOT });
      expect(bin(args)).toEqual({ code: sources.code, stdout: sources.stdout, stderr: sources.stderr });
      // the second round: a month with errors in bulletin.yaml
      const yaml = join(data, '2020-10', 'bulletin.yaml');
      await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/number: \d+/, 'number: 十一').replace(/year: \d+/, 'year: [2020]'));
    }
  }, 60_000);

  // bin/bulletin.js exits as soon as the command is done (process.exit, not when the event loop has
  // drained): never before what it printed is out, nor before the files are written
  it('prints a build’s whole summary and writes its files before it exits', async () => {
    const out = await tempDir();
    const r = bin(['build', '2020-10', '--data', FIXTURES, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { ok: boolean; outputs: string[]; tables: unknown[] };
    expect(summary.ok).toBe(true);
    expect(summary.tables.length).toBeGreaterThan(8);
    expect(summary.outputs.map((o) => o.slice(o.lastIndexOf('.')))).toEqual(['.docx', '.pdf']);
    for (const o of summary.outputs) expect((await readFile(o)).length).toBeGreaterThan(100_000);
  }, 60_000);

  it('exits when a build stops before rendering: the render worker it started never keeps the process alive', async () => {
    const data = await tempDir();
    await cp(join(FIXTURES, '2020-10'), join(data, '2020-10'), { recursive: true });
    await writeFile(join(data, '2020-10', 'bulletin.yaml'), 'issue: [');
    const out = await tempDir();
    for (const args of [['build', '2020-10', '--data', data, '--out', out], ['build', '2020-10', '--data', join(data, 'none'), '--out', out]]) {
      const sources = await cli(args, { cwd: ROOT });
      expect(sources.code).not.toBe(0);
      expect(bin(args)).toEqual({ code: sources.code, stdout: sources.stdout, stderr: sources.stderr });
    }
  }, 150_000);
});

describe.skipIf(!bundleIsCurrent())('the render worker bundle', () => {
  it('carries pdfkit without the modules our PDFs never use, and those load from pdfkit when something does use them', async () => {
    const bundle = await readFile(join(ROOT, 'dist', 'bundle', 'worker-main.cjs'), 'utf8');
    // pdfkit inside; linebreak's class trie and AES's key expansion outside
    expect(bundle).toContain('registerFont');
    expect(bundle).not.toContain('classTrie');
    expect(bundle).not.toContain('expandKeyLE');
    const fromBundle = createRequire(join(ROOT, 'dist', 'bundle', 'worker-main.cjs'));
    const fromPdfkit = createRequire(fromBundle.resolve('pdfkit'));
    expect(typeof fromPdfkit('linebreak')).toBe('function');
    expect(typeof fromPdfkit('png-js')).toBe('function');
    expect(typeof (fromPdfkit('@noble/ciphers/aes') as { cbc?: unknown }).cbc).toBe('function');
    // fontkit inside, its Brotli decoder (WOFF2 only) outside, where fontkit's stand-in finds it
    expect(bundle).toContain('glyphForCodePoint');
    expect(bundle).not.toContain('BrotliDecompressBuffer');
    expect(typeof createRequire(fromBundle.resolve('fontkit'))('brotli/decompress')).toBe('function');
    // the Unicode tries of fontkit's shapers and of unicode-properties: stand-ins that inflate the real
    // trie (unicode-trie, with tiny-inflate) on the first lookup, for text shaping we do not use
    expect(bundle).not.toContain('highStart');
    expect(typeof createRequire(fromBundle.resolve('fontkit'))('unicode-trie')).toBe('function');
  });

  it("asks unicode-properties whether a glyph is a mark only where the engine's Unicode data finds one: those are a superset", () => {
    const fromFontkit = createRequire(createRequire(join(ROOT, 'dist', 'bundle', 'worker-main.cjs')).resolve('fontkit'));
    const { isMark } = fromFontkit('unicode-properties') as { isMark(codePoint: number): boolean };
    const MARK = /^\p{M}$/u;
    const missed: number[] = [];
    let marks = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (!isMark(cp)) continue;
      marks++;
      if (!MARK.test(String.fromCodePoint(cp))) missed.push(cp);
    }
    expect(marks).toBeGreaterThan(1000);
    expect(missed).toEqual([]);
  });
});

describe.skipIf(!bundleIsCurrent())('the bundles', () => {
  it('are ASCII throughout, so that V8 keeps their source one byte per character (scripts/ascii-regexps.mjs)', async () => {
    for (const name of ['cli.cjs', 'worker-main.cjs', 'runtime.cjs', 'worker-start.cjs', 'worker.cjs', 'vendor/docx.cjs', 'vendor/echarts.cjs']) {
      const text = await readFile(join(ROOT, 'dist', 'bundle', name), 'utf8');
      expect([name, text.match(/[^\x00-\x7f]/g)?.length ?? 0]).toEqual([name, 0]);
    }
  });
});

describe.skipIf(!bundleIsCurrent())('the copies of docx and ECharts the bundles load (dist/bundle/vendor)', () => {
  it('are loaded instead of the packages, and export what the packages export', async () => {
    const cliBundle = await readFile(join(ROOT, 'dist', 'bundle', 'cli.cjs'), 'utf8');
    const workerBundle = await readFile(join(ROOT, 'dist', 'bundle', 'worker-main.cjs'), 'utf8');
    expect(cliBundle).toContain('require("./vendor/docx.cjs")');
    expect(cliBundle).not.toContain('require("docx")');
    expect(workerBundle).toContain('("./vendor/echarts.cjs")');
    expect(workerBundle).not.toContain('echarts.common.min.js');
    const require = createRequire(join(ROOT, 'package.json'));
    const original = require('docx') as Record<string, unknown>;
    const copied = require(join(ROOT, 'dist', 'bundle', 'vendor', 'docx.cjs')) as Record<string, unknown>;
    expect(Object.keys(copied).sort()).toEqual(Object.keys(original).sort());
    expect(Object.keys(copied).length).toBeGreaterThan(20);
    for (const key of Object.keys(original)) expect([key, typeof copied[key]]).toEqual([key, typeof original[key]]);
  });

  it("ECharts, built with only the charts we draw, draws every chart of the sample's three months as the package's common build does", async () => {
    const require = createRequire(join(ROOT, 'package.json'));
    const copy = require(join(ROOT, 'dist', 'bundle', 'vendor', 'echarts.cjs')) as EChartsModule;
    expect(Object.keys(copy).sort()).toEqual(['init', 'setPlatformAPI']);
    const engine = measuringOurText(copy);
    const drafts = [bookingsChart, channelsChart, hotlineChart, kiosksChart, telemedicineChart];
    let drawn = 0;
    for (const month of [{ year: 2020, month: 10 }, { year: 2020, month: 9 }, { year: 2019, month: 10 }]) {
      const { report } = await checkMonth(FIXTURES, month, CONFIG);
      for (const draft of drafts.map((d) => d(report))) {
        if (!draft) continue;
        const id = `${month.year}-${month.month}-${draft.title}`;
        expect([id, renderSvg(draft.option, draft.width, draft.height, 'c', engine)]).toEqual([id, renderSvg(draft.option, draft.width, draft.height, 'c')]);
        drawn++;
      }
    }
    expect(drawn).toBe(15);
  });
});

describe.skipIf(!bundleIsCurrent())('the CLI thread of a build', () => {
  it('loads no node:child_process (commander), node:crypto or node:perf_hooks', async () => {
    const dir = await tempDir();
    const probe = join(dir, 'probe.cjs');
    // the Node modules the main thread loaded, as the process exits
    await writeFile(
      probe,
      "process.on('exit', () => process.stderr.write('LOADED ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).join(',') + '\\n'));\n",
    );
    const r = runBin(['build', '2020-10', '--data', FIXTURES, '--out', join(dir, 'out'), '--quiet'], { NODE_OPTIONS: `--require ${probe}` });
    expect(r.code).toBe(0);
    const loaded = /LOADED (.*)/.exec(r.stderr)?.[1]?.split(',') ?? [];
    expect(loaded).toContain('NativeModule worker_threads');
    for (const name of ['child_process', 'crypto', 'perf_hooks']) expect(loaded).not.toContain(`NativeModule ${name}`);
  }, 60_000);
});
