/**
 * The pieces that make the DOCX's chart images and package fast: chart text
 * drawn as glyph outlines (looks the same as resvg drawing the text with the
 * font files) and the zip writer (entries, dates, CRCs and methods as
 * written).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { FONT_FAMILY } from '../src/charts/theme.js';
import { outlineSvgText } from '../src/render/docx/outline.js';
import { RESVG_ALLOCATOR_ENV, resvgRenderAsync, tuneResvgAllocator } from '../src/render/docx/resvg.js';
import { crc32, writeZip } from '../src/render/docx/zip.js';
import { sansFont } from '../src/render/pdf/fonts.js';

const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');

/** what ECharts' SVG renderer writes for labels, values and legends */
const SVG = `<svg width="300" height="120" xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 300 120">
<rect width="300" height="120" x="0" y="0" fill="none"/>
<path d="M60 30L200 30L200 50L60 50Z" fill="#2E5C8A"/>
<text dominant-baseline="central" text-anchor="end" style="font-size:9.5px;font-family:Noto Sans S Chinese;" transform="translate(55 40)" fill="#333333">南京市儿童医院</text>
<text dominant-baseline="central" text-anchor="start" style="font-size:9px;font-family:Noto Sans S Chinese;" transform="translate(205 40)" fill="#333333">132315</text>
<text dominant-baseline="central" text-anchor="middle" style="font-size:9.5px;font-family:Noto Sans S Chinese;" y="-5.7" transform="translate(130 80)" fill="#404040">远程心电</text>
<text dominant-baseline="central" text-anchor="middle" style="font-size:9.5px;font-family:Noto Sans S Chinese;" y="5.7" transform="translate(130 80)" fill="#404040">（心电病例）</text>
<text dominant-baseline="central" text-anchor="end" style="font-size:9.5px;font-family:Noto Sans S Chinese;" xml:space="preserve" transform="translate(290 105)" fill="#333333">微信平台 16.6%</text>
</svg>`;

function pixels(svg: string, withFonts: boolean): Uint8Array {
  const font = withFonts
    ? { fontFiles: [path.join(FONT_DIR, 'NotoSansHans-Regular.otf')], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }
    : { loadSystemFonts: false };
  return new Resvg(svg, { font, fitTo: { mode: 'width', value: 834 }, background: '#FFFFFF' }).render().pixels;
}

describe('chart text as outlines', () => {
  it('replaces every text element by a path and draws what resvg draws with the font', async () => {
    const font = (await sansFont('regular')).font;
    const { svg, textLeft } = outlineSvgText(SVG, font);
    expect(textLeft).toBe(0);
    expect(svg).not.toContain('<text');
    // a group per text element (its transform and fill), a path per glyph placed from font units
    expect(svg.match(/<g /g)).toHaveLength(5);
    expect(svg.match(/<path transform="matrix\(0\.0095 0 0 -0\.0095 [\d.-]+ [\d.-]+\)" d="M/g)!.length).toBe('南京市儿童医院远程心电（心电病例）'.length + '微信平台16.6%'.length);
    expect(svg).toContain('<g transform="translate(130 80)" fill="#404040">');
    const a = pixels(SVG, true);
    const b = pixels(svg, false);
    expect(b.length).toBe(a.length);
    let differ = 0;
    let ink = 0;
    for (let i = 0; i < a.length; i += 4) {
      const d = Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!));
      if (d > 64) differ++;
      if (a[i]! < 128) ink++;
    }
    // the same glyphs at the same places: anti-aliasing aside, no pixel differs
    expect(ink).toBeGreaterThan(1000);
    expect(differ).toBeLessThan(ink / 200);
  });

  it('gives the same path data every time', async () => {
    const font = (await sansFont('regular')).font;
    expect(outlineSvgText(SVG, font).svg).toBe(outlineSvgText(SVG, font).svg);
  });

  it('leaves text it cannot draw exactly (children, bold, unknown anchors) and counts it', async () => {
    const font = (await sansFont('regular')).font;
    const odd = [
      '<text x="1" y="2">a<tspan>b</tspan></text>',
      '<text style="font-size:9px;font-weight:bold">粗</text>',
      '<text text-anchor="inherit" style="font-size:9px">中</text>',
      '<text letter-spacing="2" style="font-size:9px">字</text>',
    ];
    const { svg, textLeft } = outlineSvgText(`<svg>${odd.join('')}<text style="font-size:9px">好</text></svg>`, font);
    expect(textLeft).toBe(4);
    for (const element of odd) expect(svg).toContain(element);
    expect(svg.match(/<g /g)).toHaveLength(1);
  });
});

describe('zip writer', () => {
  it('writes the entries in order, dated, deflated or stored, with their CRCs', async () => {
    const date = new Date(Date.UTC(2020, 10, 30, 8, 15, 30));
    const xml = Buffer.from('<a>'.repeat(200), 'utf8');
    const png = Buffer.from([1, 2, 3, 4]);
    const zip = await writeZip(
      [
        { name: '[Content_Types].xml', data: xml, deflate: true },
        { name: 'word/media/image1.png', data: png, deflate: false },
      ],
      date,
    );
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(2);
    let at = zip.readUInt32LE(end + 16);
    const found: { name: string; data: Buffer }[] = [];
    for (let i = 0; i < 2; i++) {
      expect(zip.readUInt32LE(at)).toBe(0x02014b50);
      const method = zip.readUInt16LE(at + 10);
      const time = zip.readUInt16LE(at + 12);
      const day = zip.readUInt16LE(at + 14);
      expect([time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([8, 15, 30]);
      expect([(day >> 9) + 1980, (day >> 5) & 15, day & 31]).toEqual([2020, 11, 30]);
      const crc = zip.readUInt32LE(at + 16);
      const csize = zip.readUInt32LE(at + 20);
      const nameLen = zip.readUInt16LE(at + 28);
      const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
      const local = zip.readUInt32LE(at + 42);
      expect(zip.readUInt32LE(local)).toBe(0x04034b50);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + csize);
      const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
      expect(crc32(data)).toBe(crc);
      found.push({ name, data });
      at += 46 + nameLen;
    }
    expect(found).toEqual([
      { name: '[Content_Types].xml', data: xml },
      { name: 'word/media/image1.png', data: png },
    ]);
  });

  it('computes the CRC-32 of zip and PNG', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('6789'), crc32(Buffer.from('12345')))).toBe(0xcbf43926);
  });
});

describe('resvg, loaded without its libc probe (src/render/docx/resvg.ts)', () => {
  it('renders what @resvg/resvg-js renders', async () => {
    const ours = await resvgRenderAsync();
    const { renderAsync } = await import('@resvg/resvg-js');
    const options = { fitTo: { mode: 'width' as const, value: 300 }, background: '#FFFFFF', font: { loadSystemFonts: false } };
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><rect x="5" y="5" width="60" height="20" fill="#2E5C8A"/></svg>';
    const a = await ours(svg, options);
    const b = await renderAsync(svg, options);
    expect([a.width, a.height]).toEqual([300, 120]);
    expect(Buffer.from(a.asPng()).equals(Buffer.from(b.asPng()))).toBe(true);
  });
});

describe("resvg's allocator options (src/render/docx/resvg.ts)", () => {
  it('are set where the environment has none, and a value the user set is kept', () => {
    const env: NodeJS.ProcessEnv = { MIMALLOC_EAGER_COMMIT_DELAY: '4', PATH: '/bin' };
    tuneResvgAllocator(env);
    expect(env).toEqual({ MIMALLOC_ALLOW_LARGE_OS_PAGES: '1', MIMALLOC_EAGER_COMMIT_DELAY: '4', PATH: '/bin' });
  });

  // resvg's own allocator reports the options it read when its binary loaded (MIMALLOC_VERBOSE): so
  // they are set before the binary loads. Run on the compiled module in a process of its own, where
  // resvg has not been loaded yet; only where resvg's binary links mimalloc (it prints nothing else)
  const compiled = path.join(import.meta.dirname, '..', 'dist', 'render', 'docx', 'resvg.js');
  it.skipIf(!existsSync(compiled))('reach resvg before its binary loads', () => {
    const script = `const { resvgRenderAsync } = await import(${JSON.stringify(pathToFileURL(compiled).href)});
      await (await resvgRenderAsync())('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', { font: { loadSystemFonts: false } });`;
    const env: NodeJS.ProcessEnv = { ...process.env, MIMALLOC_VERBOSE: '1' };
    for (const name of Object.keys(RESVG_ALLOCATOR_ENV)) delete env[name];
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    if (!run.stderr.includes('mimalloc:')) return;
    expect(run.stderr).toMatch(/option 'allow_large_os_pages': 1\b/);
    expect(run.stderr).toMatch(/option 'eager_commit_delay': 0\b/);
  });
});
