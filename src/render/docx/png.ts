/**
 * PNG from resvg's RGBA pixels: rows unfiltered (the charts are flat
 * colors, where filters gain nothing) and copied as they are, deflated with
 * Node's zlib in its thread pool, so several charts compress in parallel
 * off the main thread. resvg's own encoder (asPng) runs on the main thread
 * (≈24 ms a chart) and gave larger files (322 KB against 206 KB for the
 * issue's five charts). Dropping the constant alpha (RGB) would save 3 %
 * of the bytes for a loop over every pixel on the main thread.
 *
 * Deterministic: the same pixels always give the same bytes.
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { crc32 } from './zip.js';

const deflate = promisify(zlib.deflate);

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4, 8))), 0);
  return Buffer.concat([head, data, crc]);
}

function opaque(rgba: Uint8Array): boolean {
  if (rgba.byteOffset % 4 === 0) {
    // four bytes at a time; alpha is the high byte of each little-endian word
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength >> 2);
    const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    const mask = little ? 0xff000000 : 0xff;
    for (let i = 0; i < words.length; i++) if ((words[i]! & mask) >>> 0 !== mask >>> 0) return false;
    return true;
  }
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/**
 * Scanlines with their filter byte (0: none). Opaque pixels are copied row
 * by row as they are (premultiplied is straight when alpha is 255); others
 * are unpremultiplied.
 */
function scanlines(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 4;
  const rows = Buffer.alloc((stride + 1) * height);
  if (opaque(rgba)) {
    const from = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    for (let y = 0; y < height; y++) from.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
    return rows;
  }
  let j = 0;
  for (let y = 0; y < height; y++) {
    j++; // filter type 0
    const end = (y + 1) * stride;
    for (let i = y * stride; i < end; i += 4) {
      const a = rgba[i + 3]!;
      for (let c = 0; c < 3; c++) rows[j++] = a === 0 ? 0 : Math.min(255, Math.floor((rgba[i + c]! * 255 + (a >> 1)) / a));
      rows[j++] = a;
    }
  }
  return rows;
}

/** Encodes premultiplied RGBA pixels (as resvg renders them), 8 bits a channel, as a PNG. */
export async function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  if (!(width > 0 && height > 0) || rgba.length !== width * height * 4) {
    throw new RangeError(`PNG: ${rgba.length} bytes are not ${width} × ${height} RGBA pixels`);
  }
  const rows = scanlines(rgba, width, height);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  // compression, filter method, interlace: 0
  const idat = await deflate(rows, { level: 6 });
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}
