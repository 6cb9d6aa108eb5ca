#!/usr/bin/env node
// The bin shim: everything lives in dist/cli (compiled from src/cli), which returns an exit code.
// It runs the bundle of dist/ (dist/bundle, scripts/bundle.mjs) when there is one at least as new
// as dist/cli/main.js, else dist/ itself.
//
// CommonJS (bin/package.json): an ES module entry has Node set up its ES module loader before the
// first line runs, ≈10–15 ms before anything else starts, the render worker included.
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const os = require('node:os');
const v8 = require('node:v8');

// Node's own modules a run goes on to load, loaded before the V8 flags below are set: Node compiles
// its modules from a code cache built into it, made under V8's default flags, and rejects it for a
// module loaded once a flag has changed (compiled from source instead: ≈10 ms of this thread for
// these). The compile cache needs the first three; a build or a check also reads files and inflates.
const argv = process.argv.slice(2);
for (const m of ['node:vm', 'node:module', 'node:worker_threads']) require(m);
if (argv[0] === 'build' || argv[0] === 'validate') for (const m of ['node:fs/promises', 'node:zlib']) require(m);

// A build or a check runs for a second or two: V8's optimizing compilers,
// tiering up every function that turns warm, spent more CPU compiling than
// the optimized code saved (a cold build took ≈20 % less wall time with
// functions tiered up ~15× later; 4× later still gained nothing more). For
// the whole run: the compile cache's entries hold the flags they were made
// with, and V8 rejects them under others, so changing the flag during a run
// made every next run compile afresh. A 1,000,000-row call-detail log takes
// ≈5 % longer to check so (its loops are optimized a little later). Not when
// the user set the flag.
const userFlags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (!/--interrupt-budget/.test(userFlags)) v8.setFlagsFromString('--interrupt-budget=1000000');

const building = argv[0] === 'build' && !argv.some((a) => a === '-h' || a === '--help');

// A build keeps two threads of JavaScript busy (the CLI and the render
// worker); on a machine of two cores, V8's helpers that scavenge the young
// generation in parallel only take turns with them: a cold build took ≈40 ms
// less without (medians of 21). Where there are more cores, or with one
// thread (a 1,000,000-row log is checked ≈20 % faster with them), they stay.
if (building && os.availableParallelism() <= 2 && !/parallel-scavenge/.test(userFlags)) v8.setFlagsFromString('--no-parallel-scavenge');

const mtime = (path) => {
  try {
    return statSync(join(__dirname, path)).mtimeMs;
  } catch {
    return -1;
  }
};
/** the formats `build` is asked for (--format), what the render worker prepares for */
const formats = () => {
  const at = argv.findIndex((a) => a === '--format' || a.startsWith('--format='));
  const list = at < 0 ? 'docx,pdf' : argv[at].startsWith('--format=') ? argv[at].slice(9) : (argv[at + 1] ?? '');
  return list.split(',').map((f) => f.trim());
};

// The bundle (CommonJS, dist/bundle/cli.cjs) compiled through the compile cache
// (src/runtime/compile-cache.ts), one cache per kind of command; the modules
// of dist/ when tsc has compiled them since the bundle was made.
//
// `bulletin build` starts the render worker (src/render/worker-start.ts) as
// early as it can, so that it loads pdfkit, fontkit, ECharts and the fonts
// while the CLI loads and the data is read: in the bundle before the CLI is
// loaded (it takes the worker over), else just after. buildIssue starts it
// anyway; this only starts it sooner.
async function run() {
  let cli;
  let cache;
  if (mtime('../dist/bundle/cli.cjs') >= mtime('../dist/cli/main.js')) {
    cache = require('../dist/bundle/runtime.cjs').startCompileCache(['build', 'validate', 'init', 'template'].includes(argv[0]) ? argv[0] : 'other');
    if (building) require('../dist/bundle/worker-start.cjs').startEarly(pathToFileURL(join(__dirname, '../dist/bundle/worker.cjs')), formats());
    cli = require('../dist/bundle/cli.cjs');
  } else {
    cli = await import(pathToFileURL(join(__dirname, '../dist/cli/entry.js')).href);
    if (building) cli.prepareRenderers(formats());
  }
  process.exitCode = await cli.main(argv);
  // What this run compiled, for the next one: only a run that went all the way, which compiled all
  // the command needs (a build stopped by errors in the data has rendered nothing; a check has done
  // all its work either way). An entry once taken is not written again.
  if (process.exitCode === 0 || (argv[0] === 'validate' && process.exitCode === 1)) cache?.flush();
  // The command is done: exit now rather than when the event loop has drained, which would first
  // tear down this thread's V8 heap, page by page (≈10–15 ms of a build's end, which the caller waits
  // for). Not while output waits to be written (pipes are asynchronous on macOS), which the exit
  // would cut short.
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}

void run();
