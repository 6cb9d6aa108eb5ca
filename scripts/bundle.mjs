#!/usr/bin/env node
// Part of npm run build, after tsc: bundles the compiled CLI (dist/cli/main.js)
// and the render worker (dist/render/worker.js) with esbuild into dist/bundle/,
// which bin/bulletin.js runs (unless tsc has compiled dist/ again since).
//
// Why: Node 20 loads ES modules one file at a time (resolve, stat, read,
// compile, link); the CLI and the pipeline are ≈400 files (our ≈100, zod,
// yaml, handlebars, commander, date-fns), which cost ≈0.1 s of every run
// (bulletin validate 2020-10: 0.70 → 0.60 s). The bundle keeps the lazy loading: code
// split at every dynamic import (the renderers, the worker), and the large
// libraries that are loaded only by the renderers, read data files next to
// themselves or are native stay outside, imported from node_modules as before.
//
// dist/ keeps the unbundled modules: the library entry (dist/pipeline.js) and
// what the bin falls back to when there is no bundle.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'bundle');

const EXTERNAL = [
  // loaded by the renderers only, large, native or with data files of their own
  '@resvg/resvg-js',
  '@embedpdf/fonts-sc',
  'docx',
  'echarts',
  'exceljs',
  'fontkit',
  'jszip',
  'noto-serif-sc',
  'pdfkit',
  'svg-to-pdfkit',
  'wawoff2',
];

/**
 * zod's namespace export carries all of its ≈40 locales (z.locales.*), ≈0.3 MB
 * of the bundle that every run would parse; src/zod-locale.ts uses zhCN only.
 * In the bundle, z.locales holds zhCN and en (zod's default).
 */
const zodLocales = {
  name: 'zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), args.path), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as zhCN } from './zh-CN.js';\nexport { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
    }));
  },
};

rmSync(OUT, { recursive: true, force: true });
await build({
  // parallel: bin/bulletin.js starts the render worker through the same module instance the CLI uses
  entryPoints: {
    cli: join(ROOT, 'dist', 'cli', 'main.js'),
    parallel: join(ROOT, 'dist', 'render', 'parallel.js'),
    worker: join(ROOT, 'dist', 'render', 'worker.js'),
  },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // CommonJS packages inside the bundle (handlebars, commander) call require
  banner: { js: "import { createRequire as __bulletinRequire } from 'node:module'; const require = __bulletinRequire(import.meta.url);" },
  // the bundle lives two folders below the package root, like dist/config/paths.js: PACKAGE_ROOT stays right
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  plugins: [zodLocales],
  logLevel: 'warning',
});
