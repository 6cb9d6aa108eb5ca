/** Where the package's own files are, whether running from src/ (tests) or dist/. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file in both src/config and dist/config. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULT_TEMPLATES = join(PACKAGE_ROOT, 'templates', 'default');
