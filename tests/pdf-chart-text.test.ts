/**
 * A chart's text in the PDF (render/pdf/chart-text.ts): drawn by the
 * document's own glyph runs at the places the DOCX's chart images use
 * (charts/text-place.ts), the rest of the SVG left to svg-to-pdfkit, and any
 * element it cannot draw exactly left there too.
 */
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BulletinDocument } from '../src/document/blocks.js';
import { renderPdf } from '../src/render/pdf.js';
import { takeChartTexts } from '../src/render/pdf/chart-text.js';
import { prepareFaces } from '../src/render/pdf/fonts.js';

const TEXT = (attrs: string, content: string) =>
  `<text dominant-baseline="central" text-anchor="end" style="font-size:9.5px;font-family:Noto Sans S Chinese;" ${attrs}>${content}</text>`;

const SVG =
  '<svg width="300" height="120" xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 300 120">' +
  '<path d="M60 30L200 30L200 50L60 50Z" fill="#2E5C8A"/>' +
  TEXT('transform="translate(55 40)" fill="#333333"', '南京市儿童医院') +
  TEXT('transform="translate(205 40)" fill="#333333"', '132315') +
  // a rotated label, a translucent one and one in a tspan: left to svg-to-pdfkit
  TEXT('transform="matrix(0.7 -0.7 0.7 0.7 100 100)" fill="#333333"', '旋转') +
  TEXT('transform="translate(100 60)" fill="#333333" opacity="0.5"', '半透明') +
  '<text style="font-size:9px" x="10" y="10">分<tspan>段</tspan></text>' +
  '</svg>';

describe('chart text in the PDF', () => {
  beforeAll(async () => {
    const cps = new Set([...'南京市儿童医院132315旋转半透明分段 0'].map((c) => c.codePointAt(0)!));
    await prepareFaces(new Map([['sans', cps]]));
  });

  it('takes the labels it draws out of the SVG and leaves the rest, with what it cannot draw exactly', () => {
    const { svg, texts } = takeChartTexts(SVG, 'sans');
    expect(texts.map((t) => t.glyphs.map((g) => String.fromCodePoint(g.cp)).join(''))).toEqual(['南京市儿童医院', '132315']);
    expect(svg).not.toContain('南京市儿童医院');
    expect(svg).not.toContain('132315');
    for (const kept of ['旋转', '半透明', '<tspan>段</tspan>', '<path d="M60 30']) expect(svg).toContain(kept);
    // text-anchor end at x = 55 (translate): the text ends there; central: the baseline below y = 40
    const [hospital, count] = texts;
    const width = (t: typeof hospital) => t!.glyphs.reduce((w, g) => w + g.advance, 0) * t!.size;
    expect(hospital!.x + width(hospital)).toBeCloseTo(55, 6);
    expect(count!.x + width(count)).toBeCloseTo(205, 6);
    expect(hospital!.baseline).toBeGreaterThan(40);
    expect(hospital!.baseline).toBeLessThan(40 + 9.5 / 2);
    expect(hospital!.color).toBe('#333333');
  });

  it('draws them as the glyph runs of the embedded sans subset, not as svg-to-pdfkit text', async () => {
    const doc: BulletinDocument = {
      meta: { title: 't', author: 'a', subject: 's', language: 'zh-CN', date: new Date('2020-11-30T00:00:00Z') },
      blocks: [{ type: 'chart', id: 'chart-x', caption: '图1 测试', alt: '测试', svg: SVG.replace(/<text[^>]*opacity[^<]*<\/text>|<text style[^]*?<\/text>|<text[^>]*matrix[^<]*<\/text>/g, ''), width: 300, height: 120 }],
    };
    const pdf = await renderPdf(doc);
    const streams = [...pdf.toString('latin1').matchAll(/stream\r?\n/g)].flatMap((m) => {
      const start = m.index! + m[0].length;
      const end = pdf.indexOf('endstream', start, 'latin1');
      try {
        return [inflateSync(pdf.subarray(start, end)).toString('latin1')];
      } catch {
        return [];
      }
    });
    const content = streams.join('\n');
    // svg-to-pdfkit writes text with Tj; the document's glyph runs are TJ arrays
    expect(content).not.toMatch(/\) Tj|> Tj/);
    expect(content.match(/\] TJ/g)!.length).toBeGreaterThanOrEqual(3);
  });
});
