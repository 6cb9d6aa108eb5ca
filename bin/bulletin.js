#!/usr/bin/env node
// The bin shim: everything lives in dist/cli (compiled from src/cli), which returns an exit code.
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

const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
