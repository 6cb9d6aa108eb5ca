/**
 * mkdir -p that always ends. Node's own recursive mkdir loops for ever where
 * a folder cannot be made and mkdir says ENOENT although the parent exists
 * (`--out /proc/x/y` on Linux: /proc refuses new entries that way); here each
 * level is made once, and the first that cannot be is the error.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** mkdir failed because `dir` is there already, as a folder */
const existsAsFolder = async (error: unknown, dir: string): Promise<boolean> =>
  (error as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(dir).then((s) => s.isDirectory(), () => false));

export async function makeDirs(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (await existsAsFolder(e, dir)) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    await makeDirs(parent);
  }
  try {
    // the parent is there now: this answer is the folder's own
    await mkdir(dir);
  } catch (e) {
    if (await existsAsFolder(e, dir)) return;
    throw e;
  }
}
