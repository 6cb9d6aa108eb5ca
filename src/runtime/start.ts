/**
 * Where the compile cache (./compile-cache.ts) lives, and turning it on for a
 * thread: bin/bulletin.js for the command, dist/bundle/worker.js for the
 * render worker.
 *
 * BULLETIN_COMPILE_CACHE=0 turns it off, BULLETIN_COMPILE_CACHE=<folder> puts
 * it there; it is off in CI (CI set, as GitHub Actions and most CI services
 * set it), where the first run, which writes it, would also be the last;
 * else it is node_modules/.cache/bulletin in the package (where
 * tools keep their caches), or a folder of the user's in the system's
 * temporary folder when the package cannot be written to (a global install),
 * and none when that folder is not the user's alone (./user-temp.ts).
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/paths.js';
import { installCompileCache, type CompileCache } from './compile-cache.js';
import { userTempDir } from './user-temp.js';

export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.BULLETIN_COMPILE_CACHE;
  if (given === '0') return undefined;
  if (given) return given;
  // a CI job runs on a fresh machine and builds once: writing the cache would only cost it time
  if (env.CI && env.CI !== 'false') return undefined;
  try {
    accessSync(PACKAGE_ROOT, constants.W_OK);
    return join(PACKAGE_ROOT, 'node_modules', '.cache', 'bulletin');
  } catch {
    return userTempDir('bulletin-compile-cache');
  }
}

/** Turns the compile cache on for this thread, for commands of this kind; undefined when it is off. */
export function startCompileCache(profile: string): CompileCache | undefined {
  const dir = compileCacheDir();
  return dir ? installCompileCache(dir, profile) : undefined;
}
