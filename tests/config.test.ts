/**
 * The package's default configuration, validated when the package is built
 * (src/config/precompiled-defaults.ts, scripts/precompile-config.mjs): what
 * loadConfig returns for the defaults alone, without reading them as YAML or
 * building the configuration's schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers/workbook.js';

const DEFAULTS = join(import.meta.dirname, '..', 'templates', 'default', 'bulletin.config.yaml');
const COMPILED = join(import.meta.dirname, '..', 'dist', 'config', 'precompiled-defaults.js');
const STUB = '../src/config/precompiled-defaults.js';

/** loadConfig from the sources, with the precompiled defaults given */
async function loadConfigWith(precompiled: { text: string; json: string }) {
  vi.resetModules();
  vi.doMock(STUB, () => ({ PRECOMPILED_DEFAULTS: precompiled }));
  return (await import('../src/config/load.js')).loadConfig;
}

describe('the default configuration, validated when the package is built', () => {
  afterEach(() => {
    vi.doUnmock(STUB);
    vi.resetModules();
  });

  it.skipIf(!existsSync(COMPILED))('is what reading and validating the defaults gives (the build wrote it)', async () => {
    const { PRECOMPILED_DEFAULTS } = (await import(pathToFileURL(COMPILED).href)) as { PRECOMPILED_DEFAULTS: { text: string; json: string } };
    expect(PRECOMPILED_DEFAULTS.text).toBe(readFileSync(DEFAULTS, 'utf8'));
    // the sources' stub has none: this loadConfig reads the YAML and validates it with the schema
    const { loadConfig } = await import('../src/config/load.js');
    expect(JSON.parse(PRECOMPILED_DEFAULTS.json)).toStrictEqual(await loadConfig());
  });

  it('is used for the defaults alone, a new object each time, but not with a workspace file', async () => {
    const loadConfig = await loadConfigWith({ text: readFileSync(DEFAULTS, 'utf8'), json: '{"marker":1}' });
    const a = await loadConfig();
    expect(a).toEqual({ marker: 1 });
    expect(await loadConfig()).not.toBe(a);
    // a workspace file that is not there (and not required): still the defaults alone
    expect(await loadConfig('/nonexistent/bulletin.config.yaml')).toEqual({ marker: 1 });
    const dir = await tempDir();
    await writeFile(join(dir, 'c.yaml'), 'masthead:\n  title: 卫生信息（试刊）\n');
    const merged = await loadConfig(join(dir, 'c.yaml'));
    expect(merged.masthead.title).toBe('卫生信息（试刊）');
    expect(merged.center.name).toBe('南京市卫生信息中心');
  });

  it('is not used when the defaults are not the text it was made from (edited since the build)', async () => {
    const loadConfig = await loadConfigWith({ text: 'center:\n  name: 别处\n', json: '{"marker":1}' });
    expect((await loadConfig()).center.name).toBe('南京市卫生信息中心');
  });
});
