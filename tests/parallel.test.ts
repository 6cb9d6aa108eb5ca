/**
 * What the render worker (src/render/parallel.ts) relies on: a document
 * built with its chart SVGs left for later, then filled with the SVGs drawn
 * from the same report (in another thread, from a structured clone of the
 * report), is the document built in one go.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCharts } from '../src/charts/index.js';
import { loadConfig } from '../src/config/load.js';
import { DEFAULT_TEMPLATES } from '../src/config/paths.js';
import { buildDocument, fillChartSvgs } from '../src/document/build.js';
import { loadTemplates } from '../src/document/templates.js';
import { checkMonth } from '../src/pipeline.js';
import { startEarly, takeEarly, warmFor } from '../src/render/worker-start.js';
import { tempDir } from './helpers/workbook.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const DIST = join(import.meta.dirname, '..', 'dist');

describe('chart SVGs drawn elsewhere', () => {
  it('give the same document as drawing them in place', async () => {
    const config = await loadConfig(undefined, { required: false });
    const templates = await loadTemplates([DEFAULT_TEMPLATES]);
    const { report } = await checkMonth(FIXTURES, { year: 2020, month: 10 }, config);
    const whole = buildDocument(report, config, templates);
    const later = buildDocument(report, config, templates, { chartSvgsLater: true });
    const charts = later.blocks.filter((b) => b.type === 'chart');
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(c).toMatchObject({ svg: '' });
    // as the worker does: from a copy of the report
    const svgs = new Map([...buildCharts(structuredClone(report))].map(([id, spec]) => [id as string, spec.svg]));
    fillChartSvgs(later, svgs);
    expect(later).toEqual(whole);
  });

  it('fail loudly when a chart has no SVG', async () => {
    const config = await loadConfig(undefined, { required: false });
    const templates = await loadTemplates([DEFAULT_TEMPLATES]);
    const { report } = await checkMonth(FIXTURES, { year: 2020, month: 10 }, config);
    const later = buildDocument(report, config, templates, { chartSvgsLater: true });
    expect(() => fillChartSvgs(later, new Map())).toThrow(/has no SVG/);
  });
});

describe('the render worker started early (src/render/worker-start.ts)', () => {
  it('is handed over while it runs, once, with what it is loading', async () => {
    const file = join(await tempDir(), 'idle.cjs');
    await writeFile(file, "require('node:worker_threads').parentPort.on('message', () => {});\n");
    startEarly(pathToFileURL(file), ['pdf']);
    const early = takeEarly();
    expect(early?.warm).toEqual({ pdf: true, charts: false, svgs: true });
    expect(takeEarly()).toBeUndefined();
    await early!.worker.terminate();
  });

  it('is not handed over once it has failed: the build starts another or renders in place', async () => {
    const file = join(await tempDir(), 'fails.cjs');
    await writeFile(file, "throw new Error('cannot start');\n");
    const worker = startEarly(pathToFileURL(file), ['docx', 'pdf']);
    expect(worker).toBeDefined();
    // (events.once would reject on the worker's 'error' event, which comes first)
    await new Promise((resolve) => worker!.once('exit', resolve));
    expect(takeEarly()).toBeUndefined();
  });

  it('is started only for formats that need it', () => {
    expect(warmFor(['docx'])).toEqual({ pdf: false, charts: true, svgs: true });
    expect(warmFor(['docx'], false)).toBeUndefined();
    expect(warmFor([])).toBeUndefined();
  });
});

/**
 * Runs a script of its own process against dist/ (where the worker is compiled): `source` gets a
 * `dist(path)` that names a module of dist/ for an import, and the script's folder.
 */
async function runDistScript(name: string, source: (dist: (path: string) => string, dir: string) => string) {
  const dir = await tempDir();
  const script = join(dir, name);
  await writeFile(script, source((path) => JSON.stringify(pathToFileURL(join(DIST, path)).href), dir));
  // the timeout only catches a process that never exits (status null)
  return spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
}

describe.skipIf(!existsSync(join(DIST, 'render', 'worker.js')))('the render worker (compiled, dist/)', () => {
  // A DOCX-only build whose outlines came back before the render asked for nothing more left a job
  // with nothing pending that kept the worker referenced: the process never exited (≈1 build in 3).
  it('never keeps the process alive once a DOCX-only render is done, even when the outlines came back first', async () => {
    const r = await runDistScript(
      'docx-only.mjs',
      (dist, dir) => `const { loadConfig } = await import(${dist('config/load.js')});
const { checkMonth, buildIssue } = await import(${dist('pipeline.js')});
const { drawChartSvgsElsewhere, renderOutputs } = await import(${dist('render/parallel.js')});
const month = { year: 2020, month: 10 };
const built = await buildIssue({ dataDir: ${JSON.stringify(FIXTURES)}, month, outDir: ${JSON.stringify(join(dir, 'out'))}, formats: ['docx'] });
const { report } = await checkMonth(${JSON.stringify(FIXTURES)}, month, await loadConfig(undefined, { required: false }));
const drawn = await drawChartSvgsElsewhere(report, true);
// the outlines are in before the render starts
await drawn.outlines;
const out = await renderOutputs(built.document, ['docx'], {}, undefined, drawn);
process.stdout.write('docx ' + out.docx.length + ' pdf ' + String(out.pdf));
`,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^docx \d{5,} pdf undefined$/);
    expect(r.status).toBe(0);
  }, 90_000);
  // The CLI's build says it is the process's last render: the worker's thread ends as soon as the
  // outputs are in (it frees its memory while the files are written); a later build starts another
  it('ends after a last render, and a later build starts another that renders the same bytes', async () => {
    const r = await runDistScript(
      'last-render.mjs',
      (dist, dir) => `import { readFileSync } from 'node:fs';
const { buildIssue } = await import(${dist('pipeline.js')});
const threads = () => Number(/Threads:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const build = async (name, lastRender) => {
  const r = await buildIssue({ dataDir: ${JSON.stringify(FIXTURES)}, month: { year: 2020, month: 10 }, outDir: ${JSON.stringify(dir)} + '/' + name, lastRender });
  return readFileSync(r.outputs.find((o) => o.endsWith('.pdf')));
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const first = await build('a', false);
await settle();
const alive = threads();
await build('b', true);
await settle();
const ended = threads();
const again = await build('c', false);
process.stdout.write(JSON.stringify({ alive, ended, same: again.equals(first) }));
`,
    );
    expect(r.stderr).toBe('');
    const { alive, ended, same } = JSON.parse(r.stdout) as { alive: number; ended: number; same: boolean };
    expect(ended).toBeLessThan(alive);
    expect(same).toBe(true);
    expect(r.status).toBe(0);
  }, 90_000);
});
