/**
 * What tells one version of a file from another, for the caches that keep
 * what is derived from a file (the compile cache, ./compile-cache.ts; the
 * font cache, render/pdf/font-cache.ts): its size, modification and change
 * times, and inode. The change time is there because npm gives every file
 * it installs the same modification time, while writing a file (an
 * upgrade) always moves its change time. Reading the file is not needed.
 */
export function fileVersion(s: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): string {
  return `${s.size}|${s.mtimeMs}|${s.ctimeMs}|${s.ino}`;
}
