/**
 * Writes files so that a failed run never damages earlier outputs: each file
 * goes to a temporary name in the same folder and is renamed into place only
 * when every file of the set has been written.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeDirs } from './make-dirs.js';

let written = 0;

/**
 * Writes `data` to a new file next to `path` and returns its name. The name is
 * this process's and never an existing file's ('wx'; another is tried should one
 * be left over): no random bytes, whose module (node:crypto) took ≈10 ms to load
 * at the end of every build.
 */
export async function writeTemp(path: string, data: Uint8Array | string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    // a short name of its own: the final name may already be near the file system's 255 bytes
    const temp = join(dirname(path), `.bulletin-${process.pid.toString(36)}-${Date.now().toString(36)}-${(written++).toString(36)}.tmp`);
    try {
      await writeFile(temp, data, { flag: 'wx' });
      return temp;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 9) continue;
      // a file this call created and could not fill (not one that was there before)
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') await rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
  }
}

export async function writeFilesAtomically(files: readonly { path: string; data: Uint8Array | string }[]): Promise<void> {
  const temps: { temp: string; path: string }[] = [];
  try {
    for (const f of files) {
      await makeDirs(dirname(f.path));
      temps.push({ temp: await writeTemp(f.path, f.data), path: f.path });
    }
    for (const t of temps) await rename(t.temp, t.path);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t.temp, { force: true })));
    throw e;
  }
}
