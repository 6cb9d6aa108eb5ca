#!/usr/bin/env node
/**
 * Benchmarks our .xlsx reader (src/sheets/xlsx, run from the compiled dist/)
 * against exceljs's own streaming reader on a 12320 call-detail log.
 *
 *   npm run build && node scripts/bench-xlsx.mjs [--runs 5] [--skip-1m]
 *
 * Generates the 100,000-row and 1,000,000-row logs once (exceljs streaming
 * writer, shared strings on) into $TMPDIR/bulletin-bench-xlsx/, then:
 *  - times exceljs WorkbookReader ({sharedStrings:'cache', worksheets:'emit'})
 *    vs our streamRows over the 100k log, both touching every row's values:
 *    median of N runs each, in this process, runs interleaved, a full GC
 *    before each run;
 *  - times readXlsx (whole workbook → grids, what `bulletin` does) vs
 *    exceljs's Workbook.xlsx.readFile (what the program used before);
 *  - reads the 100k and the 1M log with each streaming reader, each read in a
 *    child process of its own, and reports that process's peak RSS (VmHWM).
 *
 * The machine's load moves the absolute numbers a lot (a shared 2-core VM
 * here); the ratios move less.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';

// a full GC before each timed run, so neither reader pays for the other's garbage
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const here = dirname(fileURLToPath(import.meta.url));
const distEntry = join(here, '..', 'dist', 'sheets', 'xlsx', 'index.js');

const HEADER = ['序号', '来电时间', '业务类型', '来电号码', '坐席', '通话时长', '受理结果'];
const TYPES = ['咨询类（不含专家咨询）', '医疗服务投诉', '电话预约', '心理危机干预', '医院满意度调查（呼入）', '自助语音问答', '受理市12345工单', '受理省12345工单'];
const RESULTS = ['已办结', '已转办', '已回复', '待回访'];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(path, rows) {
  if (existsSync(path)) return;
  const started = performance.now();
  const partial = `${path}.part`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('来电明细');
  ws.columns = [
    { width: 8 },
    { width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { width: 24 },
    { width: 14 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
  ];
  ws.addRow(HEADER).commit();
  const rnd = mulberry32(20201031);
  const start = Date.UTC(2020, 9, 1);
  const span = 31 * 86_400_000;
  for (let i = 1; i <= rows; i++) {
    const t = new Date(start + Math.floor((i / rows) * span / 1000) * 1000);
    ws.addRow([
      i,
      t,
      TYPES[Math.floor(rnd() * rnd() * TYPES.length)],
      `1${3 + Math.floor(rnd() * 6)}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
      `坐席${String(1 + Math.floor(rnd() * 60)).padStart(3, '0')}`,
      Math.floor(rnd() * 900) + 5,
      RESULTS[Math.floor(rnd() * RESULTS.length)],
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  renameSync(partial, path);
  console.log(`generated ${path} (${rows} rows, ${(statSync(path).size / 1048576).toFixed(1)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** exceljs's streaming reader, options as documented for large files; touches every row's values. */
async function readExceljsStream(path) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit' });
  let rows = 0;
  let sum = 0;
  for await (const ws of reader) {
    for await (const row of ws) {
      rows++;
      const v = row.values;
      if (typeof v[6] === 'number') sum += v[6];
    }
  }
  return { rows, sum };
}

async function readOursStream(lib, path) {
  const wb = await lib.openXlsx(path, 'bench.xlsx');
  let rows = 0;
  let sum = 0;
  try {
    for (const s of wb.sheets) {
      for await (const { cells } of wb.streamRows(s.name)) {
        rows++;
        const c = cells[5];
        if (c && c.kind === 'number') sum += c.value;
      }
    }
  } finally {
    await wb.close();
  }
  return { rows, sum };
}

async function readOursWhole(lib, path) {
  const r = await lib.readXlsx(path, 'bench.xlsx');
  if (r.issues.length) throw new Error(JSON.stringify(r.issues));
  return { rows: r.sheets.reduce((n, s) => n + s.rows.filter((x) => x.length).length, 0), sum: 0 };
}

async function readExceljsWhole(path) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  let rows = 0;
  wb.eachSheet((ws) => ws.eachRow(() => rows++));
  return { rows, sum: 0 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timeIt(fn) {
  gc();
  const t = performance.now();
  const r = await fn();
  return { ms: performance.now() - t, ...r };
}

/** This process's own peak RSS so far (VmHWM; getrusage's maxRSS survives exec on Linux, so a child of a big parent would report the parent's size). */
function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS * 1024;
}

async function child(which, path) {
  let beforeRows;
  const r = await timeIt(async () => {
    if (which !== 'ours') return readExceljsStream(path);
    const lib = await import(pathToFileURL(distEntry).href);
    const wb = await lib.openXlsx(path, 'bench.xlsx');
    let rows = 0;
    let sum = 0;
    try {
      for (const s of wb.sheets) {
        // the shared strings load with the first row: the peak after it is the table's
        for await (const first of wb.streamRows(s.name)) if (first) break;
        beforeRows = peakRss();
        for await (const { cells } of wb.streamRows(s.name)) {
          rows++;
          const c = cells[5];
          if (c && c.kind === 'number') sum += c.value;
        }
      }
    } finally {
      await wb.close();
    }
    return { rows, sum };
  });
  process.stdout.write(JSON.stringify({ ...r, peak: peakRss(), beforeRows }) + '\n');
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1], args[2]);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
  const skip1m = args.includes('--skip-1m');
  if (!existsSync(distEntry)) {
    console.error(`missing ${distEntry}: run \`npm run build\` first (the benchmark runs the compiled reader)`);
    process.exit(2);
  }
  const lib = await import(pathToFileURL(distEntry).href);
  const dir = join(tmpdir(), 'bulletin-bench-xlsx');
  mkdirSync(dir, { recursive: true });
  const f100k = join(dir, 'calls-100k.xlsx');
  const f1m = join(dir, 'calls-1m.xlsx');
  await generate(f100k, 100_000);
  if (!skip1m) await generate(f1m, 1_000_000);

  console.log(`\nnode ${process.version}; ${runs} runs each, interleaved; 100k-row log ${(statSync(f100k).size / 1048576).toFixed(1)} MiB`);
  // one warm-up each
  await readExceljsStream(f100k);
  await readOursStream(lib, f100k);
  const ex = [];
  const ours = [];
  let check;
  for (let i = 0; i < runs; i++) {
    const a = await timeIt(() => readExceljsStream(f100k));
    const b = await timeIt(() => readOursStream(lib, f100k));
    ex.push(a.ms);
    ours.push(b.ms);
    check = { exceljs: { rows: a.rows, sum: a.sum }, ours: { rows: b.rows, sum: b.sum } };
  }
  if (check.exceljs.rows !== check.ours.rows || check.exceljs.sum !== check.ours.sum) {
    console.error('readers disagree', check);
    process.exitCode = 1;
  }
  const wEx = [];
  const wOurs = [];
  for (let i = 0; i < runs; i++) {
    wEx.push((await timeIt(() => readExceljsWhole(f100k))).ms);
    wOurs.push((await timeIt(() => readOursWhole(lib, f100k))).ms);
  }
  const row = (name, a, b) => `| ${name} | ${median(a).toFixed(0)} ms | ${median(b).toFixed(0)} ms | ${(median(a) / median(b)).toFixed(1)}× |`;
  console.log('\n| 100,000 rows (median) | exceljs | ours | speed-up |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(row('stream every row (WorkbookReader vs streamRows)', ex, ours));
  console.log(row('whole workbook → grids (xlsx.readFile vs readXlsx)', wEx, wOurs));
  console.log(`rows read: ${check.ours.rows}; 通话时长 sum ${check.ours.sum} (both readers agree: ${check.exceljs.sum === check.ours.sum})`);

  console.log('\nPeak RSS, each streaming read in a child process of its own (flat in rows = same at 100k and 1M):');
  console.log('| streaming read | rows | time | peak RSS | peak before the first row (ours: after loading the shared strings) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [label, file] of skip1m ? [['100k', f100k]] : [['100k', f100k], ['1M', f1m]]) {
    for (const which of ['exceljs', 'ours']) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', which, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) {
        console.log(`| ${which} ${label} | failed: ${r.stderr.slice(0, 200)} | | |`);
        continue;
      }
      const out = JSON.parse(r.stdout.trim().split('\n').pop());
      const mb = (x) => (x === undefined ? '–' : `${(x / 1048576).toFixed(0)} MB`);
      console.log(`| ${which} | ${out.rows} | ${(out.ms / 1000).toFixed(1)} s | ${mb(out.peak)} | ${mb(out.beforeRows)} |`);
    }
  }
}

await main();
