/** The esbuild bundle bin/bulletin.js runs (scripts/bundle.mjs), for the tests that run it. */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** the bundle exists and is as new as the tsc output (npm test builds both) */
export function bundleIsCurrent(): boolean {
  try {
    return statSync(join(ROOT, 'dist', 'bundle', 'cli.cjs')).mtimeMs >= statSync(join(ROOT, 'dist', 'cli', 'main.js')).mtimeMs;
  } catch {
    return false;
  }
}

/** Runs bin/bulletin.js from the package root, with PATH and `env` only. */
export function runBin(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  // the timeout only catches a process that never exits (it would leave status null)
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'bulletin.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
