/**
 * The PDF's fast font paths: the CFF subsetter (draws exactly what
 * fontkit's subsetter draws, without a single subroutine), the serif chunk
 * index (the same answers as a map of every code point), and the font cache
 * (safe when absent, unwritable or corrupt; a hit is the computed bytes).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, BulletinDocument } from '../src/document/blocks.js';
import { renderPdf } from '../src/render/pdf.js';
import { CffSubsetter } from '../src/render/pdf/cff-subset.js';
import { cached, cacheKey, fileIdentity, resetCacheDirs } from '../src/render/pdf/font-cache.js';
import { ChunkIndex, parseUnicodeRanges, sansFont, useSubsetter } from '../src/render/pdf/fonts.js';
import { hasPoppler, pdfFonts } from './helpers/pdf.js';

const require = createRequire(import.meta.url);
const SANS = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
const SERIF_CSS = path.join(path.dirname(require.resolve('noto-serif-sc/package.json')), 'noto_serif_sc_regular', 'css.css');

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'bulletin-fonts-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) {
    chmodSync(d, 0o700);
    rmSync(d, { recursive: true, force: true });
  }
});

/** INDEX count and item bytes of a CFF at `at` */
function readIndex(b: Uint8Array, at: number): { count: number; items: Uint8Array[]; end: number } {
  const count = (b[at]! << 8) | b[at + 1]!;
  if (count === 0) return { count, items: [], end: at + 2 };
  const off = b[at + 2]!;
  const o = (i: number) => {
    let v = 0;
    for (let k = 0; k < off; k++) v = v * 256 + b[at + 3 + i * off + k]!;
    return v;
  };
  const data = at + 3 + (count + 1) * off - 1;
  const items = Array.from({ length: count }, (_, i) => b.subarray(data + o(i), data + o(i + 1)));
  return { count, items, end: data + o(count) };
}

describe('CFF subsets', () => {
  const font = readFileSync(SANS);
  const subsetter = new CffSubsetter(font);

  it('hold the glyphs asked for, in order, with no subroutines', async () => {
    const f = (await sansFont('regular')).font;
    const glyphs = [0, ...[...'南京卫生信息中心12320，（）%'].map((c) => f.glyphForCodePoint(c.codePointAt(0)!).id)];
    const cff = subsetter.subset(glyphs);
    expect([...cff.subarray(0, 4)]).toEqual([1, 0, 4, 4]);
    const names = readIndex(cff, 4);
    expect(Buffer.from(names.items[0]!).toString('latin1')).toMatch(/NotoSansHans/);
    const top = readIndex(cff, names.end);
    const strings = readIndex(cff, top.end);
    expect(strings.items.map((s) => Buffer.from(s).toString('latin1'))).toEqual(['Adobe', 'Identity']);
    expect(readIndex(cff, strings.end).count).toBe(0); // no global subroutines
    // CharStrings: the top DICT's operator 17, written as a 5-byte integer
    const dict = top.items[0]!;
    const at = dict.findIndex((b, i) => b === 17 && dict[i - 5] === 29);
    const charStringsAt = new DataView(dict.buffer, dict.byteOffset).getInt32(at - 4);
    const charStrings = readIndex(cff, charStringsAt);
    expect(charStrings.count).toBe(glyphs.length);
    for (const cs of charStrings.items) expect(cs[cs.length - 1]).toBe(14); // endchar
    // and it is the same every time
    expect(Buffer.from(subsetter.subset(glyphs)).equals(Buffer.from(cff))).toBe(true);
  });

  it('refuses a subset without .notdef first and glyphs the font does not have', () => {
    expect(() => subsetter.subset([5])).toThrow(/notdef/);
    expect(() => subsetter.subset([0, subsetter.numGlyphs])).toThrow();
  });

  it.skipIf(!hasPoppler())('draw exactly what fontkit’s subsets draw', async () => {
    const doc: BulletinDocument = {
      meta: { title: 't', author: 'a', subject: 's', language: 'zh-CN', date: new Date('2020-11-30T00:00:00Z') },
      blocks: [
        { type: 'heading', level: 1, text: '统计数据：南京12320卫生热线（2020年10月）', id: 'a' },
        { type: 'heading', level: 2, text: '预约挂号 Booking · 增长6.3%', id: 'b' },
        {
          type: 'table',
          id: 't',
          title: '各区平台数据采集情况',
          columns: [{ header: '区', align: 'left' }, { header: '数量', align: 'right' }].map((c) => ({ ...c, width: 1 })),
          header: [[{ text: '区' }, { text: '采集量（万条）' }]],
          rows: [{ cells: [{ text: '玄武区' }, { text: '1,234' }] }, { kind: 'total', cells: [{ text: '合计' }, { text: '5678' }] }],
        } as unknown as Block,
      ],
    };
    const dir = tempDir();
    const raster = async (which: 'fast' | 'fontkit') => {
      useSubsetter('cff', which);
      try {
        const file = path.join(dir, `${which}.pdf`);
        writeFileSync(file, await renderPdf(doc));
        execFileSync('pdftoppm', ['-png', '-r', '150', file, path.join(dir, which)]);
        return { file, pages: readdirSync(dir).filter((f) => f.startsWith(`${which}-`)).sort() };
      } finally {
        useSubsetter('cff', 'fast');
      }
    };
    const fontkit = await raster('fontkit');
    const fast = await raster('fast');
    expect(fast.pages.length).toBe(fontkit.pages.length);
    for (let i = 0; i < fast.pages.length; i++) {
      expect(readFileSync(path.join(dir, fast.pages[i]!)).equals(readFileSync(path.join(dir, fontkit.pages[i]!)))).toBe(true);
    }
    const fonts = pdfFonts(fast.file).filter((f) => f.name.includes('NotoSansHans'));
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatchObject({ type: 'CID Type 0C', embedded: true, subset: true, unicode: true });
    // no empty subroutines: the fast subsets are smaller
    expect(readFileSync(fast.file).length).toBeLessThan(readFileSync(fontkit.file).length);
  });
});

describe('serif chunk index', () => {
  it('answers like a map of every code point listed in css.css', () => {
    const css = readFileSync(SERIF_CSS, 'utf8');
    const index = parseUnicodeRanges(css);
    const brute = new Map<number, string[]>();
    for (const rule of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
      const file = /url\(\s*['"]?([^'")]+)['"]?\s*\)/.exec(rule[1]!)![1]!;
      for (const part of /unicode-range\s*:\s*([^;}]+)/.exec(rule[1]!)![1]!.split(',')) {
        const [lo, hi] = part.trim().slice(2).split('-').map((h) => parseInt(h, 16)) as [number, number?];
        for (let cp = lo; cp <= (hi ?? lo); cp++) brute.set(cp, [...(brute.get(cp) ?? []), file]);
      }
    }
    expect(brute.size).toBeGreaterThan(10000);
    // and so does the index read back from the font cache's bytes
    const reread = ChunkIndex.fromBytes(index.toBytes());
    for (let cp = 0; cp < 0x30000; cp++) {
      if (JSON.stringify(index.get(cp)) !== JSON.stringify(brute.get(cp))) expect([cp, index.get(cp)]).toEqual([cp, brute.get(cp)]);
      if (JSON.stringify(reread.get(cp)) !== JSON.stringify(brute.get(cp))) expect([cp, reread.get(cp)]).toEqual([cp, brute.get(cp)]);
    }
    expect(() => ChunkIndex.fromBytes(index.toBytes().subarray(0, 100))).toThrow();
  });
});

describe('font cache', () => {
  const source = { name: '/fonts/chunk.woff2', version: '12345|1.5|2.5|77' };
  const derived = Buffer.from('the decoded TrueType bytes');
  const use = async (dir: string | undefined) => {
    if (dir === undefined) delete process.env.BULLETIN_CACHE_DIR;
    else process.env.BULLETIN_CACHE_DIR = dir;
    resetCacheDirs();
  };
  afterAll(() => use(undefined));

  it('computes once, then reads back exactly the computed bytes', async () => {
    const dir = tempDir();
    await use(dir);
    let calls = 0;
    const derive = async () => (calls++, derived);
    expect(Buffer.from(await cached('test', source, dir, derive))).toEqual(derived);
    expect(Buffer.from(await cached('test', source, dir, derive))).toEqual(derived);
    expect(calls).toBe(1);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('ignores a corrupt entry and computes again', async () => {
    const dir = tempDir();
    await use(dir);
    await cached('test', source, dir, async () => derived);
    const [entry] = readdirSync(dir);
    const bytes = readFileSync(path.join(dir, entry!));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(path.join(dir, entry!), bytes);
    let calls = 0;
    expect(Buffer.from(await cached('test', source, dir, async () => (calls++, derived)))).toEqual(derived);
    expect(calls).toBe(1);
    writeFileSync(path.join(dir, entry!), 'short');
    expect(Buffer.from(await cached('test', source, dir, async () => derived))).toEqual(derived);
  });

  it("keys an entry by its source file's identity: a file written again is derived again", async () => {
    const dir = tempDir();
    await use(dir);
    const woff2 = path.join(tempDir(), 'chunk.woff2');
    writeFileSync(woff2, 'the woff2 bytes');
    let calls = 0;
    const derive = async () => (calls++, Buffer.from(readFileSync(woff2, 'utf8').toUpperCase()));
    const first = await fileIdentity(woff2);
    expect(Buffer.from(await cached('test', first, dir, derive)).toString()).toBe('THE WOFF2 BYTES');
    expect(Buffer.from(await cached('test', await fileIdentity(woff2), dir, derive)).toString()).toBe('THE WOFF2 BYTES');
    expect(calls).toBe(1);
    // the same size, written again (an upgrade): its change time moves
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(woff2, 'the woff2 BYTES');
    const second = await fileIdentity(woff2);
    expect(second).not.toBe(first);
    expect(Buffer.from(await cached('test', second, dir, derive)).toString()).toBe('THE WOFF2 BYTES');
    expect(calls).toBe(2);
    expect(cacheKey('test', second)).not.toBe(cacheKey('test', first));
    // the earlier version's entry is gone, another source's stays
    await cached('test', { name: '/elsewhere.woff2', version: '1' }, dir, derive);
    expect(readdirSync(dir).sort()).toEqual([cacheKey('test', second), cacheKey('test', { name: '/elsewhere.woff2', version: '1' })].sort());
  });

  it('works without a cache: switched off, or in a folder it cannot write', async () => {
    await use('off');
    let calls = 0;
    const derive = async () => (calls++, derived);
    await cached('test', source, '/nonexistent', derive);
    await cached('test', source, '/nonexistent', derive);
    expect(calls).toBe(2);
    const dir = tempDir();
    chmodSync(dir, 0o500);
    await use(path.join(dir, 'sub'));
    expect(Buffer.from(await cached('test', source, dir, async () => derived))).toEqual(derived);
  });
});
