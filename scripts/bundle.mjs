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
import { build, transformSync } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiRegExps } from './ascii-regexps.mjs';

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
 * of the bundle that every run would parse; src/zod-config.ts uses zhCN only.
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

/**
 * src/render/worker-start.ts is an entry of its own (worker-start.cjs) that the
 * CLI's bundle requires instead of carrying a copy: its state is shared (the
 * early render worker that bin/bulletin.js starts and the CLI takes over).
 */
const sharedModules = {
  name: 'shared-modules',
  setup(b) {
    b.onResolve({ filter: /\/worker-start\.js$/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: './worker-start.cjs', external: true },
    );
  },
};

rmSync(OUT, { recursive: true, force: true });

/**
 * Two large libraries a build loads from node_modules, each a file of its
 * own next to the bundles (dist/bundle/vendor), made here:
 *
 * - docx (1.0 MB, the DOCX renderer's): the same code printed by esbuild
 *   without whitespace.
 * - ECharts (the render worker's): built from its ES modules with only what
 *   src/charts draws (bar and pie charts, grid, legend, title; the SVG
 *   renderer), as ECharts documents for smaller builds, in production mode
 *   (its development warnings left out, as in its own dist files). 0.52 MB
 *   instead of the 0.72 MB of dist/echarts.common.min.js, which src/charts/
 *   engine.ts loads when not bundled (tests, the library): the SVGs are the
 *   same bytes (tests/bundle.test.ts). Loading it in the worker, through the
 *   compile cache: ≈47 → ≈37 ms.
 *
 * Every character is ASCII (escaped as the bundles' are, ./ascii-regexps.mjs
 * for regular expressions): a few of their characters are not (220 and 933
 * bytes), and V8 held each whole source as a two-byte string. Both are
 * self-contained (they require nothing). Loading an ASCII copy instead of the
 * package's own file, through the compile cache, in a fresh process: docx
 * ≈57 → 50 ms and 2,420 → 1,430 page faults (ECharts, when it was such a copy
 * of dist/echarts.common.min.js: ≈58 → 55 ms and 2,350 → 2,040).
 */
/** what src/charts/engine.ts requires ECharts by */
const ECHARTS = 'echarts/dist/echarts.common.min.js';
/** the parts of ECharts src/charts uses (engine.ts: init, setPlatformAPI), as its guide to smaller builds imports them */
const ECHARTS_ENTRY = `import { init, setPlatformAPI, use } from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
use([SVGRenderer, BarChart, PieChart, GridComponent, LegendComponent, TitleComponent]);
export { init, setPlatformAPI };
`;
const VENDORED = {
  docx: 'docx.cjs',
  [ECHARTS]: 'echarts.cjs',
};

const fromRoot = createRequire(join(ROOT, 'package.json'));
mkdirSync(join(OUT, 'vendor'), { recursive: true });
for (const [spec, name] of Object.entries(VENDORED)) {
  const file = fromRoot.resolve(spec);
  const pkg = spec.split('/')[0];
  // (its package.json, which its exports do not list: the folder above the file that has it)
  const manifest = (dir) => (existsSync(join(dir, 'package.json')) ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) : undefined);
  let dir = dirname(file);
  let found = manifest(dir);
  while (found?.name !== pkg) {
    if (dirname(dir) === dir) throw new Error(`bundle: no package.json of ${pkg} above ${file}`);
    dir = dirname(dir);
    found = manifest(dir);
  }
  const { version, license } = found;
  let code;
  let made;
  if (spec === ECHARTS) {
    const built = await build({
      stdin: { contents: ECHARTS_ENTRY, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      charset: 'ascii',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'none',
      logLevel: 'warning',
    });
    code = built.outputFiles[0].text;
    made = 'its bar and pie charts, grid, legend, title and SVG renderer (echarts/core), built';
  } else {
    code = transformSync(readFileSync(file, 'utf8'), { loader: 'js', format: 'cjs', platform: 'node', target: 'node20', charset: 'ascii', minifyWhitespace: true, legalComments: 'inline' }).code;
    made = `${spec} printed in ASCII without whitespace`;
  }
  const { source, left } = asciiRegExps(code);
  if (left > 0) throw new Error(`bundle: the copy of ${spec} keeps ${left} non-ASCII characters`);
  const header = `// ${pkg} ${version} (${license}; its license: node_modules/${pkg}), ${made} by scripts/bundle.mjs\n`;
  writeFileSync(join(OUT, 'vendor', name), header + source);
}

/** The bundles' imports of the VENDORED libraries load the copies (a path relative to the bundle). */
const vendored = {
  name: 'vendored',
  setup(b) {
    b.onResolve({ filter: /^docx$/ }, () => ({ path: `./vendor/${VENDORED.docx}`, external: true }));
    // ECharts is required through createRequire (src/charts/engine.ts), a name esbuild does not resolve
    b.onLoad({ filter: /[\\/]charts[\\/]engine\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(`'${ECHARTS}'`).length !== 2) throw new Error(`bundle: ${args.path} no longer requires '${ECHARTS}' once`);
      return { contents: source.replace(`'${ECHARTS}'`, `'./vendor/${VENDORED[ECHARTS]}'`), loader: 'js' };
    });
  },
};

/**
 * Modules a bundled library loads when it loads, but that our runs never or
 * seldom use, are loaded only if something does use them. Each stands in for
 * the real module with the names its owner imports from it, forwarding to the
 * module (required from the owner's own folder) on first use.
 *
 * In the render worker's bundle, pdfkit and fontkit are bundled too (read and
 * resolved as one file, not ≈20): pdfkit's line breaker (we break lines
 * ourselves; it inflates a Unicode trie when loaded), AES (encrypted PDFs; it
 * builds its tables when loaded) and PNG decoder (no raster images),
 * fontkit's Brotli decoder (WOFF2 fonts: the serif chunks are decoded with
 * wawoff2 before fontkit sees them; it decodes its 120 KB dictionary when
 * loaded), and the Unicode tries of fontkit's shapers and of
 * unicode-properties, which inflate when loaded but are read only by
 * fontkit's layout (text shaping: pdfkit's text(), which
 * src/render/pdf/ink.ts does not use): a stand-in trie inflates the real one
 * on its first lookup. The one lookup every glyph makes (is it a mark, for
 * the layout's positioning) asks the JavaScript engine's own Unicode data
 * first (\p{M}, the categories Mn, Mc and Me that unicode-properties tests,
 * in a newer Unicode: a superset, tests/bundle.test.ts) and
 * unicode-properties only for the marks it finds, so that the answer stays
 * unicode-properties' own. ≈30 ms of the worker's start, and the tries'
 * ≈0.02 CPU-s (paired builds).
 *
 * In the CLI's bundle, commander's node:child_process, for subcommands that
 * are programs of their own (ours are not): ≈10 ms of every command's start.
 */
const LAZY = {
  linebreak: { owner: 'pdfkit', exports: 'export default function LineBreaker(...args) { return new (load())(...args); }' },
  'png-js': { owner: 'pdfkit', exports: 'export default function PNG(...args) { return new (load())(...args); }' },
  '@noble/ciphers/aes': {
    owner: 'pdfkit',
    exports: 'export const cbc = (...args) => load().cbc(...args);\nexport const ecb = (...args) => load().ecb(...args);',
  },
  'brotli/decompress': { owner: 'fontkit', exports: 'export default function decompress(...args) { return load()(...args); }' },
  // (fontkit reads its tries with get() only)
  'unicode-trie': {
    owner: 'fontkit',
    exports: 'export default function UnicodeTrie(data) {\n  let trie;\n  return { get: (codePoint) => (trie ??= new (load())(data)).get(codePoint) };\n}',
  },
  'unicode-properties': {
    owner: 'fontkit',
    exports: [
      'const MARK = /^\\p{M}$/u;',
      'export const isMark = (codePoint) => MARK.test(String.fromCodePoint(codePoint)) && load().isMark(codePoint);',
      ...['getCategory', 'getCombiningClass', 'getScript', 'isDigit'].map((name) => `export const ${name} = (codePoint) => load().${name}(codePoint);`),
    ].join('\n'),
  },
  child_process: { owner: 'commander', exports: 'export const spawn = (...args) => load().spawn(...args);' },
};

/** The stand-ins of these LAZY modules, for one bundle. */
function lazyModules(names) {
  const filter = new RegExp(`^(?:node:)?(${names.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})(\\.js)?$`);
  return {
    name: 'lazy-modules',
    setup(b) {
      b.onResolve({ filter }, (args) => {
        const name = filter.exec(args.path)[1];
        return new RegExp(`[\\\\/]${LAZY[name].owner}[\\\\/]`).test(args.importer) ? { path: name, namespace: 'lazy-module' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
        contents:
          `import { createRequire } from 'node:module';\n` +
          `let real;\n` +
          // (a name in a variable: a require.resolve esbuild leaves to run time)
          `const owner = ${JSON.stringify(LAZY[args.path].owner)};\n` +
          `const load = () => (real ??= createRequire(require.resolve(owner))(${JSON.stringify(args.path)}));\n` +
          LAZY[args.path].exports,
        loader: 'js',
      }));
    },
  };
}

const common = {
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': 'importMetaUrl' },
  // import() of a library becomes require(): its CommonJS build, compiled through the compile cache
  supported: { 'dynamic-import': false },
  inject: [join(ROOT, 'scripts', 'import-meta-url.mjs')],
  legalComments: 'none',
  minifyWhitespace: !process.env.NOMIN,
  minifySyntax: !process.env.NOMIN,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: {
    // the CLI, the pipeline and the DOCX renderer; bin/bulletin.js also starts the render worker through it
    cli: join(ROOT, 'dist', 'cli', 'entry.js'),
    // the compile cache, turned on by bin/bulletin.js and by worker.cjs before they require the rest
    runtime: join(ROOT, 'dist', 'runtime', 'start.js'),
    // the render worker's early start: one module the bin and the CLI share (sharedModules)
    'worker-start': join(ROOT, 'dist', 'render', 'worker-start.js'),
  },
  external: EXTERNAL,
  plugins: [zodLocales, sharedModules, vendored, lazyModules(['child_process'])],
});

await build({
  ...common,
  // the render worker (PDF, chart SVGs); dist/bundle/worker.cjs starts it through the compile cache
  entryPoints: { 'worker-main': join(ROOT, 'dist', 'render', 'worker.js') },
  external: EXTERNAL.filter((name) => name !== 'pdfkit' && name !== 'fontkit'),
  plugins: [zodLocales, sharedModules, vendored, lazyModules(['linebreak', 'png-js', '@noble/ciphers/aes', 'brotli/decompress', 'unicode-trie', 'unicode-properties'])],
});

// ASCII bundles: V8 then keeps their source one byte per character (./ascii-regexps.mjs)
for (const name of readdirSync(OUT).filter((f) => f.endsWith('.cjs'))) {
  const file = join(OUT, name);
  const { source, left } = asciiRegExps(readFileSync(file, 'utf8'));
  writeFileSync(file, source);
  if (left > 0) console.warn(`bundle: ${name} keeps ${left} non-ASCII characters outside regular expressions (its source is two bytes per character)`);
}

// The worker's entry (what parallel.ts starts, ./worker.cjs next to it): turns on the compile cache
// in the worker thread, then requires the worker's bundle. CommonJS: a worker started from an ES
// module compiles Node's ES module loader first (≈50 ms of its start).
writeFileSync(
  join(OUT, 'worker.cjs'),
  `// generated by scripts/bundle.mjs: the render worker's entry (see src/runtime/compile-cache.ts)
require('./runtime.cjs').startCompileCache('worker');
require('./worker-main.cjs');
`,
);
