/**
 * bulletin's version, as its package.json gives it: two folders up from
 * src/cli, dist/cli and dist/bundle alike. Read when the command line is set
 * up (≈0.1 ms), not bundled, so a bundle never reports another version than
 * the package it ships in.
 */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
