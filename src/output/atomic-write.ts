/**
 * Writes files so that a failed run never damages earlier outputs: each file
 * goes to a temporary name in the same folder and is renamed into place only
 * when every file of the set has been written.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeDirs } from './make-dirs.js';

export async function writeFilesAtomically(files: readonly { path: string; data: Uint8Array | string }[]): Promise<void> {
  const temps: { temp: string; path: string }[] = [];
  try {
    for (const f of files) {
      await makeDirs(dirname(f.path));
      // a short name of its own: the final name may already be near the file system's 255 bytes
      const temp = join(dirname(f.path), `.bulletin-${randomBytes(6).toString('hex')}.tmp`);
      temps.push({ temp, path: f.path });
      await writeFile(temp, f.data);
    }
    for (const t of temps) await rename(t.temp, t.path);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t.temp, { force: true })));
    throw e;
  }
}
