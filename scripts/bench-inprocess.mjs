#!/usr/bin/env node
// Part of npm run bench: builds in one process with the library API (dist/).
// Prints JSON: warm rebuild times, and the time for 1, 6 and 12 issues built
// one after the other (fonts and templates load once, so time must grow linearly).
import { join } from 'node:path';
import { buildIssue } from '../dist/pipeline.js';

const [work, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const ROOT = join(import.meta.dirname, '..');
const month = { year: 2020, month: 10 };
const once = async (i) => {
  const t = performance.now();
  const r = await buildIssue({ dataDir: join(ROOT, 'fixtures'), month, outDir: join(work, `inproc-${i}`) });
  if (!r.ok) throw new Error('build failed');
  return performance.now() - t;
};
await once('first');
const warmRuns = [];
for (let i = 0; i < runs; i++) warmRuns.push(await once(`w${i}`));
const sorted = [...warmRuns].sort((a, b) => a - b);
const year = [];
for (const months of [1, 6, 12]) {
  const t = performance.now();
  for (let i = 0; i < months; i++) await once(`y${months}-${i}`);
  year.push({ months, ms: performance.now() - t });
}
process.stdout.write(JSON.stringify({ warm: sorted[Math.floor(sorted.length / 2)], warmRuns, year }));
