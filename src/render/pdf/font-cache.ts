/**
 * A disk cache for data derived from the installed font files only (never
 * from a document): the TrueType decoded from a Noto Serif SC woff2 chunk.
 * Decoding a chunk with wawoff2 takes ≈7 ms (and loading wawoff2's wasm
 * more); reading it back takes well under 1 ms.
 *
 * Keyed by the source file's identity: its path, size, times (the change
 * time included, which writing a file always moves) and inode, as the
 * compile cache keys compiled code (src/runtime/compile-cache.ts), so that a
 * hit reads neither the source nor node:crypto (keyed by the woff2's SHA-256,
 * it read 1.35 MB of woff2 for the sample issue's 31 chunks to hash them).
 *
 * Where: $BULLETIN_CACHE_DIR if set (empty or "off": no cache), else
 * node_modules/.cache/bulletin next to the font package, else the OS temp
 * folder. Safe when the folder is absent, unwritable or its files corrupt:
 * an entry is a header (magic, length, CRC-32) and the data, checked on
 * every read; anything that fails the check is ignored and computed again,
 * and writes are atomic (temporary file, then rename) and best-effort. A
 * write removes the entries of the same source's earlier versions.
 */
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeTemp } from '../../output/atomic-write.js';
import { fileVersion } from '../../runtime/file-version.js';
import { fnvHex } from '../../runtime/fnv.js';
import { userTempDir } from '../../runtime/user-temp.js';
import { crc32 } from '../docx/zip.js';

const MAGIC = Buffer.from('BLTNFC01', 'latin1');
const HEADER = MAGIC.length + 8;

let dirs: Promise<string[]> | undefined;

function candidateDirs(nearPackage: string): string[] {
  const env = process.env.BULLETIN_CACHE_DIR;
  if (env !== undefined) return env === '' || env === 'off' ? [] : [path.resolve(env)];
  // <root>/node_modules/<package> → <root>/node_modules/.cache/bulletin
  const own = userTempDir('bulletin-cache');
  return [path.join(path.dirname(nearPackage), '.cache', 'bulletin'), ...(own ? [own] : [])];
}

/** A source file: its name, and what tells its version from another's (size, times and inode). */
export interface SourceIdentity {
  name: string;
  version: string;
}

/**
 * The cache key of what some data is derived from and a kind: `<kind>-<name hash>.<version hash>`,
 * so that an entry of the same source's earlier version can be told and removed.
 */
export function cacheKey(kind: string, source: SourceIdentity): string {
  return `${keyPrefix(kind, source)}${fnvHex(source.version, 2)}`;
}

const keyPrefix = (kind: string, source: SourceIdentity) => `${kind}-${fnvHex(source.name, 2)}.`;

/** A file's identity: its path, and its size, times and inode. */
export async function fileIdentity(file: string): Promise<SourceIdentity> {
  return { name: path.resolve(file), version: fileVersion(await stat(file)) };
}

/** The cached bytes under `key`, or undefined (absent, unreadable, or failing its check). */
async function read(dir: string, key: string): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, key));
  } catch {
    return undefined;
  }
  if (bytes.length < HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = bytes.readUInt32LE(MAGIC.length);
  const crc = bytes.readUInt32LE(MAGIC.length + 4);
  const data = bytes.subarray(HEADER);
  if (data.length !== length || crc32(data) !== crc) return undefined;
  return data;
}

async function write(dir: string, key: string, prefix: string, data: Uint8Array): Promise<boolean> {
  const head = Buffer.alloc(HEADER);
  MAGIC.copy(head);
  head.writeUInt32LE(data.length, MAGIC.length);
  head.writeUInt32LE(crc32(data), MAGIC.length + 4);
  let temp: string | undefined;
  try {
    await mkdir(dir, { recursive: true });
    temp = await writeTemp(path.join(dir, key), Buffer.concat([head, data]));
    await rename(temp, path.join(dir, key));
    // the entries of the source's earlier versions (an upgraded font package)
    for (const other of await readdir(dir)) if (other.startsWith(prefix) && other !== key) await rm(path.join(dir, other), { force: true });
    return true;
  } catch {
    if (temp) await rm(temp, { force: true }).catch(() => undefined);
    return false;
  }
}

/**
 * The bytes `derive` derives from `source` (`fileIdentity`),
 * from the cache when it holds them. `nearPackage` is the installed package
 * the source comes from (the cache goes next to it).
 */
export async function cached(kind: string, source: SourceIdentity, nearPackage: string, derive: () => Promise<Uint8Array>): Promise<Uint8Array> {
  dirs ??= Promise.resolve(candidateDirs(nearPackage));
  const where = await dirs;
  if (where.length === 0) return derive();
  const key = cacheKey(kind, source);
  for (const dir of where) {
    const hit = await read(dir, key);
    if (hit) return hit;
  }
  const data = await derive();
  for (const dir of where) if (await write(dir, key, keyPrefix(kind, source), data)) break;
  return data;
}

/** Forget the resolved cache folders (tests change BULLETIN_CACHE_DIR). */
export function resetCacheDirs(): void {
  dirs = undefined;
}
