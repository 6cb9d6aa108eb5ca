/**
 * The compile cache (src/runtime/compile-cache.ts) that bin/bulletin.js turns
 * on for the bundle: it must change nothing but the time a run takes, whether
 * it is empty, full, damaged or cannot be written.
 */
import { chmodSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileCacheDir } from '../src/runtime/start.js';
import { userTempDir } from '../src/runtime/user-temp.js';
import { bundleIsCurrent, runBin } from './helpers/bundle.js';
import { tempDir } from './helpers/workbook.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'fixtures');
const bin = (args: string[], cache: string) => runBin(args, { BULLETIN_COMPILE_CACHE: cache });

/** the cache's entries with their modification times */
const entries = (dir: string): Map<string, number> =>
  new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs] as const));

describe.skipIf(!bundleIsCurrent())('the compile cache', () => {
  const validate = ['validate', '2020-10', '--data', FIXTURES, '--json'];

  it('is written by a first run and read, unchanged, by the next, which prints the same', async () => {
    const cache = await tempDir();
    const first = bin(validate, cache);
    expect(first.code).toBe(0);
    const written = entries(cache);
    expect([...written.keys()].filter((f) => f.endsWith('.bin')).length).toBeGreaterThan(0);
    expect([...written.keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const second = bin(validate, cache);
    expect(second).toEqual(first);
    // every entry was taken: none rejected and written again
    expect(entries(cache)).toEqual(written);
  }, 60_000);

  it('builds the same bytes with and without it, and a second build takes all of it, in both threads', async () => {
    const cache = await tempDir();
    const outs = [await tempDir(), await tempDir(), await tempDir()];
    expect(bin(['build', '2020-10', '--data', FIXTURES, '--out', outs[0]!, '--quiet'], '0').code).toBe(0);
    expect(bin(['build', '2020-10', '--data', FIXTURES, '--out', outs[1]!, '--quiet'], cache).code).toBe(0);
    const written = entries(cache);
    expect(bin(['build', '2020-10', '--data', FIXTURES, '--out', outs[2]!, '--quiet'], cache).code).toBe(0);
    expect(entries(cache)).toEqual(written);
    for (const out of outs.slice(1)) {
      for (const f of readdirSync(outs[0]!)) expect(await readFile(join(out, f))).toEqual(await readFile(join(outs[0]!, f)));
    }
  }, 120_000);

  it('ignores entries that are damaged, and writes them anew', async () => {
    const cache = await tempDir();
    const first = bin(validate, cache);
    for (const f of readdirSync(cache)) await writeFile(join(cache, f), 'not a code cache');
    expect(bin(validate, cache)).toEqual(first);
    for (const f of readdirSync(cache)) expect(await readFile(join(cache, f), 'utf8')).not.toBe('not a code cache');
  }, 60_000);

  it('changes nothing when its folder cannot be made', async () => {
    const file = join(await tempDir(), 'a-file');
    await writeFile(file, '');
    const reference = bin(validate, '0');
    expect(bin(validate, join(file, 'cache'))).toEqual(reference);
  }, 60_000);
});

const COMPILED = join(ROOT, 'dist', 'runtime', 'compile-cache.js');

describe.skipIf(!existsSync(COMPILED))('CommonJS files read through the compile cache', () => {
  it('are the same text whether all ASCII (read as Latin-1) or not (UTF-8), with or without a BOM', async () => {
    const dir = await tempDir();
    const files = { ascii: "module.exports = 'plain \\u4e2d text';\n", cjk: "module.exports = '南京市卫生信息中心 — ½';\n", bom: "\uFEFFmodule.exports = 'with a BOM';\n" };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, `${name}.cjs`), text);
    const script = `const { installCompileCache } = await import(${JSON.stringify(pathToFileURL(COMPILED).href)});
      installCompileCache(${JSON.stringify(join(dir, 'cache'))}, 'test');
      const { createRequire } = await import('node:module');
      const require = createRequire(${JSON.stringify(join(dir, 'x.cjs'))});
      process.stdout.write(JSON.stringify(['ascii', 'cjk', 'bom'].map((n) => require('./' + n + '.cjs'))));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['plain \u4e2d text', '南京市卫生信息中心 — ½', 'with a BOM']);
  });
});

describe('where the compile cache lives', () => {
  it('is off in CI unless a folder is given, and off when told', () => {
    expect(compileCacheDir({ CI: 'true' })).toBeUndefined();
    expect(compileCacheDir({ CI: 'true', BULLETIN_COMPILE_CACHE: '/some/folder' })).toBe('/some/folder');
    expect(compileCacheDir({ BULLETIN_COMPILE_CACHE: '0' })).toBeUndefined();
    expect(compileCacheDir({ CI: 'false' })).toMatch(/bulletin/);
    expect(compileCacheDir({})).toMatch(/bulletin/);
  });
});

describe('a cache folder in the temporary folder (userTempDir)', () => {
  const inTemp = async (fn: (tmp: string) => void | Promise<void>) => {
    const tmp = await tempDir();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      await fn(tmp);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  };

  it.skipIf(!process.getuid)('is made for the user alone, and refused when others may write to it or it is a link', async () => {
    await inTemp(async (tmp) => {
      const dir = userTempDir('bulletin-test');
      expect(dir).toBe(join(tmp, `bulletin-test-${process.getuid!()}`));
      expect(statSync(dir!).mode & 0o777).toBe(0o700);
      // made by someone else for everyone to write to
      chmodSync(dir!, 0o777);
      expect(userTempDir('bulletin-test')).toBeUndefined();
      // a link to a folder elsewhere
      const elsewhere = await tempDir();
      symlinkSync(elsewhere, join(tmp, `bulletin-link-${process.getuid!()}`));
      expect(userTempDir('bulletin-link')).toBeUndefined();
    });
  });
});
