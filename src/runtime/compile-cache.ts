/**
 * A V8 code cache for the CommonJS code a command runs: the CLI's bundles
 * (dist/bundle/*.cjs) and the libraries they require (docx, pdfkit, fontkit,
 * ECharts …).
 *
 * Why: a cold `bulletin build` parsed and compiled ≈2 MB of our bundles
 * and ≈3 MB of libraries, in two threads, a function at a time as each was
 * first called. V8 can serialize what it compiled, the functions compiled
 * lazily during the run included, and take it back in the next process
 * instead of compiling again: ≈0.35 CPU-s less per build (2.53 → 2.17 CPU-s,
 * wall 1.51 → 1.37 s, medians of 11 on the 2-core VM).
 * Node 22 does this itself (module.enableCompileCache); Node 20, which we
 * support, does not, so this hooks CommonJS compilation the way Node's own
 * loader compiles a module (the same wrapper, the same require), through
 * vm.Script with cachedData.
 *
 * A cache entry belongs to one version of one file (its size, inode,
 * modification and change times: V8 itself checks only the source's
 * length), one Node and V8 version, and one profile (the command: a cache
 * written by `validate` lacks what `build` compiles). V8 rejects data that
 * does not fit (other flags, say); a rejected or missing entry is written
 * when the thread says its run went well (flush), and replaces the entries
 * of the file's earlier contents.
 * The cache is only ever an optimization: every failure to read or write it
 * is ignored.
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';
import { fileVersion } from './file-version.js';
import { fnvHex as fnv } from './fnv.js';

interface Compiled {
  /** the entry's file name in the cache folder */
  name: string;
  script: vm.Script;
}

interface ModuleInternals {
  _compile(content: string, filename: string, format?: string): unknown;
  exports: unknown;
  require(id: string): unknown;
}

type ExtensionHandler = (this: unknown, module: ModuleInternals, filename: string) => unknown;

interface ModuleStatics {
  prototype: ModuleInternals;
  wrap(content: string): string;
  _extensions: Record<string, ExtensionHandler>;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
}

export interface CompileCache {
  /** writes the entries that were missing or rejected; call once the run has gone well */
  flush(): void;
}

/** per thread, shared by every copy of this module (the bin's and a bundle's) */
const INSTALLED = Symbol.for('bulletin.compileCache');
const slot = globalThis as { [INSTALLED]?: CompileCache };

/** Writes what the thread's compile cache lacks (see CompileCache.flush); nothing when none is installed. */
export function flushCompileCache(): void {
  slot[INSTALLED]?.flush();
}

/**
 * Compiles every CommonJS module required from now on in this thread through
 * the cache in `dir`, under `profile`. Once per thread; a second call returns
 * the first cache.
 */
export function installCompileCache(dir: string, profile: string): CompileCache {
  const existing = slot[INSTALLED];
  if (existing) return existing;
  const M = Module as unknown as ModuleStatics;
  const original = M.prototype._compile;
  const pending: Compiled[] = [];

  // `<file and profile>.<file's version and Node's>.bin`: one entry per file and profile, replaced when
  // either changes (a file's version: ./file-version.ts).
  const entryName = (filename: string, content: string): string | undefined => {
    try {
      const s = statSync(filename);
      const version = `${content.length}|${fileVersion(s)}|${process.version}|${v8.cachedDataVersionTag()}`;
      return `${fnv(`${profile}|${filename}`)}.${fnv(version)}.bin`;
    } catch {
      return undefined;
    }
  };

  M.prototype._compile = function compile(this: ModuleInternals, content: string, filename: string, format?: string) {
    // ES modules required from CommonJS (format 'module') and anything unusual go Node's own way
    if (format === 'module' || typeof content !== 'string') return original.call(this, content, filename, format);
    const name = entryName(filename, content);
    let cachedData: Buffer | undefined;
    try {
      if (name) cachedData = readFileSync(join(dir, name));
    } catch {
      cachedData = undefined;
    }
    // Node's own wrapper: line and column numbers in stack traces stay those of the file
    const script = new vm.Script(M.wrap(content.startsWith('#!') ? `//${content.slice(2)}` : content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
    });
    if (name && (!cachedData || script.cachedDataRejected)) pending.push({ name, script });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = makeRequire(this, M);
    return fn.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  // A .cjs file whose bytes are all ASCII (our bundles and the library copies they load are:
  // scripts/bundle.mjs) is read as Latin-1, the same text: Node's own reading decodes it as UTF-8,
  // which for the CLI's 1.1 MB bundle took ≈5 ms and ≈450 more page faults than taking the bytes
  // as they are (a string of one byte per character either way). Anything else is read as Node reads it.
  const readJs = M._extensions['.js']!;
  M._extensions['.js'] = function readAsciiCjs(this: unknown, module: ModuleInternals, filename: string) {
    if (filename.endsWith('.cjs')) {
      let bytes: Buffer | undefined;
      try {
        bytes = readFileSync(filename);
      } catch {
        bytes = undefined;
      }
      if (bytes && isAscii(bytes)) return module._compile(bytes.toString('latin1'), filename, 'commonjs');
    }
    return readJs.call(this, module, filename);
  };

  const cache: CompileCache = {
    flush() {
      const todo = pending.splice(0);
      if (todo.length === 0) return;
      try {
        mkdirSync(dir, { recursive: true });
      } catch {
        return;
      }
      let present: string[] = [];
      try {
        present = readdirSync(dir);
      } catch {
        return;
      }
      for (const { name, script } of todo) {
        try {
          const file = join(dir, name);
          const temp = `${file}.${process.pid}.${threadId}.tmp`;
          writeFileSync(temp, script.createCachedData());
          renameSync(temp, file);
          // the entries of the file's earlier versions (a rebuilt bundle, an upgraded library)
          const prefix = name.slice(0, name.indexOf('.') + 1);
          for (const old of present) if (old.startsWith(prefix) && old !== name && old.endsWith('.bin')) rmSync(join(dir, old), { force: true });
        } catch {
          // a read-only install or a full disk: run without the cache
        }
      }
    },
  };
  slot[INSTALLED] = cache;
  return cache;
}

/** The `require` Node gives a CommonJS module (resolve, cache, main, extensions). */
function makeRequire(mod: ModuleInternals, M: ModuleStatics): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => (Module as unknown as { _resolveLookupPaths(r: string, m: unknown): string[] | null })._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions as unknown as NodeJS.RequireExtensions;
  require.cache = M._cache as NodeJS.Dict<NodeJS.Module>;
  return require;
}
