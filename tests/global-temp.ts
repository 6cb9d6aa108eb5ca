/**
 * vitest globalSetup: one temporary folder for the whole run, under which
 * every test's tempDir() is made (the workers inherit the variable), removed
 * when the run ends, so that runs leave nothing behind in the system's tmp.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'bulletin-tests-'));
  process.env.BULLETIN_TEST_TMP = root;
  return async () => {
    if (!process.env.KEEP_TEST_FILES) await rm(root, { recursive: true, force: true });
  };
}
