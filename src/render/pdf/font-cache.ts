/**
 * A content-addressed disk cache for data derived from the installed font
 * files only (never from a document): the TrueType decoded from a Noto Serif
 * SC woff2 chunk, keyed by the SHA-256 of the woff2 bytes. Decoding a chunk
 * with wawoff2 takes ≈7 ms (and loading wawoff2's wasm more); reading it
 * back takes well under 1 ms.
 *
 * Where: $BULLETIN_CACHE_DIR if set (empty or "off": no cache), else
 * node_modules/.cache/bulletin next to the font package, else the OS temp
 * folder. Safe when the folder is absent, unwritable or its files corrupt:
 * an entry is a header (magic, length, CRC-32) and the data, checked on
 * every read; anything that fails the check is ignored and computed again,
 * and writes are atomic (temporary file, then rename) and best-effort. So
 * the cache can never change output bytes: a hit is exactly what decoding
 * gives.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/** The cache key of some bytes (what they are derived from) and a kind. */
export function cacheKey(kind: string, source: Uint8Array): string {
  return `${kind}-${createHash('sha256').update(source).digest('hex').slice(0, 40)}`;
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

async function write(dir: string, key: string, data: Uint8Array): Promise<boolean> {
  const head = Buffer.alloc(HEADER);
  MAGIC.copy(head);
  head.writeUInt32LE(data.length, MAGIC.length);
  head.writeUInt32LE(crc32(data), MAGIC.length + 4);
  const temp = path.join(dir, `.${key}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, Buffer.concat([head, data]));
    await rename(temp, path.join(dir, key));
    return true;
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
    return false;
  }
}

/**
 * The bytes derived from `source` by `derive`, from the cache when it holds
 * them. `nearPackage` is the installed package the source comes from (the
 * cache goes next to it).
 */
export async function cached(kind: string, source: Uint8Array, nearPackage: string, derive: () => Promise<Uint8Array>): Promise<Uint8Array> {
  dirs ??= Promise.resolve(candidateDirs(nearPackage));
  const where = await dirs;
  if (where.length === 0) return derive();
  const key = cacheKey(kind, source);
  for (const dir of where) {
    const hit = await read(dir, key);
    if (hit) return hit;
  }
  const data = await derive();
  for (const dir of where) if (await write(dir, key, data)) break;
  return data;
}

/** Forget the resolved cache folders (tests change BULLETIN_CACHE_DIR). */
export function resetCacheDirs(): void {
  dirs = undefined;
}
