/** A folder of the user's own in the system's temporary folder, for caches that cannot live next to the package. */
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * `<tmp>/<prefix>-<uid>`, made if absent, only the user's: undefined when it
 * is anything else (another user's, writable by others, a link). The caches
 * there hold compiled code and font data that are run and parsed as they
 * are; on a shared machine anybody can make a folder of that name in /tmp
 * first. The uid without a user-database lookup where there is one
 * (os.userInfo reads the database, ≈10 ms).
 */
export function userTempDir(prefix: string): string | undefined {
  const uid = process.getuid?.();
  let user = uid === undefined ? 'user' : String(uid);
  if (uid === undefined) {
    try {
      user = userInfo().username;
    } catch {
      // no user entry: one folder for all
    }
  }
  const dir = join(tmpdir(), `${prefix}-${user}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // there already, or not to be made: the checks below tell
  }
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory() || st.isSymbolicLink()) return undefined;
    // (Windows has no uid, and its temporary folder is the user's own)
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}
