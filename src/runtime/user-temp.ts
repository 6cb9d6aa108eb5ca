/** A folder of the user's own in the system's temporary folder, for caches that cannot live next to the package. */
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** `<tmp>/<prefix>-<uid>`: the uid without a user-database lookup where there is one (os.userInfo reads the database, ≈10 ms). */
export function userTempDir(prefix: string): string {
  let user = process.getuid ? String(process.getuid()) : 'user';
  if (!process.getuid) {
    try {
      user = userInfo().username;
    } catch {
      // no user entry: one folder for all
    }
  }
  return join(tmpdir(), `${prefix}-${user}`);
}
