/** The esbuild bundle bin/bulletin.js runs (scripts/bundle.mjs), for the tests that run it. */
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
