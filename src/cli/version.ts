/**
 * bulletin's version, as its package.json gives it (in the package root,
 * ../config/paths.ts). Read when the command line is set up (≈0.1 ms), not
 * bundled, so a bundle never reports another version than the package it
 * ships in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/paths.js';

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
