#!/usr/bin/env node
// The bin shim: everything lives in dist/cli (compiled from src/cli), which returns an exit code.
// It runs the bundle of dist/ (dist/bundle, scripts/bundle.mjs) when there is one at least as new
// as dist/cli/main.js, else dist/ itself.
import { statSync } from 'node:fs';
import v8 from 'node:v8';

// A build or a check runs for a second or two: V8's optimizing compiler,
// tiering up every function that turns warm, spent more CPU compiling than
// the optimized code saved (a cold build took ≈20 % less wall time with
// functions tiered up ~15× later). Later tier-up for the first seconds only,
// then V8's default (67584) again, so that long runs (a 1,000,000-row
// call-detail log) get their loops optimized as usual. Not when the user set
// the flag.
if (!/--interrupt-budget/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) {
  v8.setFlagsFromString('--interrupt-budget=1000000');
  setTimeout(() => v8.setFlagsFromString('--interrupt-budget=67584'), 1500).unref();
}

const mtime = (path) => {
  try {
    return statSync(new URL(path, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime('../dist/bundle/cli.js') >= mtime('../dist/cli/main.js');
const argv = process.argv.slice(2);

// `bulletin build`: start the render worker (src/render/parallel.ts) now, so
// that it loads pdfkit, fontkit, ECharts and the fonts while the CLI and the
// pipeline load and the data is read. buildIssue starts it anyway; this only
// starts it sooner.
if (argv[0] === 'build' && !argv.some((a) => a === '-h' || a === '--help')) {
  const at = argv.findIndex((a) => a === '--format' || a.startsWith('--format='));
  const formats = at < 0 ? 'docx,pdf' : argv[at].startsWith('--format=') ? argv[at].slice(9) : (argv[at + 1] ?? '');
  const { prepareRenderers } = await import(bundled ? '../dist/bundle/parallel.js' : '../dist/render/parallel.js');
  prepareRenderers(formats.split(',').map((f) => f.trim()));
}

const { main } = await import(bundled ? '../dist/bundle/cli.js' : '../dist/cli/main.js');
process.exitCode = await main(argv);
