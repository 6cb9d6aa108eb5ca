#!/usr/bin/env node
// npm run bench: wall-time figures of the built CLI (dist/), each the median of
// at least five runs, measured side by side on this machine. Never run in tests.
//
//   whole build of fixtures/2020-10 (cold process) vs LibreOffice converting our DOCX
//   start-up: bulletin --help, bulletin validate 2020-10
//   in-process: a warm rebuild, and a year of issues (12 months) in one process
//   the call-detail log reader vs exceljs's streaming reader (scripts/bench-xlsx.mjs)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'bulletin.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

function time(cmd, args, opts = {}) {
  const t = performance.now();
  const { env, allowFail, ...spawnOptions } = opts;
  const r = spawnSync(cmd, args, { stdio: 'ignore', ...spawnOptions, env: { ...process.env, BULLETIN_COMPILE_CACHE: cacheDir, ...env } });
  const ms = performance.now() - t;
  if (r.status !== 0 && !allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return ms;
}

function medianOf(label, fn) {
  const xs = [];
  for (let i = 0; i < RUNS; i++) xs.push(fn());
  const m = median(xs);
  rows.push([label, fmt(m), xs.map(fmt).join(' ')]);
  return m;
}

const rows = [];
const work = mkdtempSync(join(tmpdir(), 'bulletin-bench-'));
const out = join(work, 'out');
// the compile cache (src/runtime/compile-cache.ts): empty at first, as after an install or an upgrade
const cacheDir = join(work, 'compile-cache');

// 1. whole build, cold process, and LibreOffice converting the same DOCX. The machine's speed moves
// from one minute to the next, so these are measured in rounds, each running every one of them once
// (in a rotating order): slow and fast minutes fall on all alike, and the ratio compares runs made
// side by side.
const buildArgs = [BIN, 'build', '2020-10', '--data', join(ROOT, 'fixtures'), '--out', out, '--quiet'];
const first = time(process.execPath, buildArgs);
rows.push(['bulletin build 2020-10, first run (compiles, writes the compile cache)', fmt(first), fmt(first)]);
const docx = readdirSync(out).find((f) => f.endsWith('.docx'));
const pdf = readdirSync(out).find((f) => f.endsWith('.pdf'));
const lo = join(work, 'lo');
const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
// a first conversion creates LibreOffice's profile; it is not counted
if (hasSoffice) time('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', lo, join(out, docx)]);
const withCache = (dir, env = {}) => ({ env: { BULLETIN_COMPILE_CACHE: dir, ...env } });
// Two things outside the program, for the notes (README, Performance): V8's young generation capped
// by a command-line flag (V8 takes it when it creates the heap, so the bin cannot set it; a shebang
// `env -S` could, but BusyBox's env, as in Alpine images, has no -S), and NODE_EXTRA_CA_CERTS where
// the machine sets it: Node reads and parses that file as it starts, TLS or not.
const semi = withCache(join(work, 'compile-cache-semi'), { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=2`.trim() });
time(process.execPath, buildArgs, semi);
const variants = [
  ['bulletin build 2020-10 (cold process: read, validate, compute, DOCX, PDF)', () => time(process.execPath, buildArgs)],
  ['  the same without the compile cache', () => time(process.execPath, buildArgs, withCache('0'))],
  ['  the same with NODE_OPTIONS=--max-semi-space-size=2', () => time(process.execPath, buildArgs, semi)],
  ...(process.env.NODE_EXTRA_CA_CERTS
    ? [['  the same without NODE_EXTRA_CA_CERTS (set on this machine)', () => time(process.execPath, buildArgs, { env: { NODE_EXTRA_CA_CERTS: '' } })]]
    : []),
  ...(hasSoffice ? [['soffice --headless --convert-to pdf (our DOCX)', () => time('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', lo, join(out, docx)])]] : []),
];
const times = variants.map(() => []);
// each round starts one further along the list: none always runs after LibreOffice, or first
for (let round = 0; round < RUNS; round++) {
  for (let k = 0; k < variants.length; k++) {
    const i = (round + k) % variants.length;
    times[i].push(variants[i][1]());
  }
}
// the variants of the build also as the median of their differences from the default's run of the
// same round: steadier than a difference of medians when the machine's speed moves
const paired = (i) => median(times[i].map((t, round) => t - times[0][round]));
const signed = (ms) => `${ms < 0 ? '−' : '+'}${fmt(Math.abs(ms))}`;
const medians = variants.map(([label], i) => {
  const vsDefault = i > 0 && label.startsWith('  ') ? `; ${signed(paired(i))} against the default, paired by round` : '';
  rows.push([label, fmt(median(times[i])), times[i].map(fmt).join(' ') + vsDefault]);
  return median(times[i]);
});
const build = medians[0];
const soffice = hasSoffice ? medians.at(-1) : undefined;

// 2. start-up (a first run of each writes its part of the compile cache)
time(process.execPath, [BIN, '--help']);
time(process.execPath, [BIN, 'validate', '2020-10', '--data', join(ROOT, 'fixtures')]);
const help = medianOf('bulletin --help', () => time(process.execPath, [BIN, '--help']));
const validate = medianOf('bulletin validate 2020-10', () =>
  time(process.execPath, [BIN, 'validate', '2020-10', '--data', join(ROOT, 'fixtures')]),
);

// 3. in-process: warm rebuilds and a year of issues (fonts and templates loaded once)
const inproc = execFileSync(process.execPath, [join(ROOT, 'scripts', 'bench-inprocess.mjs'), work, String(RUNS)], { encoding: 'utf8' });
const inprocResult = JSON.parse(inproc);
rows.push(['warm rebuild in one process', fmt(inprocResult.warm), inprocResult.warmRuns.map(fmt).join(' ')]);
for (const y of inprocResult.year) rows.push([`${y.months} month(s) in one process`, fmt(y.ms), `${fmt(y.ms / y.months)} per month`]);

console.log('\nbulletin bench — medians of', RUNS, 'runs,', new Date().toISOString());
const w = Math.max(...rows.map((r) => r[0].length));
for (const [label, m, all] of rows) console.log(`${label.padEnd(w)}  ${m.padStart(8)}   (${all})`);
console.log();
const pdfSize = statSync(join(out, pdf)).size;
console.log(`PDF size: ${(pdfSize / 1024).toFixed(0)} KB (target ≤ 600 KB)`);
if (soffice) console.log(`build / soffice: ${(build / soffice).toFixed(2)} (target ≤ 0.50); build ≤ 1.0 s: ${build <= 1000 ? 'yes' : 'no'}`);
console.log(`--help ≤ 0.25 s: ${help <= 250 ? 'yes' : 'no'}; validate ≤ 0.7 s: ${validate <= 700 ? 'yes' : 'no'}`);
if (existsSync(join(ROOT, 'scripts', 'bench-xlsx.mjs')) && !process.env.BENCH_SKIP_XLSX) {
  console.log('\ncall-detail log reader:');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bench-xlsx.mjs')], { stdio: 'inherit' });
}
rmSync(work, { recursive: true, force: true });
